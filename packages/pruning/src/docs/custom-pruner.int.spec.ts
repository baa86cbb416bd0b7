// The code of docs/custom-pruner.md, run as a test. Every ```ts block of that page must appear
// verbatim in this file (checked at the bottom), so the page cannot drift from working code.
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rng, TOKENS, pruners, type Pruner, type UpdateHook } from '@prunerl/core';
import { createToyParameters, disposeParameters, mlpParameterSpecs, prunerConformance, runHookedUpdates } from '@prunerl/testing';
import { Container } from 'inversify';
import { pruningModule } from '../inversify/pruning-module';

// ---- docs: the pruner ----
import type { UpdateContext } from '@prunerl/core';
import { MaskedPruner, type SparsityTargets } from '@prunerl/pruning';
import * as tf from '@tensorflow/tfjs-core';

/** Keeps, for every output neuron, its `k` incoming weights of largest magnitude, from `atStep` on. */
export class TopKPerNeuronPruner extends MaskedPruner {
  constructor(private readonly options: { k: number; atStep: number }) {
    super({ name: 'topk-per-neuron', prunable: { roles: ['kernel'] } });
  }

  protected override onBeforeUpdate(context: UpdateContext): void {
    if (context.step !== this.options.atStep) return; // prune once, then keep the mask
    const masks = new Map<string, tf.Tensor>();
    for (const p of this.prunable) {
      const mask = tf.tidy(() => {
        const fanOut = p.variable.shape[p.variable.rank - 1]!;
        const columns = tf.transpose(tf.reshape(tf.abs(p.variable), [-1, fanOut])); // [out, in]
        const k = Math.min(this.options.k, columns.shape[1]!);
        const kth = tf.min(tf.topk(columns, k).values, 1, true); // each neuron's threshold
        return tf.reshape(tf.transpose(tf.cast(tf.greaterEqual(columns, kth), 'float32')), p.variable.shape);
      });
      masks.set(p.name, mask);
    }
    this.replaceMasks(masks); // the base class masks the weights after every update
  }

  protected override targets(step: number): SparsityTargets {
    const layers = new Map<string, number>();
    for (const p of this.prunable) {
      const fanIn = p.variable.size / p.variable.shape[p.variable.rank - 1]!;
      layers.set(p.name, step < this.options.atStep ? 0 : 1 - Math.min(this.options.k, fanIn) / fanIn);
    }
    const size = this.prunable.reduce((a, p) => a + p.variable.size, 0);
    const overall = this.prunable.reduce((a, p) => a + layers.get(p.name)! * p.variable.size, 0) / size;
    return { overall, layers };
  }
}
// ---- end of the pruner ----

describe('docs/custom-pruner.md', () => {
  // The page shows console output in comments; capture it and check it instead of printing it.
  let logged: unknown[] = [];
  beforeEach(() => {
    logged = [];
    jest.spyOn(console, 'log').mockImplementation((value: unknown) => void logged.push(value));
  });
  afterEach(() => jest.restoreAllMocks());

  it('should plug in through the constructor hooks (the fake training loop plays the agent)', () => {
    // ---- docs: constructor ----
    const parameters = createToyParameters(mlpParameterSpecs([16, 32, 4]), { seed: 1 });
    const pruner = new TopKPerNeuronPruner({ k: 4, atStep: 10 });
    runHookedUpdates({ parameters, hooks: [pruner], steps: 20 });
    console.log(pruner.sparsity().layers.map((l) => `${l.name}: ${l.sparsity.toFixed(3)}`));
    // torso/dense1/kernel: 0.750, head/dense/kernel: 0.875
    // ---- end of constructor ----
    expect(logged).toEqual([['torso/dense1/kernel: 0.750', 'head/dense/kernel: 0.875']]);
    const [first, head] = pruner.sparsity().layers;
    expect(first!.sparsity).toBe(0.75); // 4 of 16 inputs kept per neuron
    expect(head!.sparsity).toBe(0.875); // 4 of 32
    const kernel = parameters[0]!.variable.arraySync() as number[][];
    for (let j = 0; j < 32; j++) expect(kernel.filter((row) => row[j] !== 0)).toHaveLength(4);
    pruner.dispose();
    disposeParameters(parameters);
  });

  it('should plug in through the container, next to or instead of the default pruner', async () => {
    // ---- docs: container ----
    const container = new Container();
    container.bind(TOKENS.TotalUpdates).toConstantValue(100_000);
    await container.load(pruningModule({ pruner: 'gmp' }));
    // Add it next to the GMP pruner (UpdateHook is multi-bound) ...
    container.bind<UpdateHook>(TOKENS.UpdateHook).toConstantValue(new TopKPerNeuronPruner({ k: 8, atStep: 1000 }));
    console.log(container.getAll<UpdateHook>(TOKENS.UpdateHook).map((h) => h.name)); // [ 'gmp', 'topk-per-neuron' ]
    // ... or replace the pruner itself.
    (await container.rebind<Pruner>(TOKENS.Pruner)).toConstantValue(new TopKPerNeuronPruner({ k: 8, atStep: 1000 }));
    console.log(container.getAll<UpdateHook>(TOKENS.UpdateHook).map((h) => h.name)); // [ 'topk-per-neuron', 'topk-per-neuron' ]
    // ---- end of container ----
    expect(logged).toEqual([['gmp', 'topk-per-neuron'], ['topk-per-neuron', 'topk-per-neuron']]);
    expect(container.get<Pruner>(TOKENS.Pruner)).toBeInstanceOf(TopKPerNeuronPruner);
  });

  it('should plug in by name through the registry', () => {
    // ---- docs: registry ----
    pruners.register('topk-per-neuron', (options) => new TopKPerNeuronPruner({ k: Number(options.k ?? 8), atStep: Number(options.atStep ?? 0) }), {
      description: 'Keep the k largest incoming weights of every neuron',
    });
    // A config saying `pruner: topk-per-neuron` now builds it (as the runner does):
    const hook = pruners.get('topk-per-neuron')({ k: 4, atStep: 100 }, { rng: Rng.fromSeed(0) });
    // ---- end of registry ----
    expect(hook).toBeInstanceOf(TopKPerNeuronPruner);
    pruners.unregister('topk-per-neuron');
  });

  it('should show the page the same code as this file', () => {
    const page = readFileSync(join(__dirname, '../../../../docs/custom-pruner.md'), 'utf8');
    const source = readFileSync(__filename, 'utf8');
    const blocks = [...page.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!.trimEnd());
    expect(blocks.length).toBeGreaterThanOrEqual(5);
    const flat = (text: string): string => text.replace(/\s+/g, ' ').trim();
    for (const block of blocks) expect(flat(source)).toContain(flat(block));
  });
});

// ---- docs: conformance ----
prunerConformance('TopKPerNeuronPruner', () => new TopKPerNeuronPruner({ k: 4, atStep: 5 }));
// ---- end of conformance ----
