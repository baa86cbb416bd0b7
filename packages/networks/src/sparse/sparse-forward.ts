import {
  CsrMatrix,
  instantiateSparseKernels,
  SparseArena,
  SparseConvLayer,
  SparseDenseLayer,
  SparseMaxPool,
  window2d,
  type ArenaRegion,
  type SparseHeap,
  type SparseWasmKernels,
} from '@prunerl/wasm';
import type { HeadPlan } from '../heads/head';
import type { Activation } from '../layers/dense-layer';
import type { ConvLayer } from '../layers/conv-layer';
import type { LayerOp } from '../layers/layer-op';
import type { NetworkPlan } from '../network/network-plan';

/** A parameter's values as the compiler reads them. */
export interface ParameterValues {
  readonly shape: readonly number[];
  readonly values: Float32Array;
}

/** What the compiled forward pass returns: the head's output, shaped as `apply` shapes it. */
export interface SparseOutput {
  readonly values: Float32Array;
  readonly shape: number[];
}

/**
 * A value of the compiled pass: where it lies, its shape for one sample (`[h, w, c]` or `[n]`), and
 * whether a ReLU is still to be applied to it. A `relu` step only sets that flag; the next layer
 * applies it on the fly (`reluInput`: negative inputs skipped), as it would skip zeros.
 */
interface Value {
  readonly region: ArenaRegion;
  readonly shape: readonly number[];
  readonly relu: boolean;
}

/** One step of the compiled pass. */
type Step = (heap: SparseHeap) => void;

const sizeOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/**
 * Turns a network's layer ops ({@link NetworkPlan}) into steps over @prunerl/wasm's sparse layers,
 * in one arena: weights in CSR form, one region per layer output.
 */
class PlanCompiler {
  zeros = 0;
  total = 0;
  /** The regions this compiler reserved for its steps' outputs (a residual may sum into them). */
  private readonly outputs = new Set<ArenaRegion>();

  constructor(
    readonly arena: SparseArena,
    private readonly parameters: ReadonlyMap<string, ParameterValues>,
  ) {}

  /** The CSR weights (one row per input) and bias of `layer`. */
  weights(layer: string): { weights: CsrMatrix; values: Float32Array; bias: Float32Array } {
    const kernel = this.parameters.get(`${layer}/kernel`);
    const bias = this.parameters.get(`${layer}/bias`);
    if (!kernel || !bias) throw new Error(`sparse inference: no parameters for layer ${layer}`);
    const rows = kernel.shape.slice(0, -1).reduce((a, b) => a * b, 1);
    const weights = CsrMatrix.fromDense(kernel.values, rows, kernel.shape[kernel.shape.length - 1]!);
    this.zeros += weights.rows * weights.cols - weights.nonzeros;
    this.total += weights.rows * weights.cols;
    return { weights, values: weights.gather(kernel.values), bias: bias.values };
  }

  /** A dense layer of `layer`'s weights and an output region. */
  dense(layer: string): { op: SparseDenseLayer; output: ArenaRegion } {
    const { weights, values, bias } = this.weights(layer);
    return { op: new SparseDenseLayer(this.arena, weights, values, bias), output: this.output(weights.cols) };
  }

  /** A region for a step's output. */
  output(length: number): ArenaRegion {
    const region = this.arena.reserve(length);
    this.outputs.add(region);
    return region;
  }

  /** Compiles `ops` applied to `input`, appending to `steps`; returns their output. */
  ops(ops: readonly LayerOp[], input: Value, steps: Step[]): Value {
    let value = input;
    for (const op of ops) value = this.op(op, value, steps);
    return value;
  }

  /** `value` with its pending ReLU applied, into a region of its own (when no layer can fuse it). */
  settle(value: Value, steps: Step[]): Value {
    return value.relu ? this.copy(value, steps, true) : value;
  }

  /** `value` (its ReLU applied if `relu`) in a new region of this compiler's. */
  private copy(value: Value, steps: Step[], relu: boolean): Value {
    const n = sizeOf(value.shape);
    const out = this.output(n);
    steps.push(({ f32 }) => {
      const [s0, d0] = [value.region.offset / 4, out.offset / 4];
      if (relu) for (let i = 0; i < n; i++) f32[d0 + i] = Math.max(f32[s0 + i]!, 0);
      else f32.copyWithin(d0, s0, s0 + n);
    });
    return { region: out, shape: value.shape, relu: false };
  }

