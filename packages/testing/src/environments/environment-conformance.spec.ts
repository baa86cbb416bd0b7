import { Box, Discrete, EnvironmentError, Rng, type Environment, type ResetResult, type StepResult } from '@prunerl/core';
import { ConformanceError } from '../conformance/test-api';
import { environmentConformance, environmentConformanceChecks } from './environment-conformance';
import { ScriptedRandomSource } from './scripted-random-source';

interface Flaws {
  outOfSpace?: boolean;
  ignoresSeed?: boolean;
  reusesObservation?: boolean;
  acceptsBadActions?: boolean;
  stepsAfterEnd?: boolean;
}

/** A random walk on 0..9 that ends at either edge; each flaw breaks one rule of the contract. */
class WalkEnv implements Environment<Float32Array, number> {
  private static entropy = 1;
  readonly observationSpace = new Box({ low: 0, high: 9, shape: [1], dtype: 'float32' });
  readonly actionSpace = new Discrete(2);
  private position = 5;
  private phase: 'new' | 'running' | 'ended' = 'new';
  private rng = Rng.fromSeed(WalkEnv.entropy++);
  private readonly buffer = new Float32Array(1);
  constructor(private readonly flaws: Flaws = {}) {}
  get unwrapped(): this {
    return this;
  }
  reset(options: { seed?: number } = {}): ResetResult<Float32Array> {
    // As in Gymnasium, a seed restarts the stream and a reset without one continues it.
    if (options.seed !== undefined) this.rng = Rng.fromSeed(this.flaws.ignoresSeed ? WalkEnv.entropy++ : options.seed);
    this.position = 3 + this.rng.uniformInt(0, 4);
    this.phase = 'running';
    return { observation: this.observe(), info: {} };
  }
  step(action: number): StepResult<Float32Array> {
    const allowed = this.phase === 'running' || (this.phase === 'ended' && this.flaws.stepsAfterEnd);
    if (!allowed) throw new EnvironmentError({ field: 'step(action)', value: action, expected: 'a running episode' });
    if (!this.actionSpace.contains(action) && !this.flaws.acceptsBadActions) {
      throw new EnvironmentError({ field: 'step(action)', value: action, expected: 'an action of Discrete(2)' });
    }
    this.position += (action === 1 ? 1 : -1) * (this.rng.uniform() < 0.8 ? 1 : 0);
    const terminated = this.position <= 0 || this.position >= 9;
    if (terminated) this.phase = 'ended';
    return { observation: this.observe(), reward: terminated ? 1 : 0, terminated, truncated: false, info: {} };
  }
  close(): void {}
  private observe(): Float32Array {
    const out = this.flaws.reusesObservation ? this.buffer : new Float32Array(1);
    out[0] = this.flaws.outOfSpace ? this.position + 20 : this.position;
    return out;
  }
}

async function failures(flaws: Flaws): Promise<string[]> {
  const failed: string[] = [];
  for (const c of environmentConformanceChecks(() => new WalkEnv(flaws), { steps: 60 })) {
    try {
      await c.run();
    } catch (error) {
      if (!(error instanceof ConformanceError)) throw error;
      failed.push(c.name);
    }
  }
  return failed;
}

describe(environmentConformanceChecks, () => {
  it('should pass an environment that keeps the contract', async () => {
    expect(await failures({})).toEqual([]);
  });

  it('should catch observations outside the space', async () => {
    expect(await failures({ outOfSpace: true })).toEqual(['should keep every observation in its space and return well-formed steps']);
  });

  it('should catch an environment that ignores the seed', async () => {
    expect(await failures({ ignoresSeed: true })).toEqual([
      'should replay the same trajectory under the same seed',
      'should restart the same way when reset twice with one seed',
    ]);
  });

  it('should catch reused observation arrays', async () => {
    expect(await failures({ reusesObservation: true })).toContain('should hand out a fresh observation array on every call');
  });

  it('should catch missing misuse errors', async () => {
    expect(await failures({ acceptsBadActions: true, stepsAfterEnd: true })).toEqual([
      'should throw an EnvironmentError naming the value for actions outside the space',
      'should throw an EnvironmentError when stepping after the episode ended',
    ]);
  });
});

environmentConformance('WalkEnv', () => new WalkEnv(), { steps: 60 });

describe(ScriptedRandomSource, () => {
  it('should hand out scripted values in order, record them and reject values that do not fit', () => {
    const source = new ScriptedRandomSource([0.25, 3, 1.5]);
    expect(source.random()).toBe(0.25);
    expect(source.randint(0, 4)).toBe(3);
    expect(source.draws).toEqual([
      { kind: 'random', value: 0.25 },
      { kind: 'randint', low: 0, high: 4, value: 3 },
    ]);
    expect(() => source.random()).toThrow(/random\(\) was scripted 1\.5, outside \[0, 1\)/);
    expect(() => source.random()).toThrow(/after the script ran out/);
    const computed = new ScriptedRandomSource((call) => (call.kind === 'random' ? 0.5 : call.low));
    expect([computed.random(), computed.randint(2, 5)]).toEqual([0.5, 2]);
  });
});
