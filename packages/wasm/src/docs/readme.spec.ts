// The example of packages/wasm/README.md, run as a test (the page must show this code verbatim).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

describe('packages/wasm/README.md', () => {
  let logged: unknown[] = [];
  beforeEach(() => {
    logged = [];
    jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void logged.push(args));
  });
  afterEach(() => jest.restoreAllMocks());

  it('should run the example', async () => {
    // ---- readme: example ----
    const { CsrMatrix, instantiateSparseKernels, SparseArena, SparseDenseLayer, WasmModuleBuilder } = await import('@prunerl/wasm');

    // A module with one function, written instruction by instruction.
    const bytes = new WasmModuleBuilder()
      .addFunction('add', ['i32', 'i32'], ['i32'], (f) => {
        f.get(0).get(1).i32Add();
      })
      .build();
    const memory = new WebAssembly.Memory({ initial: 1 });
    const { add } = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports as { add: (a: number, b: number) => number };
    console.log(add(2, 3)); // 5

    // A pruned [3, 2] dense layer: 4 of its 6 weights are zero.
    const kernel = new Float32Array([0, 2, 0, 0, 1, 0]);
    const weights = CsrMatrix.fromDense(kernel, 3, 2);
    console.log(weights.nonzeros, weights.sparsity.toFixed(2)); // 2 0.67

    // Weights and activations in one memory; y = relu(x W + b) visits the 2 nonzero weights only.
    const arena = new SparseArena();
    const layer = new SparseDenseLayer(arena, weights, weights.gather(kernel), new Float32Array([0.5, -1]));
    const x = arena.reserve(3);
    const y = arena.reserve(2);
    const heap = arena.finish();
    const kernels = instantiateSparseKernels(heap.memory)!;
    heap.f32.set([1, 2, 3], x.offset / 4);
    layer.run({ ...heap, kernels }, x.offset, y.offset, true);
    console.log(Array.from(heap.f32.subarray(y.offset / 4, y.offset / 4 + 2))); // [ 3.5, 1 ]
    // ---- end of example ----
    expect(logged).toEqual([[5], [2, '0.67'], [[3.5, 1]]]);
  });

  it('should show the example verbatim', () => {
    const page = readFileSync(join(__dirname, '../../README.md'), 'utf8');
    const source = readFileSync(__filename, 'utf8');
    const block = /```ts\n([\s\S]*?)```/.exec(page)![1]!;
    const flat = (text: string): string => text.replace(/\s+/g, ' ').trim();
    const body = source.slice(source.indexOf('// ---- readme: example ----') + '// ---- readme: example ----'.length, source.indexOf('// ---- end of example ----'));
    expect(flat(block)).toContain(flat(body));
  });
});
