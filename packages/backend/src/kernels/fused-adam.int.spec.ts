import { Rng } from '@prunerl/core';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../init-backend';
import { FUSED_ADAM_KERNEL, fusedAdamStep, type FusedAdamAttrs } from './fused-adam';

const rng = Rng.fromSeed(11);

/** The op-by-op step of prunerl's AdamOptimizer (agents package), as tfjs ops. */
function opByOp(x: tf.Tensor, g: tf.Tensor, m: tf.Tensor, v: tf.Tensor, a: FusedAdamAttrs): tf.Tensor[] {
  return tf.tidy(() => {
    const newM = tf.add(tf.mul(m, tf.scalar(a.beta1)), tf.mul(g, tf.scalar(a.oneMinusBeta1)));
    const newV = tf.add(tf.mul(v, tf.scalar(a.beta2)), tf.mul(tf.square(g), tf.scalar(a.oneMinusBeta2)));
    const update = tf.mul(tf.div(newM, tf.add(tf.sqrt(newV), tf.scalar(a.epsilon))), tf.scalar(a.stepSize));
    return [tf.sub(x, update), newM, newV];
  });
}

function attrsAt(t: number): FusedAdamAttrs {
  const [lr, b1, b2, eps] = [2.5e-4, 0.9, 0.999, 3.125e-4];
  const correction = Math.sqrt(1 - Math.pow(b2, t));
  return { beta1: b1, oneMinusBeta1: 1 - b1, beta2: b2, oneMinusBeta2: 1 - b2, stepSize: (lr * correction) / (1 - Math.pow(b1, t)), epsilon: eps * correction };
}

describe('fusedAdamStep', () => {
  afterAll(async () => {
    await initBackend({ name: 'wasm' });
  });

  it.each(['wasm', 'cpu'] as const)('should give the same bits as the op-by-op step over ten steps on %s', async (backend) => {
    await initBackend({ name: backend });
    expect(tf.getKernel(FUSED_ADAM_KERNEL, backend)).toBeDefined();
    for (const shape of [[3, 3, 4, 5], [13], [1]]) {
      const size = shape.reduce((a, b) => a * b, 1);
      let fused = [0, 1, 2].map(() => tf.tensor(rng.fillNormal(new Float32Array(size)), shape));
      fused[2] = tf.abs(fused[2]!);
      let plain = fused.map((t) => tf.clone(t));
      const before = tf.memory().numTensors;
      for (let t = 1; t <= 10; t++) {
        const g = tf.tensor(rng.fillNormal(new Float32Array(size)), shape);
        const nextFused = fusedAdamStep(fused[0]!, g, fused[1]!, fused[2]!, attrsAt(t));
        const nextPlain = opByOp(plain[0]!, g, plain[1]!, plain[2]!, attrsAt(t));
        tf.dispose([...fused, ...plain, g]);
        [fused, plain] = [nextFused, nextPlain];
      }
      expect(tf.memory().numTensors).toBe(before);
      for (let i = 0; i < 3; i++) expect(Array.from(fused[i]!.dataSync())).toEqual(Array.from(plain[i]!.dataSync()));
      tf.dispose([...fused, ...plain]);
    }
  });

  it('should reject inputs of another shape or dtype', async () => {
    await initBackend({ name: 'wasm' });
    tf.tidy(() => {
      const x = tf.zeros([4]);
      expect(() => fusedAdamStep(x, tf.zeros([5]), x, x, attrsAt(1))).toThrow(/input g has shape \[5\]/);
      expect(() => fusedAdamStep(x, tf.zeros([4], 'int32'), x, x, attrsAt(1))).toThrow(/float32/);
    });
  });

  it('should be absent from wasm without the fused kernels', async () => {
    await initBackend({ name: 'wasm', fusedKernels: false });
    expect(tf.getKernel(FUSED_ADAM_KERNEL, 'wasm')).toBeUndefined();
    await initBackend({ name: 'wasm' });
    expect(tf.getKernel(FUSED_ADAM_KERNEL, 'wasm')).toBeDefined();
  });
});
