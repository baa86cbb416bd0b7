/**
 * A short SAC run on one of @prunerl/mujoco's tasks, printing the learning curve: prunerl's
 * `SACAgent` as it stands (PAPER.md's SAC values: Adam 3e-4, gamma 0.99, batch 256, 256x256 MLPs),
 * 1,000 random-policy steps before updates, an evaluation (3 episodes, deterministic actions) every
 * 1,000 steps. A check that the MuJoCo environments and the continuous agent fit together, not a
 * benchmark of returns.
 *
 *   npx tsx --conditions=@prunerl/source tools/learn/mujoco-sac.ts [id=Hopper-v5] [steps=8000] [seed=0]
 */
import { AdamOptimizer, SACAgent } from '@prunerl/agents';
import { initBackend } from '@prunerl/backend';
import type { Box } from '@prunerl/core';
import { makeMujoco } from '@prunerl/mujoco';
import { QNetworkFactory } from '@prunerl/networks';
import { UniformReplayBuffer } from '@prunerl/replay';

const [id = 'Hopper-v5', stepsArg = '8000', seedArg = '0'] = process.argv.slice(2);
const steps = Number(stepsArg);
const seed = Number(seedArg);
await initBackend({ name: 'wasm' });
const env = await makeMujoco(id);
const evalEnv = await makeMujoco(id);
const observationShape = [...env.observationSpace.shape];
const actionSpace = env.actionSpace as Box;
const agent = new SACAgent({
  networkFactory: new QNetworkFactory({ torso: 'mlp', head: 'q', width: 1, hiddenSizes: [256, 256] }),
  replay: new UniformReplayBuffer({ capacity: steps, observationShape, observationDtype: 'float32', actionShape: [...actionSpace.shape], gamma: 0.99 }),
  optimizer: new AdamOptimizer({ learningRate: 3e-4 }),
  hooks: [],
  observationShape,
  actionSpace,
  batchSize: 256,
  minReplayHistory: 1_000,
  rewardScale: 1,
  totalSteps: steps,
  seed,
});

/** Mean return of 3 evaluation episodes with deterministic actions. */
function evaluate(): number {
  let total = 0;
  for (let e = 0; e < 3; e++) {
    let observation = evalEnv.reset({ seed: 10_000 * (seed + 1) + e }).observation;
    for (;;) {
      const step = evalEnv.step(agent.act(observation, 'eval'));
      total += step.reward;
      observation = step.observation;
      if (step.terminated || step.truncated) break;
    }
  }
  return total / 3;
}

const start = performance.now();
const curve = [`0:${evaluate().toFixed(0)}`];
let observation = env.reset({ seed }).observation;
for (let t = 1; t <= steps; t++) {
  const action = agent.act(observation, 'train');
  const step = env.step(action);
  agent.observe({ observation, action, reward: step.reward, nextObservation: step.observation, terminated: step.terminated, truncated: step.truncated });
  observation = step.terminated || step.truncated ? env.reset().observation : step.observation;
  if (t % 1_000 === 0) {
    curve.push(`${t}:${evaluate().toFixed(0)}`);
    console.log(`${id} SAC seed ${seed}, ${t} steps (${((performance.now() - start) / 1000).toFixed(0)} s): mean eval return by step ${curve.join(' ')}`);
  }
}
agent.dispose();
env.close();
evalEnv.close();
