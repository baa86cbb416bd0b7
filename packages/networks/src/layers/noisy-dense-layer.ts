import * as tf from '@tensorflow/tfjs-core';
import type { Activation, DenseLike } from './dense-layer';
import type { ForwardContext } from './forward-context';
import type { ParameterStore } from './parameter-store';

/**
 * A NoisyNet dense layer with factorised Gaussian noise (Fortunato et al. 2018, eqs. 8-11):
 * y = x (mu_W + sigma_W * eps_W) + mu_b + sigma_b * eps_b, with eps_W = f(eps_in) f(eps_out)^T and
 * eps_b = f(eps_out). One noise sample is shared by the whole batch, as in Dopamine's
 * `NoisyNetwork`. Without noise (`context.noise === null`) it is x mu_W + mu_b.
 *
 * Initialisation (section 3.2, as Dopamine): mu ~ U(-1/sqrt(p), 1/sqrt(p)) for kernel and bias,
 * sigma = sigma0 / sqrt(p), p the number of inputs. Dopamine uses sigma0 = 0.1; the paper's
 * factorised-noise value is 0.5.
 *
 * The noisy kernel is never materialised: x (sigma_W * f_in f_out^T) = ((x * f_in) sigma_W) * f_out,
 * which costs one more matMul instead of three `[in, out]` elementwise ops per step.
 */
export class NoisyDenseLayer implements DenseLike {
  readonly kernel: tf.Variable;
  readonly bias: tf.Variable;
  readonly sigmaKernel: tf.Variable;
  readonly sigmaBias: tf.Variable;

  constructor(
    store: ParameterStore,
    readonly name: string,
    readonly inputSize: number,
    readonly units: number,
    sigma0: number,
  ) {
    const rng = store.rngFor(name);
    const limit = 1 / Math.sqrt(inputSize);
    const uniform = (n: number): Float32Array => {
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) out[i] = (2 * rng.uniform() - 1) * limit;
      return out;
    };
    const sigma = sigma0 / Math.sqrt(inputSize);
    this.kernel = store.add(name, 'kernel', 'kernel', [inputSize, units], uniform(inputSize * units));
    this.bias = store.add(name, 'bias', 'bias', [units], uniform(units));
    this.sigmaKernel = store.add(name, 'noise-sigma-kernel', 'sigma-kernel', [inputSize, units], new Float32Array(inputSize * units).fill(sigma));
    this.sigmaBias = store.add(name, 'noise-sigma-bias', 'sigma-bias', [units], new Float32Array(units).fill(sigma));
  }

  apply(x: tf.Tensor2D, activation: Activation, context: ForwardContext): tf.Tensor2D {
    if (context.noise === null) {
      return tf.fused.matMul({ a: x, b: this.kernel as tf.Tensor2D, bias: this.bias, activation }) as tf.Tensor2D;
    }
    const fIn = tf.tensor1d(context.noise.draw(this.inputSize));
    const fOut = tf.tensor1d(context.noise.draw(this.units));
    const bias = tf.add(this.bias, tf.mul(this.sigmaBias, fOut));
    const mean = tf.fused.matMul({ a: x, b: this.kernel as tf.Tensor2D, bias });
    const noisy = tf.mul(tf.matMul(tf.mul(x, fIn), this.sigmaKernel as tf.Tensor2D), fOut);
    const y = tf.add(mean, noisy) as tf.Tensor2D;
    return activation === 'relu' ? tf.relu(y) : y;
  }
}
