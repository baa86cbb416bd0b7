import type { Architecture } from '../network/architecture';
import { CsrMatrix } from './csr-matrix';
import { SparseArena, type ArenaRegion } from './sparse-arena';
import { window2d, type Window2D } from './window-2d';
import { instantiateSparseKernels, type SparseWasmKernels } from './sparse-wasm-kernels';

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

/** Views of the arena, valid after it is finished. */
interface Heap {
  f32: Float32Array;
  i32: Int32Array;
  kernels: SparseWasmKernels;
}

/** A dense layer y = act(x W + b) with W in CSR form (rows = inputs), run by `csrDense`. */
class DenseOp {
  readonly rows: number;
  readonly cols: number;
  private readonly rowStart: ArenaRegion;
  private readonly columns: ArenaRegion;
  private readonly values: ArenaRegion;
  private readonly bias: ArenaRegion;

  constructor(arena: SparseArena, weights: CsrMatrix, bias: Float32Array) {
    this.rows = weights.rows;
    this.cols = weights.cols;
    this.rowStart = arena.store(weights.rowStart.map((k) => k * 4));
    this.columns = arena.store(weights.columns.map((c) => c * 4));
    this.values = arena.store(weights.values);
    this.bias = arena.store(bias);
  }

  /** `reluInput`: treat negative inputs as zeros (the previous layer's ReLU, applied here). */
  run(heap: Heap, x: number, y: number, relu: boolean, reluInput = false): void {
    heap.kernels.csrDense(x, this.rows, this.rowStart.offset, this.columns.offset, this.values.offset, this.bias.offset, y, this.cols, relu ? 1 : 0, reluInput ? 1 : 0);
  }
}

/** A convolution: stride 1 scatters into a padded grid; other strides gather per output pixel. */
class ConvOp {
  readonly window: Window2D;
  readonly cout: number;
  readonly output: ArenaRegion;
  private readonly bias: ArenaRegion;
  private readonly rowStart: ArenaRegion;
  private readonly targets: ArenaRegion;
  private readonly values: ArenaRegion;
  private readonly grid: ArenaRegion | undefined;
  private readonly geometry: ArenaRegion | undefined;
  private readonly margin: number;
  private readonly gridRowBytes: number;

  constructor(arena: SparseArena, window: Window2D, weights: CsrMatrix, bias: Float32Array) {
    this.window = window;
    this.cout = weights.cols;
    this.bias = arena.store(bias);
    this.output = arena.reserve(window.outHeight * window.outWidth * this.cout);
    const { kernel, inChannels: cin, outHeight, outWidth, padTop, padLeft } = window;
    if (window.stride === 1) {
      // Rows by input channel; each entry (tap, co) becomes a byte offset into a grid with a
      // margin of k - 1 pixels on every side: input (iy, ix) feeds output (iy + padTop - di,
      // ix + padLeft - dj), which always lands inside the grid.
      this.margin = kernel - 1;
      const gridWidth = outWidth + 2 * this.margin;
      this.gridRowBytes = gridWidth * this.cout * 4;
      this.grid = arena.reserve((outHeight + 2 * this.margin) * gridWidth * this.cout);
      const rowStart = new Int32Array(cin + 1);
      const targets = new Int32Array(weights.nonzeros);
      const values = new Float32Array(weights.nonzeros);
      let e = 0;
      for (let ci = 0; ci < cin; ci++) {
        rowStart[ci] = e * 4;
        for (let di = 0; di < kernel; di++) {
          for (let dj = 0; dj < kernel; dj++) {
            const r = (di * kernel + dj) * cin + ci;
            const shift = (padTop - di + this.margin) * this.gridRowBytes + (padLeft - dj + this.margin) * this.cout * 4;
            for (let k = weights.rowStart[r]!; k < weights.rowStart[r + 1]!; k++) {
              targets[e] = shift + weights.columns[k]! * 4;
              values[e] = weights.values[k]!;
              e++;
            }
          }
        }
      }
      rowStart[cin] = e * 4;
      this.rowStart = arena.store(rowStart);
      this.targets = arena.store(targets);
      this.values = arena.store(values);
      this.geometry = undefined;
    } else {
      this.margin = 0;
      this.gridRowBytes = 0;
      this.grid = undefined;
      this.rowStart = arena.store(weights.rowStart.map((k) => k * 4));
      this.targets = arena.store(weights.columns.map((c) => c * 4));
      this.values = arena.store(weights.values);
      const w = window;
      this.geometry = arena.store(Int32Array.from([w.inHeight, w.inWidth, w.inChannels, w.outHeight, w.outWidth, w.kernel, w.stride, w.padTop, w.padLeft]));
    }
  }

