import { Rng } from '@prunerl/core';
import { UniformReplayBuffer, PrioritizedReplayBuffer } from './src/index';
const b = new UniformReplayBuffer({ capacity: 20, observationShape: [1], observationDtype: 'float32', nStep: 3, gamma: 0.5 });
let id = 0;
function ep(len: number, end: 'term' | 'trunc' | 'none') {
  for (let t = 0; t < len; t++) {
    const last = t === len - 1;
    b.add({ observation: Float32Array.of(id), action: id, reward: 2 ** t, nextObservation: Float32Array.of(last && end !== 'none' ? id + 0.5 : id + 1), terminated: last && end === 'term', truncated: last && end === 'trunc' });
    id++;
  }
  if (end !== 'none') id++;
}
ep(5, 'term'); ep(4, 'trunc'); ep(6, 'none');
console.log(b.stats, b.size);
const batch = b.sample(10, Rng.fromSeed(1));
for (let i = 0; i < 10; i++) console.log(batch.indices[i], batch.observations[i], batch.actions[i], batch.rewards[i], batch.discounts[i], batch.nextObservations[i]);
const p = new PrioritizedReplayBuffer({ capacity: 20, observationShape: [1], observationDtype: 'float32', nStep: 1 });
for (let i = 0; i < 30; i++) p.add({ observation: Float32Array.of(i), action: 0, reward: 0, nextObservation: Float32Array.of(i + 1), terminated: false, truncated: false });
console.log(p.stats, p.sample(4, Rng.fromSeed(2)));
