import { Box, ConfigError, Discrete, StateError, type Parameter, type Transition, type TypedArray } from '@prunerl/core';
import { expectNoTensorLeakSync, FakeNetworkFactory, FakeReplayBuffer, RecordingUpdateHook, type HookCall } from '@prunerl/testing';
import { AdamOptimizer } from '../optimizers/adam-optimizer';
import { HalfMaskHook } from '../testing/half-mask-hook.fixture';
import { SACAgent } from './sac-agent';
import type { SACComponents, SACOptions } from './sac-options';

const OBS = [3];
const ACTION_SPACE = new Box({ low: [-2, 0], high: [2, 1], shape: [2], dtype: 'float32' });

function transition(i: number, action: Float32Array): Transition<TypedArray, Float32Array> {
  return {
    observation: Float32Array.of(Math.sin(i), Math.cos(i), i % 5),
    action,
    reward: -Math.abs(action[0]!),
    nextObservation: Float32Array.of(Math.sin(i + 1), Math.cos(i + 1), (i + 1) % 5),
    terminated: false,
    truncated: i % 10 === 9,
  };
}

function makeAgent(options: Partial<SACComponents & SACOptions> = {}): SACAgent {
  return new SACAgent({
    networkFactory: new FakeNetworkFactory({ hidden: [8] }),
    replay: new FakeReplayBuffer({ observationShape: OBS, actionSize: 2 }),
    optimizer: new AdamOptimizer({ learningRate: 1e-2 }),
    observationShape: OBS,
    actionSpace: ACTION_SPACE,
    batchSize: 4,
    minReplayHistory: 8,
    seed: 3,
    ...options,
  });
}

/** Runs `steps` env steps of the fake task, acting with the agent. */
function drive(agent: SACAgent, steps: number, from = 0): void {
  for (let i = from; i < from + steps; i++) {
    const observation = Float32Array.of(Math.sin(i), Math.cos(i), i % 5);
    agent.observe(transition(i, agent.act(observation, 'train')));
  }
}