  /**
   * Runs the convolution on `x` (byte offset). `reluInput`: negative inputs count as zeros (the
   * input's ReLU, fused). `addTo`: add the result into that region (a residual sum, no ReLU)
   * instead of writing the layer's own output. Returns where the result is.
   */
  run(heap: Heap, x: number, relu: boolean, reluInput = false, addTo?: number): number {
    const { kernels } = heap;
    const out = addTo ?? this.output.offset;
    const w = this.window;
    if (this.grid) {
      kernels.zero(this.grid.offset, this.grid.length * 4);
      kernels.scatterConv(x, w.inHeight, w.inWidth, w.inChannels, this.rowStart.offset, this.targets.offset, this.values.offset, this.grid.offset, this.gridRowBytes, this.cout * 4, reluInput ? 1 : 0);
      kernels.extractGrid(this.grid.offset, this.gridRowBytes, this.margin, out, w.outHeight, w.outWidth, this.cout, this.bias.offset, addTo !== undefined ? 2 : relu ? 1 : 0);
      return out;
    }
    if (reluInput || addTo !== undefined) throw new Error('sparse inference: strided convolutions take plain inputs and outputs only');
    kernels.gatherConv(x, this.geometry!.offset, this.rowStart.offset, this.targets.offset, this.values.offset, this.bias.offset, out, this.cout, relu ? 1 : 0);
    return out;
  }
}

/**
 * A Q-network's forward pass compiled from its architecture and current weights for sparse
 * inference: every kernel is held in compressed sparse row form in a WebAssembly memory, and the
 * multiply-accumulate loops (generated WebAssembly, {@link SparseWasmKernels}) visit only nonzero
 * weights and nonzero inputs, one sample at a time. Layers and their order are those of
 * `TorsoHeadNetwork`'s tfjs path (input scaling, torso, optional feature normalisation, head);
 * NoisyNet layers use their mean weights (the `noise: false` forward). Sums run in another order
 * than the dense kernels', so outputs agree to float rounding.
 *
 * Build it again whenever the weights change; it keeps no reference to the network.
 */
export class SparseForward {
  /** Zeros among all kernel entries (the weights a pruner masks). */
  readonly sparsity: number;
  /** Output shape of one sample (`[A]`, `[A, atoms]`; `[A]` per tau for a quantile head). */
  readonly outputShape: readonly number[];
  private readonly heap: Heap;
  private readonly input: ArenaRegion;
  private readonly encode: () => number;
  private readonly hidden: (x: number) => number;
  private readonly head: (encoded: number, taus: Float32Array | undefined, out: Float32Array, outOffset: number) => void;
  private readonly perSample: (numTaus: number) => number;

