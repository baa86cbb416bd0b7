import { ConfigError } from '@prunerl/core';
import * as tf from '@tensorflow/tfjs-core';
import { createQNetwork, type CreateQNetworkOptions } from './create-q-network';

function count(options: CreateQNetworkOptions): number {
  const net = createQNetwork(options);
  try {
    return net.countParameters();
  } finally {
    net.dispose();
  }
}

/** Parameters of a conv layer k x k, cin -> cout, with bias. */
const conv = (k: number, cin: number, cout: number): number => k * k * cin * cout + cout;
/** Parameters of a dense layer with bias. */
const dense = (inputs: number, units: number): number => inputs * units + units;

describe('createQNetwork', () => {
  describe('parameter counts', () => {
    it('should give nature-cnn + q (VALID, 84x84x4, 18 actions) 1,693,362 parameters', () => {
      // 84 -> 20 -> 9 -> 7: flatten 7*7*64 = 3,136.
      expect(conv(8, 4, 32) + conv(4, 32, 64) + conv(3, 64, 64) + dense(3136, 512) + dense(512, 18)).toBe(1_693_362);
      expect(count({ torso: 'nature-cnn', padding: 'valid', observationShape: [84, 84, 4], numActions: 18, seed: 0 })).toBe(1_693_362);
    });

    it('should give nature-cnn + q (SAME, the default) 4,052,658 parameters', () => {
      // 84 -> 21 -> 11 -> 11: flatten 11*11*64 = 7,744.
      expect(conv(8, 4, 32) + conv(4, 32, 64) + conv(3, 64, 64) + dense(7744, 512) + dense(512, 18)).toBe(4_052_658);
      expect(count({ torso: 'nature-cnn', observationShape: [84, 84, 4], numActions: 18, seed: 0 })).toBe(4_052_658);
    });

    it('should count impala + q at width 1 (84x84x4, 18 actions) by hand', () => {
      // Stack 1: conv 4->16 (592) + 4 residual convs 16->16 (4 * 2,320 = 9,280) = 9,872.
      // Stack 2: conv 16->32 (4,640) + 4 * 9,248 = 41,632. Stack 3: conv 32->32 (9,248) + 4 * 9,248 = 46,240.
      // 84 -> 42 -> 21 -> 11: flatten 11*11*32 = 3,872; dense 3,872*512 + 512 = 1,982,976; head 512*18 + 18 = 9,234.
      const stack = (cin: number, c: number): number => conv(3, cin, c) + 4 * conv(3, c, c);
      expect(stack(4, 16)).toBe(9_872);
      expect(stack(16, 32)).toBe(41_632);
      expect(stack(32, 32)).toBe(46_240);
      const total = 9_872 + 41_632 + 46_240 + 1_982_976 + 9_234;
      expect(total).toBe(2_089_954);
      expect(count({ torso: 'impala', observationShape: [84, 84, 4], numActions: 18, seed: 0 })).toBe(total);
    });

    it('should count impala + q at width 3 with (48, 96, 96) channels and a fixed dense 512', () => {
      const stack = (cin: number, c: number): number => conv(3, cin, c) + 4 * conv(3, c, c);
      // 4->48: 1,776 + 4*20,784; 48->96: 41,568 + 4*83,040; 96->96: 83,040 + 4*83,040; flatten 11*11*96 = 11,616.
      const total = stack(4, 48) + stack(48, 96) + stack(96, 96) + dense(11_616, 512) + dense(512, 18);
      expect(total).toBe(1_776 + 4 * 20_784 + 41_568 + 4 * 83_040 + 5 * 83_040 + 5_947_904 + 9_234);
      expect(count({ torso: 'impala', width: 3, observationShape: [84, 84, 4], numActions: 18, seed: 0 })).toBe(total);
    });

    it('should count minatar-cnn + q (10x10x4, 6 actions) by hand', () => {
      // conv 3*3*4*16 + 16 = 592; 10 -> 8 (VALID): flatten 8*8*16 = 1,024; dense 1,024*128 + 128 = 131,200; head 128*6 + 6 = 774.
      expect(count({ torso: 'minatar-cnn', observationShape: [10, 10, 4], numActions: 6, seed: 0 })).toBe(592 + 131_200 + 774);
      expect(592 + 131_200 + 774).toBe(132_566);
    });

    it('should scale minatar-cnn channels by width and keep dense 128 unless scaleDense', () => {
      // width 3: conv 3*3*4*48 + 48 = 1,776; flatten 8*8*48 = 3,072; dense 3,072*128 + 128 = 393,344; head 774.
      expect(count({ torso: 'minatar-cnn', width: 3, observationShape: [10, 10, 4], numActions: 6, seed: 0 })).toBe(1_776 + 393_344 + 774);
      // scaleDense: dense 3,072*384 + 384 = 1,180,032; head 384*6 + 6 = 2,310.
      expect(count({ torso: 'minatar-cnn', width: 3, scaleDense: true, observationShape: [10, 10, 4], numActions: 6, seed: 0 })).toBe(1_776 + 1_180_032 + 2_310);
    });

    it('should count an mlp (default [256, 256], width scales every hidden size)', () => {
      // 4 -> 256 -> 256 -> 2: 1,280 + 65,792 + 514.
      expect(count({ torso: 'mlp', observationShape: [4], numActions: 2, seed: 0 })).toBe(1_280 + 65_792 + 514);
      // width 2: 4 -> 512 -> 512 -> 2: 2,560 + 262,656 + 1,026.
      expect(count({ torso: 'mlp', width: 2, observationShape: [4], numActions: 2, seed: 0 })).toBe(2_560 + 262_656 + 1_026);
    });

    it('should count every head on the MinAtar torso', () => {
      const base = { torso: 'minatar-cnn', observationShape: [10, 10, 4], numActions: 6, seed: 0 } as const;
      const torso = 592 + 131_200;
      // Dueling: advantage 128*6 + 6, value 128 + 1.
      expect(count({ ...base, head: 'dueling' })).toBe(torso + 774 + 129);
      // C51: 128 * (6*51) + 6*51.
      expect(count({ ...base, head: 'c51' })).toBe(torso + dense(128, 306));
      // Dueling C51: advantage 128*306 + 306, value 128*51 + 51.
      expect(count({ ...base, head: 'c51', dueling: true })).toBe(torso + dense(128, 306) + dense(128, 51));
      // Quantile: embedding 64 -> 1,024 (the encoder size), then the torso's dense, then 128 -> 6.
      expect(count({ ...base, head: 'quantile' })).toBe(torso + dense(64, 1024) + 774);
      // NoisyNet doubles every noisy layer (mu and sigma): the dense 128 and the head.
      expect(count({ ...base, noisy: true })).toBe(592 + 2 * 131_200 + 2 * 774);
      expect(count({ ...base, noisy: true, noisyHidden: false })).toBe(torso + 2 * 774);
    });
  });

  describe('options', () => {
    const base = { observationShape: [10, 10, 4], numActions: 6, seed: 0 };
    const configError = (options: Record<string, unknown>, field: string): void => {
      let error: unknown;
      try {
        createQNetwork({ ...base, ...options } as unknown as CreateQNetworkOptions).dispose();
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).field).toBe(field);
    };

    it('should reject an unknown torso or head naming the field', () => {
      configError({ torso: 'resnet50' }, 'torso');
      configError({ torso: 'impala', head: 'softmax' }, 'head');
    });

    it('should reject a non-positive or non-finite width', () => {
      configError({ torso: 'impala', width: 0 }, 'width');
      configError({ torso: 'impala', width: -1 }, 'width');
      configError({ torso: 'impala', width: Number.NaN }, 'width');
    });

    it('should reject an option the torso or head does not take', () => {
      configError({ torso: 'impala', padding: 'valid' }, 'padding');
      configError({ torso: 'mlp', denseUnits: 64 }, 'denseUnits');
      configError({ torso: 'impala', head: 'q', numAtoms: 51 }, 'numAtoms');
      configError({ torso: 'impala', head: 'c51', embeddingDim: 64 }, 'embeddingDim');
      configError({ torso: 'impala', widht: 2 }, 'widht');
      configError({ torso: 'impala', noisySigma0: 0.5 }, 'noisySigma0');
    });

    it('should reject a shape the torso cannot take', () => {
      configError({ torso: 'impala', observationShape: [400] }, 'observationShape');
      configError({ torso: 'nature-cnn', padding: 'valid', observationShape: [10, 10, 4] }, 'observationShape');
      configError({ torso: 'minatar-cnn', observationShape: [2, 10, 4] }, 'observationShape');
      configError({ torso: 'mlp', observationShape: [0] }, 'observationShape');
    });

    it('should reject bad head options', () => {
      configError({ torso: 'mlp', head: 'c51', numAtoms: 1 }, 'numAtoms');
      configError({ torso: 'mlp', head: 'c51', vMin: 5, vMax: 5 }, 'vMin');
      configError({ torso: 'mlp', head: 'quantile', embeddingDim: 0 }, 'embeddingDim');
      configError({ torso: 'mlp', numActions: 0 }, 'numActions');
      configError({ torso: 'mlp', seed: -1 }, 'seed');
      configError({ torso: 'mlp', init: 'he' }, 'init');
      configError({ torso: 'mlp', init: { head: 'orthogonal' } }, 'init.head');
    });

    it('should leave no variable behind when the shape is rejected after building began', () => {
      const { numTensors } = tf.memory();
      configError({ torso: 'nature-cnn', padding: 'valid', observationShape: [20, 20, 4] }, 'observationShape');
      expect(tf.memory().numTensors).toBe(numTensors);
    });
  });
});
