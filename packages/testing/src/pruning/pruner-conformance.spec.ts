import { StateError, type Parameter, type Pruner, type SparsityReport, type UpdateContext } from '@prunerl/core';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { ConformanceError } from '../conformance/test-api';
import { prunerConformance, prunerConformanceChecks, type PrunerFactory } from './pruner-conformance';

type Flaw = 'none' | 'no-remask' | 'wrong-report' | 'leak' | 'unseeded' | 'lenient-restore' | 'forgetful-restore';

/**
 * A deliberately small pruner for testing the suite: on update 5 it keeps, in every kernel, the
 * entries whose seeded hash is below 1/2. `flaw` breaks one property the suite checks.
 */
class HashPruner implements Pruner {
  readonly name = 'hash';
  private readonly maskMap = new Map<string, tf.Tensor>();
  private parameters: readonly Parameter[] = [];
  private readonly leaked: tf.Tensor[] = [];

  constructor(
    private readonly seed: number,
    private readonly flaw: Flaw = 'none',
  ) {}

  masks(): ReadonlyMap<string, tf.Tensor> {
    return this.maskMap;
  }

  beforeUpdate(context: UpdateContext): void {
    this.parameters = context.parameters;
    if (this.flaw === 'leak') this.leaked.push(tf.ones([1]));
    if (context.step !== 5) return;
    const salt = this.flaw === 'unseeded' ? Math.random() : this.seed;
    for (const p of context.parameters) {
      if (p.variable.rank < 2) continue;
      const values = Float32Array.from({ length: p.variable.size }, (_, i) => (Math.sin((i + 1) * 12.9898 + salt * 78.233) * 43758.5453) % 1 < 0 ? 1 : 0);
      this.maskMap.get(p.name)?.dispose();
      this.maskMap.set(p.name, tf.tensor(values, p.variable.shape));
    }
  }

  afterUpdate(context: UpdateContext): void {
    this.parameters = context.parameters;
    if (this.flaw === 'no-remask') return;
    tf.tidy(() => {
      for (const p of context.parameters) {
        const m = this.maskMap.get(p.name);
        if (m) p.variable.assign(tf.mul(p.variable, m));
      }
    });
  }

  sparsity(): SparsityReport {
    const layers = this.parameters
      .filter((p) => this.maskMap.has(p.name))
      .map((p) => {
        const nonzero = (p.variable.dataSync() as Float32Array).reduce((a, v) => a + (v !== 0 ? 1 : 0), 0);
        return { name: p.name, size: p.variable.size, nonzero, sparsity: 1 - nonzero / p.variable.size, target: 0.5 };
      });
    const size = layers.reduce((a, l) => a + l.size, 0);
    const nonzero = layers.reduce((a, l) => a + l.nonzero, 0);
    const all = this.parameters.reduce((a, p) => a + p.variable.size, 0);
    const allNonzero = this.parameters.reduce((a, p) => a + (p.variable.dataSync() as Float32Array).reduce((b, v) => b + (v !== 0 ? 1 : 0), 0), 0);
    const overall = this.flaw === 'wrong-report' ? 0.5 : 1 - nonzero / size;
    return { overall, target: 0.5, total: 1 - allNonzero / all, nonzero, size, layers };
  }

  state(): unknown {
    return { masks: Object.fromEntries([...this.maskMap].map(([k, m]) => [k, { shape: m.shape, values: Array.from(m.dataSync()) }])) };
  }

  restore(state: unknown): void {
    const masks = (state as { masks?: Record<string, { shape: number[]; values: number[] }> }).masks;
    if (!masks) {
      if (this.flaw === 'lenient-restore') return;
      throw new StateError({ field: 'hash.restore', value: state, expected: 'a hash pruner state' });
    }
    if (this.flaw === 'forgetful-restore') return;
    for (const [k, r] of Object.entries(masks)) this.maskMap.set(k, tf.tensor(r.values, r.shape));
  }

  dispose(): void {
    tf.dispose([...this.maskMap.values(), ...this.leaked]);
    this.maskMap.clear();
  }
}

beforeAll(async () => {
  tf.env().set('IS_TEST', true);
  await tf.setBackend('cpu');
});

prunerConformance('HashPruner', ({ seed }) => new HashPruner(seed), { steps: 12 });

describe('prunerConformanceChecks', () => {
  const failing = async (flaw: Flaw): Promise<string[]> => {
    const factory: PrunerFactory = ({ seed }) => new HashPruner(seed, flaw);
    const failed: string[] = [];
    for (const c of prunerConformanceChecks(factory, { steps: 12 })) {
      try {
        await c.run();
      } catch (error) {
        expect(error).toBeInstanceOf(ConformanceError);
        failed.push(c.name);
      }
    }
    return failed;
  };

  it('should catch weights that are not re-masked after an update', async () => {
    expect(await failing('no-remask')).toEqual([
      'should keep masked weights exactly zero after every update',
      'should keep masked weights exactly zero after every update with kept gradients (where re-masking may be skipped)',
    ]);
  });

  it('should catch a report that is not what the weights say', async () => {
    expect(await failing('wrong-report')).toEqual(['should report the sparsity it measures on the weights']);
  });

  it('should catch leaked tensors', async () => {
    expect(await failing('leak')).toEqual(['should not leak tensors']);
  });

  it('should catch a pruner that ignores its seed', async () => {
    expect(await failing('unseeded')).toEqual(['should be deterministic under a seed']);
  });

  it('should catch a restore that loses the masks', async () => {
    expect(await failing('forgetful-restore')).toEqual(['should continue identically after state() and restore()']);
  });

  it('should catch a restore that accepts anything', async () => {
    expect(await failing('lenient-restore')).toEqual(['should refuse a state that is not its own']);
  });
});
