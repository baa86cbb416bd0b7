import { Rng } from '@prunerl/core';
import * as tf from '@tensorflow/tfjs-core';
import type { ArchitectureOptions } from './architecture';
import { createQNetwork } from './create-q-network';
import type { TorsoHeadNetwork } from './torso-head-network';

/** Small versions of every torso, so each combination trains in well under a second. */
const TORSOS: ReadonlyArray<readonly [string, Partial<ArchitectureOptions>, number[]]> = [
  ['mlp', { torso: 'mlp', hiddenSizes: [16, 12] }, [6]],
  ['minatar-cnn', { torso: 'minatar-cnn', width: 0.5, denseUnits: 16 }, [6, 6, 2]],
  ['nature-cnn (same)', { torso: 'nature-cnn', width: 0.25, denseUnits: 16 }, [12, 12, 2]],
  ['nature-cnn (valid)', { torso: 'nature-cnn', width: 0.125, denseUnits: 16, padding: 'valid' }, [36, 36, 1]],
  ['impala', { torso: 'impala', width: 0.25, denseUnits: 16 }, [8, 8, 2]],
];

const HEADS: ReadonlyArray<readonly [string, Partial<ArchitectureOptions>]> = [
  ['q', { head: 'q' }],
  ['dueling', { head: 'dueling' }],
  ['c51', { head: 'c51', numAtoms: 5 }],
  ['quantile', { head: 'quantile', embeddingDim: 8 }],
  ['noisy q', { head: 'q', noisy: true }],
  ['noisy dueling c51', { head: 'c51', numAtoms: 5, dueling: true, noisy: true }],
];

const BATCH = 4;
const ACTIONS = 3;
const TAUS = 3;

function fixedTensor(seed: number, shape: number[], scale = 1): tf.Tensor {
  const rng = Rng.fromSeed(seed).split('data');
  const size = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Float32Array.from({ length: size }, () => scale * (2 * rng.uniform() - 1)), shape);
}

function outputShape(net: TorsoHeadNetwork): number[] {
  if (net.head.kind === 'c51') return [BATCH, ACTIONS, net.head.numAtoms!];
  if (net.head.kind === 'quantile') return [BATCH, TAUS, ACTIONS];
  return [BATCH, ACTIONS];
}

describe('TorsoHeadNetwork training', () => {
  // The cpu backend's first write warns that tfjs-node would be faster: expected here, so muted.
  let warn: jest.SpyInstance;
  beforeAll(() => {
    warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  });
  afterAll(() => warn.mockRestore());

  describe.each(TORSOS)('%s torso', (_, torso, observationShape) => {
    it.each(HEADS)('should train with a %s head on wasm, with gradients matching the cpu backend', async (__, head) => {
      const net = createQNetwork({ ...(torso as ArchitectureOptions), ...head, observationShape, numActions: ACTIONS, seed: 3, scope: 'train' });
      const x = tf.tidy(() => tf.abs(fixedTensor(1, [BATCH, ...observationShape])));
      const taus = tf.tensor2d(Float32Array.from({ length: BATCH * TAUS }, (_, i) => (i + 0.5) / (BATCH * TAUS)), [BATCH, TAUS]);
      const target = fixedTensor(2, outputShape(net));
      const variables = net.parameters().map((p) => p.variable);
      const loss = (noise: boolean): tf.Scalar => tf.mean(tf.square(tf.sub(net.apply(x, { taus, noise }), target)));
      const gradients = (): Float32Array[] => {
        const { value, grads } = tf.variableGrads(() => loss(true), variables);
        const out = variables.map((v) => Float32Array.from(grads[v.name]!.dataSync() as Float32Array));
        tf.dispose([value, ...Object.values(grads)]);
        return out;
      };
      try {
        // Same weights and same noise draw on both backends: the gradients must agree.
        const noise = net.noiseState();
        const wasmGrads = gradients();
        await tf.setBackend('cpu');
        net.restoreNoise(noise);
        const cpuGrads = gradients();
        await tf.setBackend('wasm');
        variables.forEach((v, i) => {
          const w = wasmGrads[i]!;
          const c = cpuGrads[i]!;
          let scale = 1e-6;
          let diff = 0;
          for (let j = 0; j < c.length; j++) {
            scale = Math.max(scale, Math.abs(c[j]!));
            diff = Math.max(diff, Math.abs(w[j]! - c[j]!));
          }
          if (diff / scale > 1e-4) throw new Error(`${v.name}: wasm and cpu gradients differ by ${diff} (largest |g| ${scale})`);
        });

        const optimizer = tf.train.adam(1e-2, 0.9, 0.999, 1.5e-4);
        const before = tf.tidy(() => loss(false).dataSync()[0]!);
        for (let step = 0; step < 10; step++) {
          tf.tidy(() => {
            optimizer.minimize(() => loss(true), false, variables);
          });
        }
        const after = tf.tidy(() => loss(false).dataSync()[0]!);
        optimizer.dispose();
        expect(Number.isFinite(after)).toBe(true);
        expect(after).toBeLessThan(before * 0.95);
      } finally {
        if (tf.getBackend() !== 'wasm') await tf.setBackend('wasm');
        tf.dispose([x, target, taus]);
        net.dispose();
      }
    });
  });

  it('should not compute the gradient of the network input (the input layer is not a fused convolution under the tape)', async () => {
    const observationShape = [8, 8, 2];
    const net = createQNetwork({ torso: 'impala', width: 0.25, denseUnits: 16, observationShape, numActions: ACTIONS, seed: 3, scope: 'input-gradient' });
    const x = tf.tidy(() => tf.abs(fixedTensor(1, [BATCH, ...observationShape])));
    try {
      const variables = net.parameters().map((p) => p.variable);
      const profile = await tf.profile(() => {
        const { value, grads } = tf.variableGrads(() => tf.sum(net.apply(x)) as tf.Scalar, variables);
        tf.dispose([value, ...Object.values(grads)]);
      });
      const inputGradients = profile.kernels.filter((k) => k.name === 'Conv2DBackpropInput');
      // One per convolution but the first (Impala: 3 stacks of 1 + 2 blocks x 2 convolutions).
      expect(inputGradients).toHaveLength(14);
      for (const k of inputGradients) expect(k.outputShapes[0]).not.toEqual([BATCH, ...observationShape]);
    } finally {
      tf.dispose(x);
      net.dispose();
    }
  });
});