  private op(op: LayerOp, value: Value, steps: Step[]): Value {
    switch (op.kind) {
      case 'dense':
        return this.denseOp(op.layer.name, op.activation, value, steps);
      case 'conv':
        return this.convOp(op.layer, op.activation, value, steps, undefined);
      case 'maxPool': {
        // max commutes with ReLU, so a pending ReLU stays pending.
        const [h, w, c] = this.image(value, 'maxPool');
        const pool = new SparseMaxPool(this.arena, window2d(h, w, c, op.size, op.stride, op.padding));
        this.outputs.add(pool.output);
        steps.push((heap) => pool.run(heap, value.region.offset));
        return { region: pool.output, shape: [pool.window.outHeight, pool.window.outWidth, c], relu: value.relu };
      }
      case 'relu':
        return { ...value, relu: true };
      case 'flatten':
        return { ...value, shape: [sizeOf(value.shape)] };
      case 'residual':
        return this.residual(op.body, value, steps);
    }
  }

  private image(value: Value, op: string): [number, number, number] {
    if (value.shape.length !== 3) throw new Error(`sparse inference: ${op} needs an [h, w, c] input, got [${value.shape.join(', ')}]`);
    return value.shape as [number, number, number];
  }

  private denseOp(layer: string, activation: Activation, value: Value, steps: Step[]): Value {
    const { op, output } = this.dense(layer);
    const relu = activation === 'relu';
    steps.push((heap) => op.run(heap, value.region.offset, output.offset, relu, value.relu));
    return { region: output, shape: [op.cols], relu: false };
  }

  /** A convolution; `addTo`: add its (linear) result into that value instead (a residual sum). */
  private convOp(layer: ConvLayer, activation: Activation, input: Value, steps: Step[], addTo: Value | undefined): Value {
    const [h, w, c] = this.image(input, 'conv');
    const { weights, values, bias } = this.weights(layer.name);
    const op = new SparseConvLayer(this.arena, window2d(h, w, c, layer.kernelSize, layer.stride, layer.padding), weights, values, bias);
    this.outputs.add(op.output);
    const value = input.relu && !op.fusesInputAndSum ? this.settle(input, steps) : input;
    const relu = activation === 'relu';
    const shape = [op.window.outHeight, op.window.outWidth, op.cout];
    if (addTo) {
      steps.push((heap) => op.run(heap, value.region.offset, false, value.relu, addTo.region.offset));
      return addTo;
    }
    steps.push((heap) => op.run(heap, value.region.offset, relu, value.relu));
    return { region: op.output, shape, relu: false };
  }

  /**
   * `x + body(x)`, summed into x's region (copied first into one of this compiler's when it is the
   * network's input or the head's, which others read). A body ending in a linear stride-1
   * convolution adds its result there directly (`extractGrid`'s sum mode, Impala's blocks); any
   * other body is computed and added in a loop.
   */
  private residual(body: readonly LayerOp[], input: Value, steps: Step[]): Value {
    const settled = this.settle(input, steps);
    const x = this.outputs.has(settled.region) ? settled : this.copy(settled, steps, false);
    const last = body[body.length - 1];
    if (last?.kind === 'conv' && last.activation === 'linear' && last.layer.stride === 1) {
      const inner = this.ops(body.slice(0, -1), x, steps);
      return this.convOp(last.layer, 'linear', inner, steps, x);
    }
    const out = this.settle(this.ops(body, x, steps), steps);
    const n = sizeOf(x.shape);
    if (sizeOf(out.shape) !== n) throw new Error(`sparse inference: a residual body maps ${n} values to ${sizeOf(out.shape)}`);
    steps.push(({ f32 }) => {
      const [x0, o0] = [x.region.offset / 4, out.region.offset / 4];
      for (let i = 0; i < n; i++) f32[x0 + i] = f32[x0 + i]! + f32[o0 + i]!;
    });
    return x;
  }
}

/**
 * A Q-network's forward pass compiled from its own layer ops and current weights for sparse
 * inference: every kernel is held as a {@link CsrMatrix} in a WebAssembly memory, and the
 * multiply-accumulate loops (@prunerl/wasm's generated kernels, {@link SparseWasmKernels}) visit
 * only nonzero weights and nonzero inputs, one sample at a time. The steps are the network's
 * ({@link NetworkPlan}: input scaling, the torso's encoder and hidden ops, optional feature
 * normalisation, the head's layers), the ones its tfjs forward pass runs; NoisyNet layers use their
 * mean weights (the `noise: false` forward). Sums run in another order than the dense kernels', so
 * outputs agree to float rounding.
 *
 * Build it again whenever the weights change; it keeps no reference to the network.
 */
