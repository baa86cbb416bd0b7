import { checkShape, Rng, type Parameter, type ParameterRole } from '@prunerl/core';
import * as tf from '@tensorflow/tfjs-core';

/** One parameter to create with {@link createToyParameters}. */
export interface ToyParameterSpec {
  /** Hierarchical name, e.g. `torso/conv1/kernel`. */
  readonly name: string;
  readonly shape: readonly number[];
  /** Default `kernel` for rank > 1, else `bias`. */
  readonly role?: ParameterRole;
  /** Default: the name without its last segment. */
  readonly layer?: string;
}

/**
 * Specs of a small MLP's parameters: `<prefix>/dense<i>/kernel` `[in, out]` and `.../bias` `[out]`
 * for consecutive `sizes`, the last layer named `head/dense`.
 */
export function mlpParameterSpecs(sizes: readonly number[], prefix = 'torso'): ToyParameterSpec[] {
  checkShape('mlpParameterSpecs(sizes)', sizes, { minLength: 2 });
  const specs: ToyParameterSpec[] = [];
  for (let i = 0; i + 1 < sizes.length; i++) {
    const layer = i + 2 === sizes.length ? 'head/dense' : `${prefix}/dense${i + 1}`;
    specs.push({ name: `${layer}/kernel`, shape: [sizes[i]!, sizes[i + 1]!] }, { name: `${layer}/bias`, shape: [sizes[i + 1]!] });
  }
  return specs;
}

/**
 * Creates seeded parameters (tf variables) for hook tests: kernels drawn from N(0, 1/fan_in)
 * (fan_in = product of all but the last dimension), biases from N(0, 0.01) so that they are not
 * exactly zero (a pruner must leave them alone, and a test should be able to see it). Same seed,
 * same values. Dispose them with {@link disposeParameters}.
 */
export function createToyParameters(specs: readonly ToyParameterSpec[], options: { readonly seed?: number } = {}): Parameter[] {
  const rng = Rng.fromSeed(options.seed ?? 0).split('toy-parameters');
  return specs.map((spec) => {
    const shape = checkShape(`createToyParameters(${spec.name}).shape`, spec.shape);
    const size = shape.reduce((a, b) => a * b, 1);
    const role = spec.role ?? (shape.length > 1 ? 'kernel' : 'bias');
    const fanIn = shape.length > 1 ? size / shape[shape.length - 1]! : 1;
    const std = shape.length > 1 ? 1 / Math.sqrt(fanIn) : 0.1;
    const values = rng.fillNormal(new Float32Array(size), 0, std);
    const layer = spec.layer ?? spec.name.slice(0, Math.max(0, spec.name.lastIndexOf('/')));
    return { name: spec.name, role, layer, variable: tf.tidy(() => tf.variable(tf.tensor(values, shape, 'float32'), true)) };
  });
}

/** Disposes the variables of parameters made by {@link createToyParameters}. */
export function disposeParameters(parameters: readonly Parameter[]): void {
  for (const p of parameters) p.variable.dispose();
}

/** Copies of the parameters' current values, by name (for comparing runs). */
export function snapshotParameters(parameters: readonly Parameter[]): Map<string, Float32Array> {
  return new Map(parameters.map((p) => [p.name, Float32Array.from(p.variable.dataSync() as Float32Array)]));
}
