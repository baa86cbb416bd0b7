import { ConfigError, Rng, ShapeError } from '@prunerl/core';
import { expectNoTensorLeakSync } from '@prunerl/testing';
import * as tf from '@tensorflow/tfjs-core';
import { DrQAugmentation } from './drq-augmentation';

/** `[B, H, W, C]` with distinct values. */
function images(batch: number, h: number, w: number, c: number, seed = 1): tf.Tensor4D {
  return tf.tensor4d(Rng.fromSeed(seed).fillUniform(new Float32Array(batch * h * w * c)), [batch, h, w, c]);
}

/** Every crop of the edge-padded image `[H, W, C]` (nested arrays), as JSON strings, keyed by offset. */
function allCrops(image: number[][][], pad: number): Map<string, string> {
  const h = image.length;
  const w = image[0]!.length;
  const at = (i: number, j: number): number[] => image[Math.min(h - 1, Math.max(0, i - pad))]![Math.min(w - 1, Math.max(0, j - pad))]!;
  const crops = new Map<string, string>();
  for (let dy = 0; dy <= 2 * pad; dy++) {
    for (let dx = 0; dx <= 2 * pad; dx++) {
      const crop = Array.from({ length: h }, (_, i) => Array.from({ length: w }, (_, j) => at(i + dy, j + dx)));
      crops.set(`${dy},${dx}`, JSON.stringify(crop));
    }
  }
  return crops;
}

describe('DrQAugmentation', () => {
  describe('constructor', () => {
    it("should default to DrQ's values and name bad options", () => {
      const a = new DrQAugmentation();
      expect([a.name, a.pad, a.intensityScale, a.intensityClip, a.cropRange]).toEqual(['drq', 4, 0.05, 2, 'full']);
      expect(() => new DrQAugmentation({ pad: -1 })).toThrow(/DrQAugmentation.pad: expected an integer >= 0/);
      expect(() => new DrQAugmentation({ pad: 1.5 })).toThrow(ConfigError);
      expect(() => new DrQAugmentation({ intensityScale: -0.1 })).toThrow(/DrQAugmentation.intensityScale/);
      expect(() => new DrQAugmentation({ cropRange: 'half' as never })).toThrow(/DrQAugmentation.cropRange/);
      expect(() => new DrQAugmentation({ padding: 4 } as never)).toThrow(/DrQAugmentation options.padding/);
    });
  });

  describe('.apply', () => {
    it('should be a no-op copy at pad 0 and zero noise, drawing nothing', () => {
      const x = images(3, 5, 4, 2);
      const rng = Rng.fromSeed(9);
      const before = rng.state();
      const out = new DrQAugmentation({ pad: 0, intensityScale: 0 }).apply(x, rng);
      expect(out).not.toBe(x);
      expect(out.shape).toEqual(x.shape);
      expect(Array.from(out.dataSync())).toEqual(Array.from(x.dataSync()));
      expect(rng.state()).toEqual(before);
      // Non-image observations too.
      const flat = tf.tensor2d([[1, 2, 3]]);
      expect(Array.from(new DrQAugmentation({ pad: 0, intensityScale: 0 }).apply(flat, rng).dataSync())).toEqual([1, 2, 3]);
    });

    it('should be deterministic under a seed and differ across seeds', () => {
      const x = images(4, 8, 8, 3);
      const augmentation = new DrQAugmentation();
      const run = (seed: number): number[] => Array.from(augmentation.apply(x, Rng.fromSeed(seed).split('aug')).dataSync());
      expect(run(5)).toEqual(run(5));
      expect(run(5)).not.toEqual(run(6));
      // A stream continued from a saved state gives the same augmentation.
      const rng = Rng.fromSeed(5).split('aug');
      augmentation.apply(x, rng).dispose();
      const copy = Rng.fromState(rng.state());
      expect(Array.from(augmentation.apply(x, rng).dataSync())).toEqual(Array.from(augmentation.apply(x, copy).dataSync()));
    });

    it('should crop the edge-padded image, one offset per image for all channels, reaching every crop', () => {
      const pad = 1;
      const x = images(1, 3, 4, 2, 3);
      const crops = allCrops((x.arraySync() as number[][][][])[0]!, pad);
      const augmentation = new DrQAugmentation({ pad, intensityScale: 0 });
      const seen = new Set<string>();
      const rng = Rng.fromSeed(1);
      for (let k = 0; k < 200; k++) {
        const out = JSON.stringify((augmentation.apply(x, rng).arraySync() as number[][][][])[0]);
        const offset = [...crops].find(([, crop]) => crop === out)?.[0];
        expect(offset).toBeDefined();
        seen.add(offset!);
      }
      expect(seen.size).toBe(9);
      // Dopamine's range leaves out the last offset on each axis.
      const dopamine = new DrQAugmentation({ pad, intensityScale: 0, cropRange: 'dopamine' });
      const seenDopamine = new Set<string>();
      for (let k = 0; k < 200; k++) {
        const out = JSON.stringify((dopamine.apply(x, rng).arraySync() as number[][][][])[0]);
        seenDopamine.add([...crops].find(([, crop]) => crop === out)![0]);
      }
      expect([...seenDopamine].sort()).toEqual(['0,0', '0,1', '1,0', '1,1']);
    });

    it('should shift the images of a batch independently', () => {
      const x = tf.tile(images(1, 6, 6, 1), [16, 1, 1, 1]);
      const out = new DrQAugmentation({ pad: 2, intensityScale: 0 }).apply(x, Rng.fromSeed(2)).arraySync() as number[][][][];
      expect(new Set(out.map((image) => JSON.stringify(image))).size).toBeGreaterThan(1);
    });

    it('should scale each image by 1 + s clip(N(0, 1), -2, 2)', () => {
      const x = tf.add(images(64, 2, 2, 1), 0.5);
      const out = tf.div(new DrQAugmentation({ pad: 0, intensityScale: 0.05 }).apply(x, Rng.fromSeed(4)), x).arraySync() as number[][][][];
      const factors = out.map((image) => image[0]![0]![0]!);
      out.forEach((image, b) => image.flat(2).forEach((v) => expect(v).toBeCloseTo(factors[b]!, 5)));
      factors.forEach((f) => {
        expect(f).toBeGreaterThanOrEqual(0.9 - 1e-6);
        expect(f).toBeLessThanOrEqual(1.1 + 1e-6);
      });
      expect(new Set(factors).size).toBeGreaterThan(32);
      // The factors are 1 + 0.05 * clip(normal) with the stream's normals, in batch order.
      const rng = Rng.fromSeed(4);
      factors.forEach((f) => expect(f).toBeCloseTo(1 + 0.05 * Math.min(2, Math.max(-2, rng.normal())), 5));
    });

    it('should refuse non-image batches when padding, and not leak', () => {
      const augmentation = new DrQAugmentation({ pad: 2 });
      expect(() => augmentation.apply(tf.zeros([2, 5]), Rng.fromSeed(0))).toThrow(ShapeError);
      expect(() => augmentation.checkObservationShape([5], 'agent.augmentation')).toThrow(/agent.augmentation: expected image observations/);
      expect(() => new DrQAugmentation({ pad: 0 }).checkObservationShape([5], 'x')).not.toThrow();
      const x = images(4, 6, 6, 2);
      const rng = Rng.fromSeed(1);
      expectNoTensorLeakSync(() => augmentation.apply(x, rng).dispose(), { label: 'DrQAugmentation.apply' });
      x.dispose();
    });
  });
});
