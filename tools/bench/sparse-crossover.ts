/**
 * Where sparse convolutions start to pay: one convolution layer's training work (forward under
 * the tape, input gradient and filter gradient, the latter under core's `kept` weight gradients,
 * as a masked update computes it) on a batch of 32, with filters at several
 * densities, through the sparse kernels and through the dense ones (`initBackend({ sparseKernels:
 * false })`), alternating the two kernel sets round by round. Prints the sparse / dense time ratio
 * per density (median over rounds, [min-max]); where it crosses 1 is the crossover that
 * `SPARSE_CONV_WEIGHTS.maxDensity` (@prunerl/backend) is set from. Above that threshold both
 * sides run the dense kernels (ratio 1 by construction): to measure there, raise it in
 * `packages/backend/src/simd/sparse-conv-products.ts` for the run.
 *
 *   npx tsx --conditions=@prunerl/source tools/bench/sparse-crossover.ts [--rounds 5]
 */
import { initBackend } from '@prunerl/backend';
import { CONV2D_LAYER_KERNEL, Rng, withWeightGradients } from '@prunerl/core';
import * as tf from '@tensorflow/tfjs-core';
import { time } from './stats';

interface Layer {
  readonly name: string;
  readonly x: [number, number, number, number];
  readonly filter: [number, number, number, number];
}

const LAYERS: readonly Layer[] = [
  { name: 'minatar-cnn 10x10x4 -> 16', x: [32, 10, 10, 4], filter: [3, 3, 4, 16] },
  { name: 'impala w1 10x10x16 -> 16', x: [32, 10, 10, 16], filter: [3, 3, 16, 16] },
  { name: 'impala w3 5x5x48 -> 48', x: [32, 5, 5, 48], filter: [3, 3, 48, 48] },
  { name: 'impala w3 3x3x96 -> 96', x: [32, 3, 3, 96], filter: [3, 3, 96, 96] },
  { name: 'impala w5 5x5x80 -> 80', x: [32, 5, 5, 80], filter: [3, 3, 80, 80] },
];
const DENSITIES = [0.5, 0.4, 0.3, 0.2, 0.1, 0.05];

function prunedFilter(rng: Rng, shape: Layer['filter'], density: number): tf.Tensor4D {
  const size = shape.reduce((a, b) => a * b, 1);
  const w = rng.fillNormal(new Float32Array(size));
  for (let i = 0; i < size; i++) if (rng.uniform() >= density) w[i] = 0;
  return tf.tensor4d(w, shape);
}

async function main(): Promise<void> {
  const index = process.argv.indexOf('--rounds');
  const rounds = index >= 0 ? Number(process.argv[index + 1]) : 5;
  const rng = Rng.fromSeed(3);
  await initBackend({ name: 'wasm' });
  console.log('conv layer training step (forward, dx, kept dW), batch 32: sparse / dense kernels time ratio, median [min-max] over rounds');
  console.log(['layer', ...DENSITIES.map((d) => `density ${d}`)].join(' | '));
  for (const layer of LAYERS) {
    const x = tf.tensor4d(rng.fillNormal(new Float32Array(layer.x.reduce((a, b) => a * b, 1))), layer.x);
    const b = tf.zeros([layer.filter[3]]) as tf.Tensor1D;
    const cells: string[] = [];
    for (const density of DENSITIES) {
      const w = prunedFilter(rng, layer.filter, density);
      const step = (): void => {
        tf.tidy(() => {
          const f = (xi: tf.Tensor, wi: tf.Tensor): tf.Scalar => tf.sum(tf.engine().runKernel(CONV2D_LAYER_KERNEL, { x: xi, filter: wi, bias: b }, { activation: 'relu', strides: 1, pad: 'same' } as unknown as tf.NamedAttrMap) as tf.Tensor);
          withWeightGradients('kept', () => tf.grads(f)([x, w])).forEach((g) => g.dataSync());
        });
      };
      const ratios: number[] = [];
      for (let r = 0; r < rounds; r++) {
        await initBackend({ name: 'wasm', sparseKernels: false });
        const dense = await time(step, 20, 5);
        await initBackend({ name: 'wasm', sparseKernels: true });
        const sparse = await time(step, 20, 5);
        ratios.push(sparse.median / dense.median);
      }
      ratios.sort((a, c) => a - c);
      cells.push(`${ratios[Math.floor(ratios.length / 2)]!.toFixed(2)} [${ratios[0]!.toFixed(2)}-${ratios[ratios.length - 1]!.toFixed(2)}]`);
      w.dispose();
    }
    console.log([layer.name, ...cells].join(' | '));
    tf.dispose([x, b]);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
