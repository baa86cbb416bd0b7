import { Rng } from '@prunerl/core';
import { maxAbsDiff } from '@prunerl/testing';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../init-backend';

/**
 * Every op and gradient prunerl's networks and agents use, run on wasm and compared with the cpu
 * backend's own kernels on the same random inputs (max abs difference <= 1e-4).
 */
type Inputs = Record<string, { shape: number[]; values: Float32Array | Int32Array; dtype: 'float32' | 'int32' }>;
type Case = (t: Record<string, tf.Tensor>) => tf.Tensor;

const TOLERANCE = 1e-4;
const rng = Rng.fromSeed(2024);

function randomInput(shape: number[]): Inputs[string] {
  const size = shape.reduce((a, b) => a * b, 1);
  return { shape, dtype: 'float32', values: rng.fillNormal(new Float32Array(size)) };
}

function intInput(shape: number[], high: number): Inputs[string] {
  const size = shape.reduce((a, b) => a * b, 1);
  return { shape, dtype: 'int32', values: Int32Array.from({ length: size }, () => rng.uniformInt(0, high)) };
}

/**
 * Output of `f`, and gradients (w.r.t. float inputs) of a weighted sum of it, on `backend`, as plain
 * arrays. The weights make every output element's gradient path distinct.
 */
async function evaluate(backend: 'wasm' | 'cpu', f: Case, inputs: Inputs): Promise<Record<string, Float32Array>> {
  await initBackend({ name: backend });
  const names = Object.keys(inputs).filter((k) => inputs[k]!.dtype === 'float32');
  const result: Record<string, Float32Array> = {};
  const before = tf.memory().numTensors;
  tf.tidy(() => {
    const tensors: Record<string, tf.Tensor> = {};
    for (const [k, v] of Object.entries(inputs)) tensors[k] = tf.tensor(v.values, v.shape, v.dtype);
    const g = tf.valueAndGrads((...xs: tf.Tensor[]) => {
      const local = { ...tensors };
      names.forEach((n, i) => (local[n] = xs[i]!));
      return weightedSum(f(local));
    });
    result.output = f(tensors).dataSync() as Float32Array;
    const { grads } = g(names.map((n) => tensors[n]!));
    names.forEach((n, i) => (result[`d_${n}`] = grads[i]!.dataSync() as Float32Array));
  });
  expect(tf.memory().numTensors).toBe(before);
  return result;
}

async function expectWasmMatchesCpu(f: Case, inputs: Inputs): Promise<void> {
  const cpu = await evaluate('cpu', f, inputs);
  const wasm = await evaluate('wasm', f, inputs);
  for (const key of Object.keys(cpu)) {
    const diff = maxAbsDiff(wasm[key]!, cpu[key]!);
    if (!(diff <= TOLERANCE)) throw new Error(`${key}: wasm and cpu differ by ${diff}`);
  }
}

// A weighted sum turns any output into a scalar whose gradient reaches every output element.
function weightedSum(y: tf.Tensor): tf.Scalar {
  const w = tf.linspace(-1, 1, y.size).reshape(y.shape);
  return tf.sum(tf.mul(y, w));
}

