// The code of docs/adding-a-pruner.md, run as a test. Every ```ts block of that page must appear in
// this file (checked at the bottom), so the recipe cannot drift from working code. The page shows
// the pruner as it would sit in src/pruners/, so its `./x` imports read `../pruners/x` here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pruners, Rng } from '@prunerl/core';
import { createToyParameters, disposeParameters, docBlocksMissing, mlpParameterSpecs, prunerConformance, runHookedUpdates } from '@prunerl/testing';
import { PRUNER_REGISTRATIONS } from '../registry/register-pruners';

// ---- docs: the pruner ----
import { checkFraction, checkKnownKeys, checkNonNegativeInteger, type Criterion, type NamedGradients, type Parameter, type SparsityDistribution, type UpdateContext } from '@prunerl/core';
import * as tf from '@tensorflow/tfjs-core';
import { resolveDistribution, type DistributionSpec } from '../distributions/resolve-distribution';
import { computeMasks } from '../masks/compute-masks';
import type { SparsityTargets } from '../reporting/measure-sparsity';
import { allocateLayers } from '../pruners/layer-allocation';
import { MaskedPruner } from '../pruners/masked-pruner';

/** Options of {@link SnipPruner}. */
export interface SnipPrunerOptions {
  /** Overall sparsity pruned to. Default 0.9. */
  readonly sparsity?: number;
  /** The update whose gradients score the weights. Default 0: the first, as SNIP prunes at initialisation. */
  readonly step?: number;
  /** How the target spreads over layers. Default `erk`. */
  readonly distribution?: DistributionSpec;
  /** Hook name. Default `snip`. */
  readonly name?: string;
}

/** Connection sensitivity |w * dL/dw| (Lee et al. 2019, eq. 6; the normalisation does not change the ranking). */
const SENSITIVITY: Criterion = {
  kind: 'sensitivity',
  score: (parameter, { gradient }) => tf.abs(tf.mul(parameter.variable, gradient!)),
};

/**
 * SNIP (Lee et al. 2019): prunes once, at update `step`, the weights whose connection sensitivity on
 * that update's batch is smallest, then keeps the mask fixed. Name `snip`.
 */
export class SnipPruner extends MaskedPruner {
  private readonly target: number;
  private readonly step: number;
  private readonly distribution: SparsityDistribution;
  private allocation = new Map<string, number>();

  constructor(options: SnipPrunerOptions = {}) {
    const name = options.name ?? 'snip';
    checkKnownKeys(`${name} options`, options, ['sparsity', 'step', 'distribution', 'name']);
    super({ name });
    this.target = checkFraction(`${name}.sparsity`, options.sparsity ?? 0.9);
    this.step = checkNonNegativeInteger(`${name}.step`, options.step ?? 0);
    this.distribution = resolveDistribution(options.distribution ?? 'erk', `${name}.distribution`);
  }

  protected override prepare(_context: UpdateContext, prunable: readonly Parameter[]): void {
    this.allocation = allocateLayers(this.distribution, prunable, this.target, this.name);
  }

  // Gradients are known here (before the optimiser step); masks are applied after it.
  protected override onGradients(gradients: NamedGradients, context: UpdateContext): NamedGradients {
    if (context.step === this.step) {
      const global = this.distribution.global ? { global: { sparsity: this.target, normalize: false } } : {};
      this.replaceMasks(computeMasks(this.prunable, { criterion: SENSITIVITY, step: context.step, sparsities: this.allocation, gradients, ...global }));
    }
    return gradients;
  }

  protected override targets(step: number): SparsityTargets {
    const pruned = step >= this.step;
    return { overall: pruned ? this.target : 0, layers: new Map([...this.allocation].map(([name, s]) => [name, pruned ? s : 0])) };
  }
}
// ---- end of the pruner ----

// As in PRUNER_REGISTRATIONS (src/registry/register-pruners.ts).
const rows: typeof PRUNER_REGISTRATIONS = [
  // ---- docs: registry row ----
  {
    name: 'snip',
    description: 'SNIP: prune once, at the first update, by connection sensitivity |w * grad| (Lee et al. 2019)',
    factory: (options) => new SnipPruner(options),
  },
  // ---- end of registry row ----
];

describe('docs/adding-a-pruner.md', () => {
  it('should prune once, at the given update, to the target by connection sensitivity', () => {
    const parameters = createToyParameters(mlpParameterSpecs([16, 32, 4]), { seed: 1 });
    const pruner = new SnipPruner({ sparsity: 0.75, step: 2, distribution: 'uniform' });
    const masks: number[] = [];
    runHookedUpdates({ parameters, hooks: [pruner], steps: 6, onUpdate: () => void masks.push(pruner.metrics()['pruning/mask_updates']!) });
    expect(masks).toEqual([0, 0, 1, 1, 1, 1]);
    for (const layer of pruner.sparsity().layers) {
      expect(layer.target).toBe(0.75);
      expect(layer.sparsity).toBe(0.75);
    }
    pruner.dispose();
    disposeParameters(parameters);
  });

  it('should be built by name once its row is registered, and check its options', () => {
    const [row] = rows;
    pruners.register(row!.name, row!.factory, { description: row!.description });
    const hook = pruners.get('snip')({ sparsity: 0.5 }, { rng: Rng.fromSeed(0) });
    expect(hook).toBeInstanceOf(SnipPruner);
    expect(() => pruners.get('snip')({ sparsty: 0.5 }, { rng: Rng.fromSeed(0) })).toThrow('snip options');
    pruners.unregister('snip');
    hook.dispose?.();
  });

  it('should show the page the same code as this file', () => {
    const page = readFileSync(join(__dirname, '../../../../docs/adding-a-pruner.md'), 'utf8');
    const { blocks, missing } = docBlocksMissing(page, readFileSync(__filename, 'utf8'), { rewrite: (block) => block.replaceAll("from './", "from '../pruners/") });
    expect(blocks.length).toBeGreaterThanOrEqual(3);
    expect(missing).toEqual([]);
  });
});

// ---- docs: conformance ----
prunerConformance('SnipPruner', () => new SnipPruner({ sparsity: 0.8, step: 3 }));
// ---- end of conformance ----
