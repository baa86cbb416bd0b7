import { ConfigError, fansOf as coreFansOf, xavierUniform, type Fans as CoreFans, type Rng } from '@prunerl/core';

/**
 * The kernel initialisers of the reference agents.
 *
 * - `xavier-uniform`: U(-l, l), l = sqrt(6 / (fanIn + fanOut)) (Glorot & Bengio 2010). Dopamine's DQN
 *   networks (`NatureDQNNetwork`, `ImpalaDQNNetwork`, `FullRainbowNetwork`) use it for every kernel.
 * - `variance-scaling`: variance_scaling(scale = 1/sqrt(3), mode = fan_in, distribution = uniform),
 *   i.e. U(-l, l), l = sqrt(3 * scale / fanIn). Dopamine's `RainbowNetwork` and
 *   `ImplicitQuantileNetwork` use it for every kernel.
 * - `lecun-normal`: Flax's default kernel initialiser, a normal truncated at two standard deviations
 *   with variance 1 / fanIn (the standard deviation is divided by 0.8796..., the std of a unit normal
 *   truncated to [-2, 2], so the truncated draws keep variance 1 / fanIn). The Impala residual-block
 *   convolutions use it (they pass no `kernel_init`).
 * - `torch-default`: PyTorch's `nn.Linear`/`nn.Conv2d` default, kaiming_uniform(a = sqrt(5)), which is
 *   U(-1/sqrt(fanIn), 1/sqrt(fanIn)), with biases drawn from the same range. The MinAtar reference
 *   DQN (`examples/dqn.py`) uses it.
 *
 * Every other initialiser leaves biases at zero, as Flax does.
 */
export type InitializerName = 'xavier-uniform' | 'variance-scaling' | 'lecun-normal' | 'torch-default';

/** Every {@link InitializerName}, for validation and listings. */
export const INITIALIZER_NAMES: readonly InitializerName[] = ['xavier-uniform', 'variance-scaling', 'lecun-normal', 'torch-default'];

/** @deprecated Moved to `@prunerl/core` (`Fans`); kept for one release. */
export type Fans = CoreFans;

/** @deprecated Moved to `@prunerl/core` (`fansOf`); kept for one release. */
export const fansOf = coreFansOf;

/** Std of a unit normal truncated to [-2, 2] (the constant Flax/JAX divide by). */
const TRUNCATED_NORMAL_STD = 0.87962566103423978;

function uniformValues(rng: Rng, size: number, limit: number): Float32Array {
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) out[i] = (2 * rng.uniform() - 1) * limit;
  return out;
}

/**
 * Draws the initial values of a kernel of `shape` with `name`'s distribution from `rng`.
 * Deterministic: the same stream gives the same values.
 */
export function initialKernel(name: InitializerName, shape: readonly number[], rng: Rng): Float32Array {
  const size = shape.reduce((a, b) => a * b, 1);
  const { fanIn } = coreFansOf(shape);
  switch (name) {
    case 'xavier-uniform':
      return xavierUniform(shape, rng);
    case 'variance-scaling':
      return uniformValues(rng, size, Math.sqrt((3 * (1 / Math.sqrt(3))) / fanIn));
    case 'torch-default':
      return uniformValues(rng, size, 1 / Math.sqrt(fanIn));
    case 'lecun-normal': {
      const std = Math.sqrt(1 / fanIn) / TRUNCATED_NORMAL_STD;
      const out = new Float32Array(size);
      for (let i = 0; i < size; i++) {
        // Rejection keeps the draws of a normal truncated to two standard deviations (95% accepted).
        let z = rng.normal();
        while (z < -2 || z > 2) z = rng.normal();
        out[i] = z * std;
      }
      return out;
    }
    default:
      throw new ConfigError({ field: 'init', value: name, expected: `one of ${INITIALIZER_NAMES.map((n) => JSON.stringify(n)).join(', ')}` });
  }
}

/**
 * The initial bias of a layer whose kernel uses `name`: zeros, except PyTorch's default, which draws
 * U(-1/sqrt(fanIn), 1/sqrt(fanIn)).
 */
export function initialBias(name: InitializerName, size: number, fanIn: number, rng: Rng): Float32Array {
  return name === 'torch-default' ? uniformValues(rng, size, 1 / Math.sqrt(fanIn)) : new Float32Array(size);
}