describe('wasm training kernels vs cpu', () => {
  afterAll(async () => {
    await initBackend({ name: 'wasm' });
  });

  describe('conv2d', () => {
    const cases: Array<[string, number[], number[], number, 'same' | 'valid']> = [
      ['3x3 stride 1 valid (MinAtar torso)', [4, 10, 10, 4], [3, 3, 4, 16], 1, 'valid'],
      ['3x3 stride 1 same (Impala)', [3, 11, 11, 5], [3, 3, 5, 6], 1, 'same'],
      ['4x4 stride 2 same', [2, 21, 21, 3], [4, 4, 3, 5], 2, 'same'],
      ['4x4 stride 2 valid', [2, 20, 20, 3], [4, 4, 3, 5], 2, 'valid'],
      ['8x8 stride 4 same (Nature CNN)', [2, 36, 36, 4], [8, 8, 4, 6], 4, 'same'],
      ['8x8 stride 4 valid (Nature CNN, 2015)', [2, 36, 36, 4], [8, 8, 4, 6], 4, 'valid'],
      ['8x8 stride 4 valid, input not a multiple of the stride', [2, 38, 37, 2], [8, 8, 2, 3], 4, 'valid'],
    ];
    it.each(cases)('should match cpu gradients: %s', async (_label, xShape, wShape, stride, padding) => {
      await expectWasmMatchesCpu(
        (t) => tf.relu(tf.conv2d(t.x as tf.Tensor4D, t.w as tf.Tensor4D, stride, padding)),
        { x: randomInput(xShape), w: randomInput(wShape) },
      );
    });
  });

  it.each([[[2, 11, 11, 3]], [[2, 84, 84, 2]], [[3, 7, 7, 4]], [[1, 8, 8, 1]], [[2, 9, 9, 6]], [[2, 10, 10, 16]]])(
    'should match cpu for max-pool 3x3 stride 2 same on %j',
    async (shape) => {
      await expectWasmMatchesCpu((t) => tf.maxPool(t.x as tf.Tensor4D, 3, 2, 'same'), { x: randomInput(shape) });
    },
  );

  it.each([1, 8])('should route the max-pool gradient to the first maximum of tied windows, as cpu does (%i channels)', async (channels) => {
    const ties = { shape: [1, 5, 5, channels], dtype: 'float32' as const, values: new Float32Array(25 * channels).fill(1) };
    await expectWasmMatchesCpu((t) => tf.maxPool(t.x as tf.Tensor4D, 3, 2, 'same'), { x: ties });
  });

  it('should match cpu for a dense layer with bias and relu', async () => {
    await expectWasmMatchesCpu((t) => tf.relu(tf.add(tf.matMul(t.x as tf.Tensor2D, t.w as tf.Tensor2D), t.b!)), {
      x: randomInput([32, 20]),
      w: randomInput([20, 7]),
      b: randomInput([7]),
    });
  });

  it.each([
    [false, false, [7, 5], [5, 3]],
    [false, true, [7, 5], [3, 5]],
    [true, false, [5, 7], [5, 3]],
    [true, true, [5, 7], [3, 5]],
    [false, true, [2, 40, 5], [2, 3, 5]],
    [true, false, [2, 5, 3], [2, 5, 40]],
    [false, true, [4, 9], [300, 9]],
  ])('should match cpu for matMul with transposeA=%s transposeB=%s on %j x %j', async (ta, tb, aShape, bShape) => {
    await expectWasmMatchesCpu((t) => tf.matMul(t.a!, t.b!, ta, tb), { a: randomInput(aShape), b: randomInput(bShape) });
  });

  it('should match cpu for softmax and log-softmax', async () => {
    await expectWasmMatchesCpu((t) => tf.concat([tf.softmax(t.x!), tf.logSoftmax(t.x!)], 1), {
      x: randomInput([8, 51]),
    });
  });

  it('should match cpu for gather along the action axis (gradient through UnsortedSegmentSum)', async () => {
    await expectWasmMatchesCpu((t) => tf.gather(t.q!, t.a!, 1, 1), { q: randomInput([16, 6]), a: intInput([16], 6) });
    await expectWasmMatchesCpu((t) => tf.gather(t.q!, t.a!, 0), { q: randomInput([10, 4]), a: intInput([25], 10) });
  });

  it('should match cpu for one-hot action selection', async () => {
    await expectWasmMatchesCpu((t) => tf.sum(tf.mul(t.q!, tf.oneHot(t.a as tf.Tensor1D, 6)), 1), {
      q: randomInput([16, 6]),
      a: intInput([16], 6),
    });
  });

  it('should match cpu for cos (IQN embedding) and the Huber loss', async () => {
    await expectWasmMatchesCpu((t) => tf.cos(tf.mul(t.x!, Math.PI)), { x: randomInput([4, 64]) });
    await expectWasmMatchesCpu((t) => tf.losses.huberLoss(t.y!, t.p!), { y: randomInput([32]), p: randomInput([32]) });
  });

  it('should match cpu for ten Adam updates of a small conv net', async () => {
    const init = { x: randomInput([4, 10, 10, 4]), w: randomInput([3, 3, 4, 8]), d: randomInput([8 * 8 * 8, 3]) };
    const run = async (backend: 'wasm' | 'cpu'): Promise<Float32Array[]> => {
      await initBackend({ name: backend });
      const x = tf.tensor(init.x.values, init.x.shape);
      const w = tf.variable(tf.tensor(init.w.values, init.w.shape));
      const d = tf.variable(tf.tensor(init.d.values, init.d.shape));
      const optimizer = tf.train.adam(1e-3, 0.9, 0.999, 1.5e-4);
      for (let i = 0; i < 10; i++) {
        optimizer.minimize(() => {
          const h = tf.relu(tf.conv2d(x as tf.Tensor4D, w as tf.Variable<tf.Rank.R4>, 1, 'valid'));
          const q = tf.matMul(tf.reshape(h, [4, -1]), d as tf.Variable<tf.Rank.R2>);
          return tf.mean(tf.square(q));
        });
      }
      const out = [w.dataSync() as Float32Array, d.dataSync() as Float32Array];
      optimizer.dispose();
      tf.dispose([x, w, d]);
      return out;
    };
    const cpu = await run('cpu');
    const wasm = await run('wasm');
    expect(maxAbsDiff(wasm[0]!, cpu[0]!)).toBeLessThanOrEqual(TOLERANCE);
    expect(maxAbsDiff(wasm[1]!, cpu[1]!)).toBeLessThanOrEqual(TOLERANCE);
  });
});