export class SparseForward {
  /** Zeros among all kernel entries (the weights a pruner masks). */
  readonly sparsity: number;
  /** Output shape of one sample (`[A]`, `[A, atoms]`; `[A]` per tau for a quantile head). */
  readonly outputShape: readonly number[];
  private readonly heap: SparseHeap;
  private readonly input: ArenaRegion;
  private readonly encode: () => number;
  private readonly head: (encoded: number, taus: Float32Array | undefined, out: Float32Array, outOffset: number) => void;

  private constructor(
    private readonly plan: NetworkPlan,
    parameters: ReadonlyMap<string, ParameterValues>,
    kernelsFor: (memory: WebAssembly.Memory) => SparseWasmKernels,
  ) {
    const arena = new SparseArena();
    const compiler = new PlanCompiler(arena, parameters);
    this.input = arena.reserve(sizeOf(plan.observationShape));
    const views = (): SparseHeap => this.heap;

    // ---- torso: encoder (its output may keep a pending ReLU, which its consumers apply) ----
    const encoderSteps: Step[] = [];
    const encoded = compiler.ops(plan.encoder, { region: this.input, shape: plan.observationShape, relu: false }, encoderSteps);
    this.encode = () => {
      const heap = views();
      for (const step of encoderSteps) step(heap);
      return encoded.region.offset;
    };

    // ---- torso: hidden layers (+ feature normalisation), on whichever rows the head passes ----
    const hiddenInput: ArenaRegion = { offset: -1, length: sizeOf(encoded.shape) };
    const hiddenSteps: Step[] = [];
    const features = compiler.settle(compiler.ops(plan.hidden, { region: hiddenInput, shape: encoded.shape, relu: encoded.relu }, hiddenSteps), hiddenSteps);
    const hiddenSize = sizeOf(features.shape);
    const normalized = plan.featureNorm ? arena.reserve(hiddenSize) : undefined;
    const hidden = (x: number): number => {
      const heap = views();
      hiddenInput.offset = x;
      for (const step of hiddenSteps) step(heap);
      let current = features.region.offset;
      if (normalized) {
        // Each row divided by its L2 norm, floored at 1e-12 (TorsoHeadNetwork's normalizeRows).
        const f32 = heap.f32;
        const [s0, d0] = [current / 4, normalized.offset / 4];
        let squared = 0;
        for (let i = 0; i < hiddenSize; i++) squared += f32[s0 + i]! * f32[s0 + i]!;
        const norm = Math.sqrt(Math.max(squared, 1e-24));
        for (let i = 0; i < hiddenSize; i++) f32[d0 + i] = f32[s0 + i]! / norm;
        current = normalized.offset;
      }
      return current;
    };

    // ---- head ----
    this.outputShape = plan.head.outputShape;
    this.head = compileHead(plan.head, compiler, views, hidden, sizeOf(encoded.shape), encoded.relu);
    this.sparsity = compiler.total === 0 ? 0 : compiler.zeros / compiler.total;
    const { memory, f32, i32 } = arena.finish();
    this.heap = { f32, i32, kernels: kernelsFor(memory) };
  }

  /**
   * Compiles the forward pass of a network from its plan and these parameter values, or returns
   * `null` where WebAssembly is unavailable (the caller keeps the dense path).
   */
  static compile(plan: NetworkPlan, parameters: ReadonlyMap<string, ParameterValues>): SparseForward | null {
    let available = true;
    const forward = new SparseForward(plan, parameters, (memory) => {
      const kernels = instantiateSparseKernels(memory);
      if (!kernels) available = false;
      return kernels!;
    });
    return available ? forward : null;
  }

