import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { expectNoTensorLeak, expectNoTensorLeakSync, TensorLeakError } from './tensor-leak';

describe('expectNoTensorLeak', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('should pass and return the result when every tensor is disposed', async () => {
    const result = await expectNoTensorLeak(() => tf.tidy(() => tf.sum(tf.add(tf.ones([2]), 1)).arraySync()));
    expect(result).toBe(4);
  });

  it('should throw a TensorLeakError counting the leaked tensors', async () => {
    const kept: tf.Tensor[] = [];
    const attempt = expectNoTensorLeak(
      () => {
        kept.push(tf.ones([2]), tf.zeros([3]));
      },
      { label: 'leaky step' },
    );
    await expect(attempt).rejects.toThrow(new TensorLeakError(2, 'leaky step'));
    await expect(expectNoTensorLeak(async () => kept.push(tf.ones([1])))).rejects.toThrow('the function leaked 1 tensor ');
    tf.dispose(kept);
  });

  it('should accept an allowance for tensors created on purpose', () => {
    const kept = expectNoTensorLeakSync(() => tf.ones([1]), { allowed: 1 });
    expect(() => expectNoTensorLeakSync(() => tf.ones([1]))).toThrow(TensorLeakError);
    kept.dispose();
  });
});
