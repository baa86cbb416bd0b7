import { Box, ConfigError, Discrete, StateError, type Action, type NamedGradients, type Parameter, type UpdateHook } from '@prunerl/core';
import * as tf from '@tensorflow/tfjs-core';
import { expectNoTensorLeakSync, FakeNetworkFactory, RecordingUpdateHook, type HookCall } from '@prunerl/testing';
import { AdamOptimizer } from '../optimizers/adam-optimizer';
import { HalfMaskHook } from '../testing/half-mask-hook.fixture';
import { PPOAgent } from './ppo-agent';
import type { PPOComponents, PPOOptions } from './ppo-options';

const OBS = [3];
const BOX = new Box({ low: [-2, 0], high: [2, 1], shape: [2], dtype: 'float32' });

function makeAgent(options: Partial<PPOComponents & PPOOptions> = {}): PPOAgent {
  return new PPOAgent({
    networkFactory: new FakeNetworkFactory({ hidden: [8] }),
    optimizer: new AdamOptimizer({ learningRate: 1e-2 }),
    observationShape: OBS,
    actionSpace: BOX,
    rolloutSteps: 8,
    minibatchSize: 4,
    epochs: 2,
    seed: 3,
    ...options,
  });
}

const observationAt = (i: number): Float32Array => Float32Array.of(Math.sin(i), Math.cos(i), i % 5);

/** Runs `steps` env steps of a fake task (reward: minus the first action entry's size), acting with the agent. */
function drive(agent: PPOAgent, steps: number, from = 0): void {
  for (let i = from; i < from + steps; i++) {
    const action = agent.act(observationAt(i), 'train');
    const reward = typeof action === 'number' ? action : -Math.abs(action[0]!);
    agent.observe({ observation: observationAt(i), action, reward, nextObservation: observationAt(i + 1), terminated: i % 7 === 6, truncated: i % 10 === 9 });
  }
}