describe(SACAgent, () => {
  describe('constructor', () => {
    it('should refuse a discrete or unbounded action space and unknown options, naming the field', () => {
      expect(() => makeAgent({ actionSpace: new Discrete(3) as unknown as Box })).toThrow(ConfigError);
      expect(() => makeAgent({ actionSpace: new Discrete(3) as unknown as Box })).toThrow(/^SACAgent.actionSpace: expected a bounded float32 Box/);
      expect(() => makeAgent({ actionSpace: new Box({ low: -Infinity, high: 1, shape: [1], dtype: 'float32' }) })).toThrow(/SACAgent.actionSpace/);
      expect(() => makeAgent({ tau: 0 })).toThrow(/^SACAgent.tau: expected a finite number in \(0, 1\]/);
      expect(() => makeAgent({ epsilonTrain: 0.1 } as never)).toThrow(/epsilonTrain/);
      expect(() => makeAgent({ networkFactory: new FakeNetworkFactory({ hidden: [8], head: { kind: 'q', noisy: true } }) })).toThrow(/^SACAgent.networkFactory.head.noisy: expected a head without NoisyNet layers/);
      expect(() => makeAgent({ replay: new FakeReplayBuffer({ observationShape: OBS, actionSize: 2, prioritized: true }) })).toThrow(/^SACAgent.replay.prioritized: expected a uniform ReplayBuffer/);
    });

    it('should use the rigl SAC defaults of PAPER.md', () => {
      const agent = new SACAgent({
        networkFactory: new FakeNetworkFactory({ hidden: [4] }),
        replay: new FakeReplayBuffer({ observationShape: OBS, actionSize: 2 }),
        optimizer: new AdamOptimizer({ learningRate: 3e-4 }),
        observationShape: OBS,
        actionSpace: ACTION_SPACE,
      });
      expect(agent.settings).toMatchObject({ batchSize: 256, minReplayHistory: 1_000, updatePeriod: 1, tau: 0.005, targetUpdatePeriod: 1, rewardScale: 0.1, initialLogAlpha: 0 });
      expect(agent.targetEntropy).toBe(-2);
      expect(agent.alpha).toBe(1);
      agent.dispose();
    });
  });

  describe('.act', () => {
    it('should act uniformly in the box during the initial collect, then squash the policy onto the box', () => {
      const agent = makeAgent();
      const observation = Float32Array.of(0.1, 0.2, 0.3);
      const early = agent.act(observation, 'train');
      expect(early).toBeInstanceOf(Float32Array);
      expect(ACTION_SPACE.contains(early)).toBe(true);
      drive(agent, 12);
      for (let i = 0; i < 20; i++) expect(ACTION_SPACE.contains(agent.act(observation, 'train'))).toBe(true);
      expect(agent.act(observation, 'eval')).toEqual(agent.act(observation, 'eval'));
      expect(agent.actBatch(Float32Array.of(1, 2, 3, 4, 5, 6), 2, 'eval')).toHaveLength(4);
      agent.dispose();
    });
  });

  describe('.observe', () => {
    it('should refuse an action of the wrong shape or with NaN, naming the field', () => {
      const agent = makeAgent();
      expect(() => agent.observe(transition(0, Float32Array.of(1)))).toThrow(/^observe\(transition\).action: expected a Float32Array of 2 values/);
      expect(() => agent.observe(transition(0, Float32Array.of(1, Number.NaN)))).toThrow(/^observe\(transition\).action\[1\]: expected a finite number, got NaN/);
      agent.dispose();
    });

    it('should train once per step after the initial collect, move alpha, and leak no tensors', () => {
      const agent = makeAgent();
      drive(agent, 8);
      expect(agent.updates).toBe(0);
      drive(agent, 1, 8); // the first update creates the optimiser's slots
      expectNoTensorLeakSync(() => drive(agent, 9, 9));
      expect(agent.updates).toBe(10);
      expect(agent.alpha).not.toBe(1);
      const metrics = agent.metrics();
      for (const name of ['critic_loss', 'actor_loss', 'alpha_loss', 'alpha', 'entropy']) expect(Number.isFinite(metrics[name])).toBe(true);
      agent.dispose();
    });
  });

  describe('hooks', () => {
    it('should show hooks the actor and both critics under prefixed names, counting gradient steps', () => {
      const log: HookCall[] = [];
      const hook = new RecordingUpdateHook('rec', log);
      const half = new HalfMaskHook();
      const agent = makeAgent({ hooks: [hook, half], totalSteps: 20 });
      drive(agent, 11);
      expect(log.filter((c) => c.method === 'afterUpdate').map((c) => [c.step, c.trainingFraction])).toEqual([
        [1, 1 / 12],
        [2, 2 / 12],
        [3, 3 / 12],
      ]);
      const prefixes = new Set(half.seen.map((p) => p.name.split('/')[0]));
      expect([...prefixes]).toEqual(['actor', 'critic1', 'critic2']);
      agent.dispose();
    });

    it('should keep masks on every pruned network, the Polyak-averaged target critics included', () => {
      const half = new HalfMaskHook();
      const agent = makeAgent({ hooks: [half], tau: 0.5 });
      drive(agent, 30);
      const zerosWhereMasked = (parameters: readonly Parameter[], prefix: string): number => {
        let checked = 0;
        for (const p of parameters) {
          if (p.role !== 'kernel') continue;
          const mask = half.masks.get(`${prefix}/${p.name}`)!.dataSync();
          const values = p.variable.dataSync();
          mask.forEach((m, i) => {
            if (m === 0) {
              expect(Math.abs(values[i]!)).toBe(0);
              checked += 1;
            }
          });
        }
        return checked;
      };
      expect(zerosWhereMasked(agent.actor.parameters(), 'actor')).toBeGreaterThan(0);
      for (const i of [0, 1]) {
        expect(zerosWhereMasked(agent.critics[i]!.parameters(), `critic${i + 1}`)).toBeGreaterThan(0);
        expect(zerosWhereMasked(agent.targetCritics[i]!.parameters(), `critic${i + 1}`)).toBeGreaterThan(0);
        // The targets still move: they are not copies of the critics at tau 0.5 after 22 updates.
        const target = agent.targetCritics[i]!.parameters()[0]!.variable.dataSync();
        expect(Array.from(target).some((v) => v !== 0)).toBe(true);
      }
      agent.dispose();
    });
  });

  describe('.state', () => {
    it('should continue bit-identically after restore into a fresh agent, and refuse a state of another kind', () => {
      const a = makeAgent();
      drive(a, 20);
      const saved = a.state();
      const replay = new FakeReplayBuffer({ observationShape: OBS, actionSize: 2 });
      const b = makeAgent({ replay });
      return (async () => {
        await replay.restore(a.replay.state());
        b.restore(saved);
        drive(a, 6, 20);
        drive(b, 6, 20);
        const observation = Float32Array.of(0.5, 0.5, 1);
        expect(b.act(observation, 'train')).toEqual(a.act(observation, 'train'));
        expect(b.alpha).toBe(a.alpha);
        expect(b.metrics()['critic_loss']).toBe(a.metrics()['critic_loss']);
        expect(() => b.restore({ ...saved, kind: 'dqn' })).toThrow(StateError);
        a.dispose();
        b.dispose();
      })();
    });
  });
});
