import type { Batch, MetricRecord, UpdateContext } from '@prunerl/core';
import { ConfigError } from '@prunerl/core';
import { expectNoTensorLeakSync, HandBuiltNetwork } from '@prunerl/testing';
import * as tf from '@tensorflow/tfjs-core';
import { DIAGNOSTIC_METRICS } from './diagnostic-metric-names';
import { DiagnosticsProbe } from './diagnostics-probe';

function network(): HandBuiltNetwork {
  return HandBuiltNetwork.fromWeights([
    { kernel: [[1, -1, 0], [0.5, 1, 0]], bias: [0, 0, -1] },
    { kernel: [[1, 0], [0, 1], [0, 0]], bias: [0.1, 0] },
  ]);
}

function batchOf(): Batch {
  return {
    batchSize: 4,
    observationShape: [2],
    observationDtype: 'float32',
    observations: Float32Array.from([1, 2, -1, 0, 3, 1, 0.5, -2]),
    nextObservations: Float32Array.from([0, 1, 1, 1, 2, 0, 1, -1]),
    actions: Int32Array.from([0, 1, 1, 0]),
    rewards: Float32Array.from([0, 1, 0, 1]),
    discounts: Float32Array.from([0.99, 0.99, 0, 0.99]),
    indices: Int32Array.from([0, 1, 2, 3]),
    weights: new Float32Array(4).fill(1),
    probabilities: new Float32Array(4).fill(0.25),
  };
}

function context(net: HandBuiltNetwork, step: number, extra: Partial<UpdateContext> = {}): UpdateContext {
  return {
    step,
    trainingFraction: undefined,
    totalUpdates: undefined,
    parameters: net.parameters(),
    network: net,
    optimizer: {} as UpdateContext['optimizer'],
    ...extra,
  };
}

describe('DiagnosticsProbe', () => {
  describe('.afterUpdate', () => {
    it('should probe every N updates and write the Fig. 11 metrics to every sink', () => {
      const net = network();
      const observations = tf.tensor2d([
        [1, 2],
        [-1, 0],
        [3, 1],
      ]);
      const written: MetricRecord[][] = [[], []];
      const probe = new DiagnosticsProbe({
        every: 2,
        sinks: written.map((records) => ({ write: (r: MetricRecord) => records.push(r) })),
        stepOf: (ctx) => ctx.step * 4,
        tags: { seed: 7 },
      });
      expectNoTensorLeakSync(() => {
        for (let step = 1; step <= 4; step++) probe.afterUpdate(context(net, step, { observations }));
      });
      expect(written[0]).toEqual(written[1]);
      const steps = [...new Set(written[0]!.map((r) => r.step))];
      expect(steps).toEqual([8, 16]); // updates 2 and 4, mapped to environment steps
      const names = new Set(written[0]!.map((r) => r.name));
      for (const name of [
        DIAGNOSTIC_METRICS.dormant(0.1),
        DIAGNOSTIC_METRICS.dormant(0),
        `${DIAGNOSTIC_METRICS.dormant(0)}/torso/dense0`,
        DIAGNOSTIC_METRICS.srank,
        DIAGNOSTIC_METRICS.parameterNorm,
        DIAGNOSTIC_METRICS.qNorm,
        DIAGNOSTIC_METRICS.qVariance,
        DIAGNOSTIC_METRICS.sparsity,
        DIAGNOSTIC_METRICS.totalSparsity,
      ]) {
        expect(names).toContain(name);
      }
      expect(written[0]![0]!.tags).toEqual({ seed: 7, updates: 2 });
      // Hidden unit 2 has zero weights and bias -1: dead on any batch.
      expect(probe.metrics()[`${DIAGNOSTIC_METRICS.dormant(0)}/torso/dense0`]).toBeCloseTo(1 / 3, 12);
      expect(probe.metrics()[DIAGNOSTIC_METRICS.parameterNorm]).toBeCloseTo(Math.sqrt(1 + 1 + 0.25 + 1 + 1 + 1 + 1 + 0.01), 6);
      expect(probe.last?.srank.shape).toEqual([3, 3]);
      net.dispose();
      observations.dispose();
    });

    it('should fall back to the batch and compute the gradient covariance when asked', () => {
      const net = network();
      const probe = new DiagnosticsProbe({ every: 1, gradientCovariance: { every: 1, k: 3 } });
      expectNoTensorLeakSync(() => probe.afterUpdate(context(net, 1, { batch: batchOf() })));
      const covariance = probe.lastRecords.find((r) => r.name === DIAGNOSTIC_METRICS.gradientCovariance);
      expect(covariance?.tags).toEqual({ updates: 1, k: 3 });
      expect((covariance?.value as number[]).length).toBe(9);
      expect(probe.lastGradientCovariance?.matrix[0]).toBeCloseTo(1, 6);
      net.dispose();
    });

    it('should use a fixed probe batch when given one', () => {
      const net = network();
      const fixed = tf.tensor2d([[1, 1], [2, 2]]);
      const probe = new DiagnosticsProbe({ every: 1, observations: fixed });
      probe.afterUpdate(context(net, 1, { batch: batchOf() }));
      expect(probe.last?.srank.shape).toEqual([2, 3]);
      net.dispose();
      fixed.dispose();
    });

    it('should explain what is missing when there is nothing to probe on', () => {
      const net = network();
      expect(() => new DiagnosticsProbe({ every: 1 }).afterUpdate(context(net, 1))).toThrow(/DiagnosticsProbe options.observations/);
      net.dispose();
    });
  });

  describe('constructor', () => {
    it('should reject bad options with the field named', () => {
      expect(() => new DiagnosticsProbe({ every: 0 })).toThrow(/DiagnosticsProbe options.every/);
      expect(() => new DiagnosticsProbe({ evry: 5 } as never)).toThrow(ConfigError);
      expect(() => new DiagnosticsProbe({ sinks: [{}] as never })).toThrow(/sinks/);
      expect(() => new DiagnosticsProbe({ gradientCovariance: { every: 10, k: 0 } })).toThrow(/gradientCovariance.k/);
    });
  });
});
