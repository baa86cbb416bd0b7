import type { NetworkFactory, NetworkSpec, QNetwork } from '@prunerl/core';
import * as tf from '@tensorflow/tfjs-core';
import { check, checkThrows, testGlobals } from '../conformance/test-api';
import { expectNoTensorLeakSync } from '../tensor-leak';

/** Options of {@link qNetworkConformance}. */
export interface QNetworkConformanceOptions {
  /** One observation's shape the factory's torso can take. */
  readonly observationShape: readonly number[];
  /** Default 4. */
  readonly numActions?: number;
  /** Batch of the checks (default 3). */
  readonly batchSize?: number;
  /** Quantile fractions per state for quantile heads (default 5). */
  readonly numTaus?: number;
  /**
   * Largest observation value; observations are drawn as integers in [0, high] and given as int32
   * (as replay hands out uint8 frames and grids). Default 1.
   */
  readonly observationHigh?: number;
}

/**
 * The conformance suite of a `NetworkFactory` and the `QNetwork`s it builds, for
 * `@prunerl/networks` and third-party architectures (jest, vitest or mocha):
 * - the network reports the spec's observation shape and actions and the factory's head;
 * - `apply` returns `[B, A]` for `q`/`dueling`, `[B, A, numAtoms]` for `c51` (with a support of
 *   `numAtoms` increasing values), `[B, N, A]` for `quantile` at `taus` `[B, N]`, all finite;
 * - parameter names are non-empty, unique, prefixed by their layer, stable across two builds (same
 *   order and shapes), and `countParameters()` is the sum of their sizes;
 * - the same seed gives identical weights, another seed other weights;
 * - every parameter takes part in the forward pass (receives a gradient, noise on);
 * - `copyFrom` makes weights and outputs exactly equal, and leaves the source alone;
 * - `apply` and `activations` leak no tensors and `apply` changes no variable; with NoisyNet
 *   layers, `noise: false` is deterministic;
 * - a batch of the wrong shape throws a `ShapeError`; `dispose` frees every variable.
 *
 * @example
 * ```ts
 * qNetworkConformance('impala + c51', new QNetworkFactory({ torso: 'impala', head: 'c51', width: 0.25 }), {
 *   observationShape: [12, 12, 2],
 * });
 * ```
 */