  private constructor(
    private readonly architecture: Architecture,
    private readonly observationShape: readonly number[],
    private readonly numActions: number,
    parameters: ReadonlyMap<string, ParameterValues>,
    kernelsFor: (memory: WebAssembly.Memory) => SparseWasmKernels,
  ) {
    const arena = new SparseArena();
    let zeros = 0;
    let total = 0;
    const matrix = (layer: string): { weights: CsrMatrix; bias: Float32Array } => {
      const kernel = parameters.get(`${layer}/kernel`);
      const bias = parameters.get(`${layer}/bias`);
      if (!kernel || !bias) throw new Error(`sparse inference: no parameters for layer ${layer}`);
      const rows = kernel.shape.slice(0, -1).reduce((a, b) => a * b, 1);
      const weights = CsrMatrix.fromDense(kernel.values, rows, kernel.shape[kernel.shape.length - 1]!);
      zeros += weights.rows * weights.cols - weights.nonzeros;
      total += weights.rows * weights.cols;
      return { weights, bias: bias.values };
    };
    const dense = (layer: string): { op: DenseOp; output: ArenaRegion } => {
      const { weights, bias } = matrix(layer);
      return { op: new DenseOp(arena, weights, bias), output: arena.reserve(weights.cols) };
    };
    const a = architecture;
    const size = observationShape.reduce((x, y) => x * y, 1);
    this.input = arena.reserve(size);
    const views = (): Heap => this.heap;

    // ---- torso: encoder (returns the byte offset of the encoded features) ----
    let encodedSize: number;
    // Impala ends with a ReLU that the consumers of its features apply on the fly.
    let finalRelu = false;
    if (a.torso === 'mlp') {
      const first = dense('torso/dense1');
      encodedSize = first.op.cols;
      this.encode = () => {
        first.op.run(views(), this.input.offset, first.output.offset, true);
        return first.output.offset;
      };
    } else {
      let [h, w, c] = observationShape as [number, number, number];
      const conv = (layer: string, kernel: number, stride: number, padding: 'same' | 'valid'): ConvOp => {
        const { weights, bias } = matrix(layer);
        const op = new ConvOp(arena, window2d(h, w, c, kernel, stride, padding), weights, bias);
        [h, w, c] = [op.window.outHeight, op.window.outWidth, op.cout];
        return op;
      };
      const stages: ((x: number) => number)[] = [];
      if (a.torso === 'minatar-cnn') {
        const op = conv('torso/conv', 3, 1, 'valid');
        stages.push((x) => op.run(views(), x, true));
      } else if (a.torso === 'nature-cnn') {
        const ops = [conv('torso/conv1', 8, 4, a.padding!), conv('torso/conv2', 4, 2, a.padding!), conv('torso/conv3', 3, 1, a.padding!)];
        for (const op of ops) stages.push((x) => op.run(views(), x, true));
      } else {
        a.channels!.forEach((_, s) => {
          const prefix = `torso/stack${s + 1}`;
          const stackConv = conv(`${prefix}/conv`, 3, 1, 'same');
          const pool = window2d(h, w, c, 3, 2, 'same');
          [h, w] = [pool.outHeight, pool.outWidth];
          const pooledSize = h * w * c;
          const pooled = arena.reserve(pooledSize);
          const geometry = arena.store(Int32Array.from([pool.inHeight, pool.inWidth, pool.inChannels, pool.outHeight, pool.outWidth, pool.kernel, pool.stride, pool.padTop, pool.padLeft]));
          const blocks = Array.from({ length: a.numBlocks! }, (_, j) => [conv(`${prefix}/block${j + 1}/conv1`, 3, 1, 'same'), conv(`${prefix}/block${j + 1}/conv2`, 3, 1, 'same')] as const);
          stages.push((x) => {
            const heap = views();
            heap.kernels.maxPool(stackConv.run(heap, x, false), geometry.offset, pooled.offset);
            // y = x + conv2(relu(conv1(relu(x)))): conv1 applies relu(x) on the fly and conv2
            // adds into the running value in `pooled`.
            for (const [conv1, conv2] of blocks) {
              const hidden = conv1.run(heap, pooled.offset, true, true);
              conv2.run(heap, hidden, false, false, pooled.offset);
            }
            return pooled.offset;
          });
        });
        // The torso's final ReLU is applied by the first hidden layer (`reluInput`).
        finalRelu = true;
      }
      encodedSize = h * w * c;
      this.encode = () => stages.reduce((x, stage) => stage(x), this.input.offset);
    }

    // ---- torso: hidden dense layers (+ feature normalisation), one row ----
    const hiddenNames = a.torso === 'mlp' ? a.hiddenSizes!.slice(1).map((_, i) => `torso/dense${i + 2}`) : ['torso/dense'];
    const hiddenLayers = hiddenNames.map(dense);
    const hiddenSize = hiddenLayers.length === 0 ? encodedSize : hiddenLayers[hiddenLayers.length - 1]!.op.cols;
    const normalized = a.featureNorm ? arena.reserve(hiddenSize) : undefined;
    if (finalRelu && hiddenLayers.length === 0) throw new Error('sparse inference: a torso ending in a ReLU needs a hidden layer to apply it');
    this.hidden = (x) => {
      const heap = views();
      let current = x;
      hiddenLayers.forEach((layer, i) => {
        layer.op.run(heap, current, layer.output.offset, true, i === 0 && finalRelu);
        current = layer.output.offset;
      });
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
    const A = numActions;
    const copyOut = (region: ArenaRegion, count: number, out: Float32Array, outOffset: number): void => {
      out.set(this.heap.f32.subarray(region.offset / 4, region.offset / 4 + count), outOffset);
    };
    if (a.head === 'q' || (a.head === 'c51' && !a.dueling)) {
      const head = dense('head/dense');
      this.outputShape = a.head === 'q' ? [A] : [A, a.numAtoms!];
      this.head = (encoded, _taus, out, outOffset) => {
        head.op.run(views(), this.hidden(encoded), head.output.offset, false);
        copyOut(head.output, head.op.cols, out, outOffset);
      };
    } else if (a.head === 'dueling' || a.head === 'c51') {
      const atoms = a.head === 'c51' ? a.numAtoms! : 1;
      const advantage = dense('head/advantage');
      const value = dense('head/value');
      this.outputShape = a.head === 'c51' ? [A, atoms] : [A];
      this.head = (encoded, _taus, out, outOffset) => {
        const heap = views();
        const features = this.hidden(encoded);
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
    } else {
      const embedding = dense('head/quantile-embedding');
      const head = dense('head/dense');
      const dim = a.embeddingDim!;
      const cosines = arena.reserve(dim);
      const merged = arena.reserve(encodedSize);
      const frequencies = Float32Array.from({ length: dim }, (_, i) => Math.PI * (i + 1));
      this.outputShape = [A];
      // One tau at a time: phi(tau) = ReLU(Dense(cos(pi i tau))), merged = encoded * phi, then
      // the hidden layers and the output layer.
      this.head = (encoded, taus, out, outOffset) => {
        const heap = views();
        const f32 = heap.f32;
        const [c0, m0, e0, p0] = [cosines.offset / 4, merged.offset / 4, encoded / 4, embedding.output.offset / 4];
        for (let n = 0; n < taus!.length; n++) {
          const tau = taus![n]!;
          for (let i = 0; i < dim; i++) f32[c0 + i] = Math.cos(Math.fround(tau * frequencies[i]!));
          embedding.op.run(heap, cosines.offset, embedding.output.offset, true);
          for (let i = 0; i < encodedSize; i++) {
            const e = f32[e0 + i]!;
            f32[m0 + i] = (finalRelu && e < 0 ? 0 : e) * f32[p0 + i]!;
          }
          head.op.run(heap, this.hidden(merged.offset), head.output.offset, false);
          copyOut(head.output, A, out, outOffset + n * A);
        }
      };
    }
    this.perSample = (numTaus) => this.outputShape.reduce((x, y) => x * y, 1) * (a.head === 'quantile' ? numTaus : 1);
    this.sparsity = total === 0 ? 0 : zeros / total;
    const { memory, f32, i32 } = arena.finish();
    this.heap = { f32, i32, kernels: kernelsFor(memory) };
  }

  /**
   * Compiles the forward pass of a network of `architecture` with these parameter values, or
   * returns `null` where WebAssembly is unavailable (the caller keeps the dense path).
   */
  static compile(architecture: Architecture, observationShape: readonly number[], numActions: number, parameters: ReadonlyMap<string, ParameterValues>): SparseForward | null {
    let available = true;
    const forward = new SparseForward(architecture, observationShape, numActions, parameters, (memory) => {
      const kernels = instantiateSparseKernels(memory);
      if (!kernels) available = false;
      return kernels!;
    });
    return available ? forward : null;
  }

  /**
   * The head's output for `batch` observations laid end to end (raw values of any numeric typed
   * array; the architecture's input scale is applied here). `taus` `[batch, numTaus]` for a
   * quantile head.
   */
  run(observations: ArrayLike<number>, batch: number, taus?: Float32Array, numTaus = 0): SparseOutput {
    const size = this.observationShape.reduce((a, b) => a * b, 1);
    const perSample = this.perSample(numTaus);
    const out = new Float32Array(batch * perSample);
    const scale = Math.fround(this.architecture.inputScale);
    const f32 = this.heap.f32;
    const x0 = this.input.offset / 4;
    for (let b = 0; b < batch; b++) {
      const base = b * size;
      if (scale === 1) for (let i = 0; i < size; i++) f32[x0 + i] = observations[base + i]!;
      else for (let i = 0; i < size; i++) f32[x0 + i] = Math.fround(observations[base + i]!) * scale;
      const sampleTaus = taus ? taus.subarray(b * numTaus, (b + 1) * numTaus) : undefined;
      this.head(this.encode(), sampleTaus, out, b * perSample);
    }
    const shape = this.architecture.head === 'quantile' ? [batch, numTaus, this.numActions] : [batch, ...this.outputShape];
    return { values: out, shape };
  }
}
