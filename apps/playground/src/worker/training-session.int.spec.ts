import { decodePolicy } from '@prunerl/networks';
import * as tf from '@tensorflow/tfjs-core';
import type { WorkerMessage } from '../protocol';
import { DEFAULT_SETTINGS } from '../settings';
import { PolicySession } from './policy-session';
import { TrainingSession } from './training-session';

const settings = { ...DEFAULT_SETTINGS, iterations: 2, stepsPerIteration: 400, sparsity: 0.8, evalEpisodes: 1 };
const until = async (condition: () => boolean, ms = 60_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

describe(TrainingSession.name, () => {
  it('should train, pause, finish at the target sparsity, save a policy that plays, and free every tensor', async () => {
    const before = tf.memory().numTensors;
    const messages: WorkerMessage[] = [];
    const session = new TrainingSession(settings, (m) => messages.push(m));
    const progress = () => messages.flatMap((m) => (m.type === 'progress' ? [m.progress] : []));
    session.resume();
    await until(() => (progress().at(-1)?.totalSteps ?? 0) > 150);
    await session.pause();
    const paused = progress().at(-1)!;
    expect(paused.state).toBe('paused');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(progress().at(-1)!.totalSteps).toBe(paused.totalSteps);

    session.resume();
    await until(() => progress().at(-1)?.state === 'complete');
    const last = progress().at(-1)!;
    expect(last.totalSteps).toBeGreaterThanOrEqual(800);
    expect(last.sparsity).toBeCloseTo(0.8, 2);
    expect(messages.filter((m) => m.type === 'iteration')).toHaveLength(2);
    expect(messages.some((m) => m.type === 'episode')).toBe(true);
    const greedy = messages.find((m) => m.type === 'frames' && m.source === 'greedy');
    expect(greedy && greedy.type === 'frames' && greedy.frames[0]!.kind).toBe('grid');
    const layers = messages.filter((m) => m.type === 'sparsity').at(-1);
    expect(layers?.type === 'sparsity' && layers.layers.map((l) => l.name)).toEqual(['torso/conv/kernel', 'torso/dense/kernel', 'head/dense/kernel']);

    const bytes = session.savePolicy();
    const { spec, masks } = decodePolicy(bytes);
    expect(spec).toMatchObject({ agent: 'dqn', environment: { id: 'MinAtar/Breakout-v1' } });
    expect(Object.keys(masks)).toHaveLength(3);
    await session.dispose();
    expect(tf.memory().numTensors).toBe(before);

    const played: WorkerMessage[] = [];
    const policy = new PolicySession(bytes, 'policy.bin', (m) => played.push(m));
    policy.play(240);
    await until(() => policy.stepsPlayed >= 20);
    policy.dispose();
    expect(played[0]).toMatchObject({ type: 'loaded', environment: 'MinAtar/Breakout-v1', agent: 'dqn' });
    expect(played.filter((m) => m.type === 'frames').length).toBeGreaterThanOrEqual(20);
    expect(tf.memory().numTensors).toBe(before);
  }, 120_000);
});