describe(PPOAgent, () => {
  describe('constructor', () => {
    it('should refuse bad options and combinations, naming the field', () => {
      expect(() => makeAgent({ actionSpace: new Box({ low: -Infinity, high: 1, shape: [1], dtype: 'float32' }) })).toThrow(/^PPOAgent.actionSpace: expected a bounded float32 Box .* or a Discrete space/);
      expect(() => makeAgent({ clipRatio: 1 })).toThrow(/^PPOAgent.clipRatio/);
      expect(() => makeAgent({ rolloutSteps: 10, minibatchSize: 4 })).toThrow(/^PPOAgent.minibatchSize: expected a divisor of rolloutSteps \(10\)/);
      expect(() => makeAgent({ rolloutSteps: 4, minibatchSize: 1 })).toThrow(/^PPOAgent.minibatchSize: expected at least 2 when normalizeAdvantages is true/);
      expect(() => makeAgent({ batchSize: 4 } as never)).toThrow(ConfigError);
      expect(() => makeAgent({ networkFactory: new FakeNetworkFactory({ hidden: [8], head: { kind: 'q', noisy: true } }) })).toThrow(/^PPOAgent.networkFactory.head.noisy: expected a head without NoisyNet layers/);
    });

    it("should use the MuJoCo defaults of Schulman et al. (2017), the rigl PPO's 320 gradient steps per 2,048 env steps", () => {
      const agent = new PPOAgent({ networkFactory: new FakeNetworkFactory({ hidden: [4] }), optimizer: new AdamOptimizer(), observationShape: OBS, actionSpace: BOX, totalSteps: 489 * 2048 });
      expect(agent.settings).toMatchObject({ rolloutSteps: 2048, minibatchSize: 64, epochs: 10, discount: 0.99, gaeLambda: 0.95, clipRatio: 0.2, valueCoefficient: 0.5, entropyCoefficient: 0, maxGradNorm: 0.5 });
      expect(agent.totalUpdates).toBe(156_480); // PAPER.md, "PPO MuJoCo (rigl TF code)"
      agent.dispose();
    });
  });

  describe('acting and observing', () => {
    it('should send the box a clipped Gaussian sample in train mode and the clipped mean in eval mode', () => {
      const agent = makeAgent({ initialLogStd: 2 }); // std e^2: most samples leave the box
      const actions = Array.from({ length: 10 }, () => {
        const a = agent.act(observationAt(0), 'train') as Float32Array;
        agent.observe({ observation: observationAt(0), action: a, reward: 0, nextObservation: observationAt(1), terminated: false, truncated: false });
        return a;
      });
      for (const a of actions) expect(BOX.contains(a)).toBe(true);
      expect(actions.some((a) => a[0] === 2 || a[0] === -2)).toBe(true);
      expect(agent.act(observationAt(0), 'eval')).toEqual(agent.act(observationAt(0), 'eval'));
      agent.dispose();
    });

    it('should refuse an observe that does not report the pending train action, and acting twice before it', () => {
      const agent = makeAgent();
      const t = { observation: observationAt(0), reward: 0, nextObservation: observationAt(1), terminated: false, truncated: false };
      expect(() => agent.observe({ ...t, action: Float32Array.of(0, 0) })).toThrow(/^observe\(transition\): expected a transition of an action from act/);
      const a = agent.act(observationAt(0), 'train') as Float32Array;
      expect(() => agent.act(observationAt(0), 'train')).toThrow(StateError);
      expect(() => agent.state()).toThrow(/pending train action/);
      expect(() => agent.observe({ ...t, action: Float32Array.of(a[0]! + 1, a[1]!) })).toThrow(/^observe\(transition\).action: expected the action act\(\) gave/);
      expect(() => agent.observe({ ...t, action: a, reward: Number.NaN })).toThrow(/^observe\(transition\).reward: expected a finite number/);
      agent.observe({ ...t, action: a });
      expect(agent.rolloutSize).toBe(1);
      agent.dispose();
    });

    it('should train epochs x rollout / minibatch gradient steps when a rollout is full, and leak no tensors', () => {
      const agent = makeAgent();
      drive(agent, 7);
      expect(agent.updates).toBe(0);
      drive(agent, 1, 7); // the first update creates the optimiser's slots
      expect(agent.updates).toBe(4);
      expect(agent.rolloutSize).toBe(0);
      expectNoTensorLeakSync(() => drive(agent, 16, 8));
      expect(agent.updates).toBe(12);
      const metrics = agent.metrics();
      for (const name of ['loss', 'policy_loss', 'value_loss', 'entropy', 'approx_kl', 'clip_fraction', 'grad_norm']) expect(Number.isFinite(metrics[name])).toBe(true);
      agent.dispose();
    });

    it('should clip the global gradient norm to maxGradNorm before the hooks see the gradients', () => {
      const norms: number[] = [];
      const probe: UpdateHook = {
        name: 'norm',
        transformGradients: (gradients: NamedGradients) => {
          norms.push(tf.tidy(() => Math.sqrt(tf.addN([...gradients.values()].map((g) => tf.sum(tf.square(g)))).dataSync()[0]!)));
          return gradients;
        },
        afterUpdate: () => undefined,
      };
      const agent = makeAgent({ maxGradNorm: 1e-3, hooks: [probe] });
      drive(agent, 8);
      expect(agent.metrics()['grad_norm']).toBeGreaterThan(1e-3); // the norm before clipping
      expect(norms).toHaveLength(4);
      for (const norm of norms) expect(norm).toBeCloseTo(1e-3, 6);
      agent.dispose();
    });

    it('should act for several environment streams with actBatch and run GAE along each', () => {
      const agent = makeAgent({ actionSpace: new Discrete(3), rolloutSteps: 8 });
      for (let t = 0; t < 4; t++) {
        const observations = new Float32Array([...observationAt(t), ...observationAt(t + 100)]);
        const actions = agent.actBatch(observations, 2, 'train') as unknown as Int32Array;
        expect(actions).toBeInstanceOf(Int32Array);
        actions.forEach((action, stream) => {
          const o = observationAt(t + 100 * stream);
          agent.observe({ observation: o, action, reward: action, nextObservation: observationAt(t + 1 + 100 * stream), terminated: false, truncated: false });
        });
      }
      expect(agent.updates).toBe(4);
      // 3 streams do not fit a rollout of 8: rows acted for before an update would be observed after it.
      expect(() => agent.actBatch(new Float32Array(9), 3, 'train')).toThrow(/^PPOAgent.actBatch\(count\): expected a count that divides the 8 transitions left in the rollout/);
      expect(agent.actBatch(new Float32Array(9), 3, 'eval')).toHaveLength(3);
      agent.dispose();
    });
  });

  describe('hooks', () => {
    it('should show hooks the policy and the value network under prefixed names, counting gradient steps, masks holding', () => {
      const log: HookCall[] = [];
      const half = new HalfMaskHook();
      const agent = makeAgent({ hooks: [new RecordingUpdateHook('rec', log), half], totalSteps: 16 });
      drive(agent, 16);
      expect(log.filter((c) => c.method === 'afterUpdate').map((c) => c.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      expect(log.filter((c) => c.method === 'afterUpdate').at(-1)!.trainingFraction).toBe(1);
      expect([...new Set(half.seen.map((p) => p.name.split('/')[0]))]).toEqual(['policy', 'value']);
      let checked = 0;
      const check = (parameters: readonly Parameter[], prefix: string): void => {
        for (const p of parameters.filter((q) => q.role === 'kernel')) {
          const mask = half.masks.get(`${prefix}/${p.name}`)!.dataSync();
          const values = p.variable.dataSync();
          mask.forEach((m, i) => {
            if (m === 0) {
              expect(Math.abs(values[i]!)).toBe(0);
              checked += 1;
            }
          });
        }
      };
      check(agent.policy.parameters(), 'policy');
      check(agent.valueNetwork.parameters(), 'value');
      expect(checked).toBeGreaterThan(0);
      agent.dispose();
    });
  });

  describe('.state', () => {
    it.each([
      ['a box', BOX],
      ['a discrete space', new Discrete(3)],
    ])('should continue bit-identically after a restore mid-rollout (%s), and refuse a state of another kind', (_, actionSpace) => {
      const a = makeAgent({ actionSpace });
      drive(a, 13); // one update, 5 transitions of the next rollout
      const saved = a.state();
      const b = makeAgent({ actionSpace, seed: 99 });
      b.restore(saved);
      expect(b.rolloutSize).toBe(5);
      drive(a, 6, 13);
      drive(b, 6, 13);
      const probe: Action[] = [a.act(observationAt(50), 'eval'), b.act(observationAt(50), 'eval')];
      expect(probe[1]).toEqual(probe[0]);
      expect(b.metrics()['loss']).toBe(a.metrics()['loss']);
      expect(b.updates).toBe(8);
      expect(() => b.restore({ ...saved, kind: 'sac' })).toThrow(StateError);
      expect(() => b.restore({ ...saved, rollout: { ...(saved['rollout'] as object), length: 9 } })).toThrow(/^PPOAgent state.rollout.length/);
      a.dispose();
      b.dispose();
    });
  });
});
