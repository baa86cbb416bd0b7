import { Rng, SELECT_ACTION_VALUES_KERNEL, TD_LOSS_KERNEL } from '@prunerl/core';
import { outputAndGradients } from '@prunerl/testing';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../init-backend';
import { runSelectActionValues as selectActionValues, runTdLoss as elementwiseTdLoss } from '../test-support/kernel-calls';

/**
 * The loss kernels against the op-by-op forms they replace (a one-hot product; the TD losses with
 * `sub`, `square`, `abs`, `minimum`), values and gradients, on both backends that register them.
 */
const rng = Rng.fromSeed(11);

function expectClose(got: Float32Array[], want: Float32Array[], tolerance: number): void {
  expect(got.length).toBe(want.length);
  got.forEach((g, k) => {
    expect(g.length).toBe(want[k]!.length);
    for (let i = 0; i < g.length; i++) if (!(Math.abs(g[i]! - want[k]![i]!) <= tolerance)) throw new Error(`output ${k}[${i}]: ${g[i]} against ${want[k]![i]}`);
  });
}

describe.each(['wasm', 'cpu'] as const)('loss kernels on %s', (backend) => {
  beforeAll(async () => {
    await initBackend({ name: backend });
  });
  afterAll(async () => {
    await initBackend({ name: 'wasm' });
  });

  it('should be registered', () => {
    for (const name of [SELECT_ACTION_VALUES_KERNEL, TD_LOSS_KERNEL]) expect(tf.getKernel(name, backend)).toBeDefined();
  });

  it.each([
    [[7, 5], 'Q values [B, A]'],
    [[4, 3, 6], 'quantiles [B, N, A]'],
  ])('should select each row action of %j (%s) as a one-hot product does, gradient included', (shape) => {
    const values = tf.tensor(rng.fillNormal(new Float32Array(shape.reduce((a, b) => a * b, 1))), shape);
    const actions = tf.tensor1d(Array.from({ length: shape[0]! }, () => rng.uniformInt(0, shape[shape.length - 1]!)), 'int32');
    const reference = (v: tf.Tensor): tf.Tensor => {
      let mask: tf.Tensor = tf.oneHot(actions, shape[shape.length - 1]!);
      if (shape.length === 3) mask = tf.expandDims(mask, 1);
      return tf.sum(tf.mul(v, mask), -1);
    };
    expectClose(outputAndGradients((v) => selectActionValues(v, actions), [values]), outputAndGradients(reference, [values]), 0);
    tf.dispose([values, actions]);
  });

  it('should reject an action out of range, naming it', () => {
    const values = tf.zeros([3, 4]);
    const actions = tf.tensor1d([0, 4, 1], 'int32');
    expect(() => selectActionValues(values, actions)).toThrow(/actions\[1\] is 4, expected an action in 0\.\.3/);
    expect(() => selectActionValues(values, tf.tensor1d([0, 1], 'int32'))).toThrow(/actions must be int32 \[3\]/);
    tf.disposeVariables();
  });

  describe.each([
    ['mse', 1],
    ['huber', 1],
    ['huber', 0.25],
  ] as const)('TD loss %s (delta %f)', (kind, delta) => {
    const reference = (t: tf.Tensor, p: tf.Tensor): tf.Tensor => {
      const error = tf.sub(t, p);
      if (kind === 'mse') return tf.square(error);
      const x = tf.abs(error);
      const q = tf.minimum(x, delta);
      return tf.add(tf.mul(tf.square(q), 0.5), tf.mul(tf.sub(x, q), delta));
    };

    it('should give the op-by-op values and gradients, at the Huber boundary and at zero error too', () => {
      const n = 64;
      const p = rng.fillNormal(new Float32Array(n));
      const t = rng.fillNormal(new Float32Array(n));
      t[0] = p[0]!; // zero error
      t[1] = p[1]! + delta; // on the boundary
      t[2] = p[2]! - delta;
      const [targets, predictions] = [tf.tensor1d(t), tf.tensor1d(p)];
      const got = outputAndGradients((a, b) => elementwiseTdLoss(a, b, { kind, delta }), [targets, predictions]);
      const want = outputAndGradients(reference, [targets, predictions]);
      expectClose(got, want, 1e-6);
      tf.dispose([targets, predictions]);
    });
  });

  it('should reject mismatched shapes and unknown kinds', () => {
    const a = tf.zeros([3]);
    expect(() => elementwiseTdLoss(a, tf.zeros([4]), { kind: 'mse', delta: 1 })).toThrow(/must be float32 of one shape/);
    expect(() => elementwiseTdLoss(a, a, { kind: 'l1' as 'mse', delta: 1 })).toThrow(/kind must be 'mse' or 'huber', got l1/);
    expect(() => elementwiseTdLoss(a, a, { kind: 'huber', delta: 0 })).toThrow(/delta must be > 0, got 0/);
    tf.disposeVariables();
  });
});