  /**
   * The head's output for `batch` observations laid end to end (raw values of any numeric typed
   * array; the plan's input scale is applied here). `taus` `[batch, numTaus]` for a quantile head.
   */
  run(observations: ArrayLike<number>, batch: number, taus?: Float32Array, numTaus = 0): SparseOutput {
    const size = sizeOf(this.plan.observationShape);
    const quantile = this.plan.head.kind === 'quantile';
    const perSample = sizeOf(this.outputShape) * (quantile ? numTaus : 1);
    const out = new Float32Array(batch * perSample);
    const scale = Math.fround(this.plan.inputScale);
    const f32 = this.heap.f32;
    const x0 = this.input.offset / 4;
    for (let b = 0; b < batch; b++) {
      const base = b * size;
      if (scale === 1) for (let i = 0; i < size; i++) f32[x0 + i] = observations[base + i]!;
      else for (let i = 0; i < size; i++) f32[x0 + i] = Math.fround(observations[base + i]!) * scale;
      const sampleTaus = taus ? taus.subarray(b * numTaus, (b + 1) * numTaus) : undefined;
      this.head(this.encode(), sampleTaus, out, b * perSample);
    }
    const shape = quantile ? [batch, numTaus, this.outputShape[0]!] : [batch, ...this.outputShape];
    return { values: out, shape };
  }
}

/**
 * The head of a {@link HeadPlan}: (encoded offset, taus, out, offset) -> writes one sample's output.
 * `hidden` runs the torso's hidden layers on an offset; `encodedRelu`: the encoder output still
 * has a ReLU to apply (Impala's last one).
 */
function compileHead(
  plan: HeadPlan,
  compiler: PlanCompiler,
  views: () => SparseHeap,
  hidden: (x: number) => number,
  encodedSize: number,
  encodedRelu: boolean,
): (encoded: number, taus: Float32Array | undefined, out: Float32Array, outOffset: number) => void {
  const A = plan.outputShape[0]!;
  const copyOut = (region: ArenaRegion, count: number, out: Float32Array, outOffset: number): void => {
    out.set(views().f32.subarray(region.offset / 4, region.offset / 4 + count), outOffset);
  };
  if (plan.kind === 'linear') {
    const head = compiler.dense(plan.layer.name);
    return (encoded, _taus, out, outOffset) => {
      head.op.run(views(), hidden(encoded), head.output.offset, false);
      copyOut(head.output, head.op.cols, out, outOffset);
    };
  }
  if (plan.kind === 'dueling') {
    const atoms = plan.atoms;
    const advantage = compiler.dense(plan.advantage.name);
    const value = compiler.dense(plan.value.name);
    return (encoded, _taus, out, outOffset) => {
      const heap = views();
      const features = hidden(encoded);
      advantage.op.run(heap, features, advantage.output.offset, false);
      value.op.run(heap, features, value.output.offset, false);
      const f32 = heap.f32;
      const [adv, val] = [advantage.output.offset / 4, value.output.offset / 4];
      // Q = V + (A - mean_a A), per atom for C51 (the dense path's order of operations).
      for (let z = 0; z < atoms; z++) {
        let sum = 0;
        for (let k = 0; k < A; k++) sum += f32[adv + k * atoms + z]!;
        const mean = Math.fround(sum / A);
        for (let k = 0; k < A; k++) out[outOffset + k * atoms + z] = f32[val + z]! + Math.fround(f32[adv + k * atoms + z]! - mean);
      }
    };
  }
  const embedding = compiler.dense(plan.embedding.name);
  const head = compiler.dense(plan.layer.name);
  const dim = embedding.op.rows;
  const cosines = compiler.arena.reserve(dim);
  const merged = compiler.arena.reserve(encodedSize);
  const frequencies = Float32Array.from({ length: dim }, (_, i) => Math.PI * (i + 1));
  // One tau at a time: phi(tau) = ReLU(Dense(cos(pi i tau))), merged = encoded * phi, then the
  // hidden layers and the output layer.
  return (encoded, taus, out, outOffset) => {
    const heap = views();
    const f32 = heap.f32;
    const [c0, m0, e0, p0] = [cosines.offset / 4, merged.offset / 4, encoded / 4, embedding.output.offset / 4];
    for (let n = 0; n < taus!.length; n++) {
      const tau = taus![n]!;
      for (let i = 0; i < dim; i++) f32[c0 + i] = Math.cos(Math.fround(tau * frequencies[i]!));
      embedding.op.run(heap, cosines.offset, embedding.output.offset, true);
      for (let i = 0; i < encodedSize; i++) {
        const e = f32[e0 + i]!;
        f32[m0 + i] = (encodedRelu && e < 0 ? 0 : e) * f32[p0 + i]!;
      }
      head.op.run(heap, hidden(merged.offset), head.output.offset, false);
      copyOut(head.output, A, out, outOffset + n * A);
    }
  };
}