export function qNetworkConformance(name: string, factory: NetworkFactory, options: QNetworkConformanceOptions): void {
  const { describe, it } = testGlobals();
  const numActions = options.numActions ?? 4;
  const batch = options.batchSize ?? 3;
  const numTaus = options.numTaus ?? 5;
  const high = options.observationHigh ?? 1;
  const spec = (seed: number, scope: string): NetworkSpec => ({ observationShape: options.observationShape, numActions, seed, scope });
  const kind = factory.head.kind;

  const observations = (rows = batch, seed = 3): tf.Tensor => {
    let state = seed * 2654435761;
    const size = rows * options.observationShape.reduce((a, b) => a * b, 1);
    const values = new Int32Array(size);
    for (let i = 0; i < size; i++) {
      // A small LCG keeps the suite free of backend random ops (and identical everywhere).
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      values[i] = state % (high + 1);
    }
    return tf.tensor(values, [rows, ...options.observationShape], 'int32');
  };
  const taus = (rows = batch): tf.Tensor => tf.tensor2d(Float32Array.from({ length: rows * numTaus }, (_, i) => ((i * 7) % 11) / 11 + 0.03), [rows, numTaus]);
  const applyOptions = (noise: boolean, rows = batch) => (kind === 'quantile' ? { taus: taus(rows), noise } : { noise });
  const withNetwork = <T>(seed: number, scope: string, body: (net: QNetwork) => T): T => {
    const net = factory.create(spec(seed, scope));
    try {
      return body(net);
    } finally {
      net.dispose();
    }
  };
  const values = (net: QNetwork): Float32Array[] => net.parameters().map((p) => p.variable.dataSync() as Float32Array).map((v) => Float32Array.from(v));

  describe(`${name} (QNetwork conformance)`, () => {
    it('should report its task and its factory head', () => {
      withNetwork(1, 'conf-task', (net) => {
        check(net.numActions === numActions, `numActions is ${net.numActions}, expected ${numActions}`);
        check(net.observationShape.length === options.observationShape.length && net.observationShape.every((d, i) => d === options.observationShape[i]), `observationShape is [${net.observationShape.join(', ')}]`);
        check(net.head.kind === factory.head.kind, `head.kind is ${net.head.kind}, the factory says ${factory.head.kind}`);
        check(net.head.numAtoms === factory.head.numAtoms, 'head.numAtoms differs from the factory head');
      });
    });

    it('should return the output shape of its head kind', () => {
      withNetwork(1, 'conf-shape', (net) => {
        const out = tf.tidy(() => {
          const y = net.apply(observations(), applyOptions(true));
          return { shape: y.shape, finite: tf.all(tf.isFinite(y)).dataSync()[0] === 1 };
        });
        const expected =
          kind === 'c51' ? [batch, numActions, net.head.numAtoms ?? -1] : kind === 'quantile' ? [batch, numTaus, numActions] : kind === 'q' || kind === 'dueling' ? [batch, numActions] : null;
        if (expected) check(out.shape.join() === expected.join(), `a ${kind} head returned [${out.shape.join(', ')}], expected [${expected.join(', ')}]`);
        else check(out.shape[0] === batch, `output's first axis is ${out.shape[0]}, expected the batch ${batch}`);
        check(out.finite, 'apply returned non-finite values');
        if (kind === 'c51') {
          const support = net.head.support;
          check(support instanceof Float32Array && support.length === net.head.numAtoms, 'a c51 head must expose a support of numAtoms values');
          check(support!.every((z, i) => i === 0 || z > support![i - 1]!), 'the c51 support must increase');
        }
      });
    });

    it('should name its parameters uniquely and stably and count them', () => {
      const describeParams = (net: QNetwork): string[] => net.parameters().map((p) => `${p.name}|${p.layer}|${p.role}|${p.variable.shape.join('x')}`);
      const first = withNetwork(1, 'conf-names-a', (net) => {
        const params = net.parameters();
        check(params.length > 0, 'a network must have parameters');
        const names = params.map((p) => p.name);
        check(new Set(names).size === names.length, () => `duplicate parameter names: ${names.filter((n, i) => names.indexOf(n) !== i).join(', ')}`);
        for (const p of params) {
          check(typeof p.name === 'string' && p.name.length > 0, 'a parameter has an empty name');
          check(typeof p.role === 'string' && p.role.length > 0, `${p.name} has no role`);
          check(p.name.startsWith(`${p.layer}/`), `${p.name} does not start with its layer ${p.layer}/`);
          check(p.variable.trainable, `${p.name} is not trainable`);
        }
        const total = params.reduce((sum, p) => sum + p.variable.size, 0);
        check(net.countParameters() === total, `countParameters() is ${net.countParameters()}, the parameters hold ${total}`);
        return describeParams(net);
      });
      const second = withNetwork(2, 'conf-names-b', describeParams);
      check(first.join() === second.join(), 'two networks of one factory list different parameters (names, layers, roles, shapes or order)');
    });

    it('should initialise deterministically from the seed', () => {
      const a = withNetwork(5, 'conf-seed-a', values);
      const b = withNetwork(5, 'conf-seed-b', values);
      const c = withNetwork(6, 'conf-seed-c', values);
      check(a.every((v, i) => sameValues(v, b[i]!)), 'two networks with the same seed have different weights');
      check(a.some((v, i) => !sameValues(v, c[i]!)), 'two networks with different seeds have identical weights');
    });

    it('should use every parameter in the forward pass', () => {
      withNetwork(1, 'conf-grads', (net) => {
        const params = net.parameters();
        const missing = tf.tidy(() => {
          const x = observations();
          const o = applyOptions(true);
          const { grads } = tf.variableGrads(() => tf.sum(tf.square(net.apply(x, o))) as tf.Scalar, params.map((p) => p.variable));
          return params.filter((p) => grads[p.variable.name] === undefined).map((p) => p.name);
        });
        check(missing.length === 0, () => `parameters with no gradient: ${missing.join(', ')}`);
      });
    });

    it('should copy another network exactly with copyFrom', () => {
      const source = factory.create(spec(11, 'conf-copy-a'));
      const target = factory.create(spec(12, 'conf-copy-b'));
      try {
        const before = values(source);
        target.copyFrom(source);
        const after = values(target);
        check(before.every((v, i) => sameValues(v, after[i]!)), 'copyFrom left some weights different from the source');
        check(values(source).every((v, i) => sameValues(v, before[i]!)), 'copyFrom changed the source');
        const same = tf.tidy(() => {
          const x = observations();
          const o = applyOptions(false);
          return tf.all(tf.equal(source.apply(x, o), target.apply(x, o))).dataSync()[0] === 1;
        });
        check(same, 'after copyFrom the two networks give different outputs (noise off)');
      } finally {
        source.dispose();
        target.dispose();
      }
    });

    it('should leak no tensor in apply or activations and change no variable', () => {
      withNetwork(1, 'conf-leak', (net) => {
        const x = observations();
        const o = applyOptions(true);
        try {
          const before = values(net);
          expectNoTensorLeakSync(() => net.apply(x, o).dispose(), { label: `${name} apply` });
          expectNoTensorLeakSync(
            () => {
              const acts = net.activations(x, o);
              check(acts.size > 0, 'activations() returned no hidden layer');
              for (const [layer, t] of acts) check(t.shape[0] === batch || t.shape[0] === batch * numTaus, `activation ${layer} has first axis ${t.shape[0]}`);
              tf.dispose([...acts.values()]);
            },
            { label: `${name} activations` },
          );
          check(values(net).every((v, i) => sameValues(v, before[i]!)), 'apply changed a variable');
        } finally {
          tf.dispose([x, ...(o.taus ? [o.taus] : [])]);
        }
      });
    });

    it('should be deterministic with noise off', () => {
      withNetwork(1, 'conf-noise', (net) => {
        const same = tf.tidy(() => {
          const x = observations();
          const o = applyOptions(false);
          return tf.all(tf.equal(net.apply(x, o), net.apply(x, o))).dataSync()[0] === 1;
        });
        check(same, 'two calls with noise: false gave different outputs');
        if (net.head.noisy) {
          const differs = tf.tidy(() => {
            const x = observations();
            const o = applyOptions(true);
            return tf.any(tf.notEqual(net.apply(x, o), net.apply(x, o))).dataSync()[0] === 1;
          });
          check(differs, 'a noisy head gave identical outputs on two noisy calls');
        }
      });
    });

    it('should reject a batch of the wrong shape with a ShapeError', async () => {
      const net = factory.create(spec(1, 'conf-bad'));
      const wrong = tf.zeros([batch, ...options.observationShape.slice(0, -1), options.observationShape[options.observationShape.length - 1]! + 1]);
      const o = applyOptions(false);
      try {
        await checkThrows(() => net.apply(wrong, o), { name: 'ShapeError' }, 'apply on observations of the wrong shape');
      } finally {
        tf.dispose([wrong, ...(o.taus ? [o.taus] : [])]);
        net.dispose();
      }
    });

    it('should free every variable on dispose', () => {
      const before = tf.memory().numTensors;
      const net = factory.create(spec(1, 'conf-dispose'));
      check(net.parameters().every((p) => !p.variable.isDisposed), 'a fresh network holds disposed variables');
      net.dispose();
      check(net.parameters().every((p) => p.variable.isDisposed), 'dispose left some variables alive');
      check(tf.memory().numTensors === before, `dispose left ${tf.memory().numTensors - before} tensors`);
    });
  });
}

function sameValues(a: Float32Array, b: Float32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}
