/** Value types a generated function may use. */
export type WasmValueType = 'i32' | 'f32' | 'v128';

const TYPE_CODE: Record<WasmValueType, number> = { i32: 0x7f, f32: 0x7d, v128: 0x7b };

/** A branch target handed out by {@link WasmFunctionBuilder.block} and {@link WasmFunctionBuilder.loop}. */
export interface WasmLabel {
  readonly id: number;
}

function uleb(out: number[], value: number): void {
  let v = value >>> 0;
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
}

function sleb(out: number[], value: number): void {
  let v = value | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    const done = (v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return;
  }
}

function name(out: number[], text: string): void {
  const bytes = new TextEncoder().encode(text);
  uleb(out, bytes.length);
  for (const b of bytes) out.push(b);
}

/**
 * Emits the body of one WebAssembly function, one instruction per method (the names follow the
 * text format: `i32Add` is `i32.add`). Structured control flow takes callbacks so labels nest
 * correctly; `br(label)` computes the relative depth.
 *
 * Only the instructions prunerl's kernels need are here (integer address arithmetic, f32 scalars
 * and f32x4 SIMD with loads, stores and splats). @prunerl/backend's SIMD training kernels and
 * @prunerl/networks' sparse inference are generated with it (see this package's `simd/` and
 * `sparse/` generators).
 */
export class WasmFunctionBuilder {
  readonly code: number[] = [];
  private readonly localTypes: WasmValueType[] = [];
  private readonly labels: number[] = [];
  private nextLabel = 0;

  constructor(readonly params: readonly WasmValueType[]) {}

  /** Declares a local; returns its index (after the parameters). */
  local(type: WasmValueType): number {
    this.localTypes.push(type);
    return this.params.length + this.localTypes.length - 1;
  }

  /** The declared locals, grouped as the binary format wants them. */
  localGroups(): [number, WasmValueType][] {
    const groups: [number, WasmValueType][] = [];
    for (const type of this.localTypes) {
      const last = groups[groups.length - 1];
      if (last && last[1] === type) last[0] += 1;
      else groups.push([1, type]);
    }
    return groups;
  }

  // ---- control ------------------------------------------------------------------------------

  block(body: (label: WasmLabel) => void): this {
    return this.structured(0x02, body);
  }

  loop(body: (label: WasmLabel) => void): this {
    return this.structured(0x03, body);
  }

  /** `if` on the i32 on the stack, with an optional `else`. */
  ifElse(then: () => void, otherwise?: () => void): this {
    this.code.push(0x04, 0x40);
    this.labels.push(-1);
    then();
    if (otherwise) {
      this.code.push(0x05);
      otherwise();
    }
    this.labels.pop();
    this.code.push(0x0b);
    return this;
  }

  br(label: WasmLabel): this {
    this.code.push(0x0c);
    uleb(this.code, this.depth(label));
    return this;
  }

  brIf(label: WasmLabel): this {
    this.code.push(0x0d);
    uleb(this.code, this.depth(label));
    return this;
  }

  // ---- locals and constants -----------------------------------------------------------------

  get(index: number): this {
    this.code.push(0x20);
    uleb(this.code, index);
    return this;
  }

  set(index: number): this {
    this.code.push(0x21);
    uleb(this.code, index);
    return this;
  }

  tee(index: number): this {
    this.code.push(0x22);
    uleb(this.code, index);
    return this;
  }

  i32(value: number): this {
    this.code.push(0x41);
    sleb(this.code, value);
    return this;
  }

  f32(value: number): this {
    this.code.push(0x43);
    const bytes = new Uint8Array(new Float32Array([value]).buffer);
    for (const b of bytes) this.code.push(b);
    return this;
  }

  // ---- i32 ----------------------------------------------------------------------------------

  i32Add(): this {
    return this.op(0x6a);
  }
  i32Sub(): this {
    return this.op(0x6b);
  }
  i32Mul(): this {
    return this.op(0x6c);
  }
  i32And(): this {
    return this.op(0x71);
  }
  i32Or(): this {
    return this.op(0x72);
  }
  i32Shl(): this {
    return this.op(0x74);
  }
  i32ShrU(): this {
    return this.op(0x76);
  }
  i32Eqz(): this {
    return this.op(0x45);
  }
  i32Eq(): this {
    return this.op(0x46);
  }
  i32Ne(): this {
    return this.op(0x47);
  }
  i32LtS(): this {
    return this.op(0x48);
  }
  i32LtU(): this {
    return this.op(0x49);
  }
  i32GtS(): this {
    return this.op(0x4a);
  }
  i32LeS(): this {
    return this.op(0x4c);
  }
  i32GeS(): this {
    return this.op(0x4e);
  }

  /** `local[index] += delta` (a constant). */
  increment(index: number, delta: number): this {
    return this.get(index).i32(delta).i32Add().set(index);
  }

  /** `local[index] += local[by]`. */
  incrementBy(index: number, by: number): this {
    return this.get(index).get(by).i32Add().set(index);
  }

  /** `for (local[counter] = 0; local[counter] < local[limit]; local[counter]++) body()`. */
  forCount(counter: number, limit: number, body: () => void): this {
    this.i32(0).set(counter);
    return this.whileFits(counter, limit, 1, body);
  }

  /**
   * `while (local[limit] - local[counter] >= step) { body(); local[counter] += step }`, the counter
   * starting where it is: blocks of `step` while whole ones fit, a remainder loop after it.
   */
  whileFits(counter: number, limit: number, step: number, body: () => void): this {
    return this.block((done) => {
      this.loop((next) => {
        this.get(limit).get(counter).i32Sub().i32(step).i32LtS().brIf(done);
        body();
        this.increment(counter, step);
        this.br(next);
      });
    });
  }

  // ---- f32 ----------------------------------------------------------------------------------

  f32Load(offset = 0): this {
    return this.mem(0x2a, 2, offset);
  }
  f32Store(offset = 0): this {
    return this.mem(0x38, 2, offset);
  }
  f32Add(): this {
    return this.op(0x92);
  }
  f32Sub(): this {
    return this.op(0x93);
  }
  f32Mul(): this {
    return this.op(0x94);
  }
  f32Div(): this {
    return this.op(0x95);
  }
  f32Max(): this {
    return this.op(0x97);
  }
  f32Min(): this {
    return this.op(0x96);
  }
  f32Abs(): this {
    return this.op(0x8b);
  }
  f32Neg(): this {
    return this.op(0x8c);
  }
  f32Ne(): this {
    return this.op(0x5c);
  }
  f32Sqrt(): this {
    return this.op(0x91);
  }
  f32Gt(): this {
    return this.op(0x5e);
  }
  f32Lt(): this {
    return this.op(0x5d);
  }
  f32Eq(): this {
    return this.op(0x5b);
  }
  f32Le(): this {
    return this.op(0x5f);
  }
  i32Load(offset = 0): this {
    return this.mem(0x28, 2, offset);
  }
  i32Load8U(offset = 0): this {
    return this.mem(0x2d, 0, offset);
  }
  f32ConvertI32U(): this {
    return this.op(0xb3);
  }
  /** `memory.fill` (bulk memory): dst, value (i32 byte), length on the stack. */
  memoryFill(): this {
    this.code.push(0xfc);
    uleb(this.code, 11);
    this.code.push(0x00);
    return this;
  }
  drop(): this {
    return this.op(0x1a);
  }
  select(): this {
    return this.op(0x1b);
  }

  // ---- v128 (f32x4) -------------------------------------------------------------------------

  v128Load(offset = 0): this {
    return this.simdMem(0x00, 2, offset);
  }
  v128Store(offset = 0): this {
    return this.simdMem(0x0b, 2, offset);
  }
  v128Load32Splat(offset = 0): this {
    return this.simdMem(0x09, 2, offset);
  }
  f32x4Splat(): this {
    return this.simd(0x13);
  }
  f32x4ExtractLane(lane: number): this {
    this.simd(0x1f);
    this.code.push(lane);
    return this;
  }
  f32x4Add(): this {
    return this.simd(0xe4);
  }
  f32x4Sub(): this {
    return this.simd(0xe5);
  }
  f32x4Mul(): this {
    return this.simd(0xe6);
  }
  /**
   * f32x4.relaxed_madd (relaxed SIMD): a·b + c for a, b, c on the stack, in one fused multiply-add
   * where the hardware has one (one rounding) or as a multiply then an add (two). Engines without
   * relaxed SIMD reject a module that uses it: check before building with it.
   */
  f32x4RelaxedMadd(): this {
    return this.simd(0x105);
  }
  f32x4Div(): this {
    return this.simd(0xe7);
  }
  f32x4Max(): this {
    return this.simd(0xe9);
  }
  f32x4Min(): this {
    return this.simd(0xe8);
  }
  f32x4Abs(): this {
    return this.simd(0xe0);
  }
  f32x4Neg(): this {
    return this.simd(0xe1);
  }
  /** f32x4.eq: lanes all-ones where a == b (false for NaN). */
  f32x4Eq(): this {
    return this.simd(0x41);
  }
  /** v128.bitselect(a, b, mask): bits of a where mask is 1, of b elsewhere. */
  v128Bitselect(): this {
    return this.simd(0x52);
  }
  f32x4Sqrt(): this {
    return this.simd(0xe3);
  }
  /** `v128.const` of four equal f32 lanes. */
  f32x4Const(value: number): this {
    this.simd(0x0c);
    const bytes = new Uint8Array(new Float32Array([value, value, value, value]).buffer);
    for (const b of bytes) this.code.push(b);
    return this;
  }
  /**
   * i8x16.shuffle of the two v128 on the stack, written by f32 lanes: lane i of the result is lane
   * `lanes[i]` of the concatenation (0-3 from the first operand, 4-7 from the second).
   */
  f32x4Shuffle(lanes: readonly [number, number, number, number]): this {
    this.simd(0x0d);
    for (const lane of lanes) {
      if (!Number.isInteger(lane) || lane < 0 || lane > 7) throw new RangeError(`f32x4Shuffle: lane ${lane} is not in 0..7`);
      this.code.push(4 * lane, 4 * lane + 1, 4 * lane + 2, 4 * lane + 3);
    }
    return this;
  }
  /** `v128.const` of four i32 lanes. */
  i32x4Const(a: number, b: number, c: number, d: number): this {
    this.simd(0x0c);
    for (const byte of new Uint8Array(new Int32Array([a, b, c, d]).buffer)) this.code.push(byte);
    return this;
  }
  i32x4Splat(): this {
    return this.simd(0x11);
  }
  i32x4ExtractLane(lane: number): this {
    this.simd(0x1b);
    this.code.push(lane);
    return this;
  }
  i32x4Add(): this {
    return this.simd(0xae);
  }
  /** f32x4.gt: lanes all-ones where a > b. */
  f32x4Gt(): this {
    return this.simd(0x44);
  }
  v128And(): this {
    return this.simd(0x4e);
  }

  private op(code: number): this {
    this.code.push(code);
    return this;
  }

  private mem(code: number, align: number, offset: number): this {
    this.code.push(code, align);
    uleb(this.code, offset);
    return this;
  }

  private simd(code: number): this {
    this.code.push(0xfd);
    uleb(this.code, code);
    return this;
  }

  private simdMem(code: number, align: number, offset: number): this {
    this.simd(code);
    this.code.push(align);
    uleb(this.code, offset);
    return this;
  }

  private structured(opcode: number, body: (label: WasmLabel) => void): this {
    const id = this.nextLabel++;
    this.code.push(opcode, 0x40);
    this.labels.push(id);
    body({ id });
    this.labels.pop();
    this.code.push(0x0b);
    return this;
  }

  private depth(label: WasmLabel): number {
    const index = this.labels.lastIndexOf(label.id);
    if (index < 0) throw new Error(`wasm builder: branch to label ${label.id}, which is not enclosing`);
    return this.labels.length - 1 - index;
  }
}

interface FunctionEntry {
  readonly name: string;
  readonly params: readonly WasmValueType[];
  readonly results: readonly WasmValueType[];
  readonly body: WasmFunctionBuilder;
}

/**
 * A minimal WebAssembly module writer: functions that work on one imported memory
 * (`env.memory`), exported by name. prunerl generates its kernels with it at run time, so no package
 * ships a binary or needs a compiler toolchain; a module imports the memory it works on (the
 * memory of tfjs-backend-wasm for the training kernels, so they read and write tensors where they
 * lie; a sparse network's own memory for sparse inference).
 */
export class WasmModuleBuilder {
  private readonly functions: FunctionEntry[] = [];

  /** Adds an exported function whose body `emit` writes. */
  addFunction(name: string, params: readonly WasmValueType[], results: readonly WasmValueType[], emit: (f: WasmFunctionBuilder) => void): this {
    const body = new WasmFunctionBuilder(params);
    emit(body);
    this.functions.push({ name, params, results, body });
    return this;
  }

  /**
   * The module's bytes. `sharedMemoryPages`: import a shared memory of at most that many 64 KiB
   * pages (threads that instantiate the module on one `SharedArrayBuffer`-backed memory) instead of
   * an ordinary one.
   */
  build(options: { readonly sharedMemoryPages?: number } = {}): Uint8Array<ArrayBuffer> {
    const out: number[] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
    const section = (id: number, content: number[]): void => {
      out.push(id);
      uleb(out, content.length);
      for (const b of content) out.push(b);
    };
    // Types: one per function (duplicates are allowed and keep indices simple).
    const types: number[] = [];
    uleb(types, this.functions.length);
    for (const f of this.functions) {
      types.push(0x60);
      uleb(types, f.params.length);
      for (const p of f.params) types.push(TYPE_CODE[p]);
      uleb(types, f.results.length);
      for (const r of f.results) types.push(TYPE_CODE[r]);
    }
    section(1, types);
    const imports: number[] = [];
    uleb(imports, 1);
    name(imports, 'env');
    name(imports, 'memory');
    if (options.sharedMemoryPages === undefined) {
      imports.push(0x02, 0x00);
      uleb(imports, 0);
    } else {
      // limits flag 3: a maximum follows, and the memory is shared
      imports.push(0x02, 0x03);
      uleb(imports, 0);
      uleb(imports, options.sharedMemoryPages);
    }
    section(2, imports);
    const decls: number[] = [];
    uleb(decls, this.functions.length);
    this.functions.forEach((_, i) => uleb(decls, i));
    section(3, decls);
    const exports: number[] = [];
    uleb(exports, this.functions.length);
    this.functions.forEach((f, i) => {
      name(exports, f.name);
      exports.push(0x00);
      uleb(exports, i);
    });
    section(7, exports);
    const code: number[] = [];
    uleb(code, this.functions.length);
    for (const f of this.functions) {
      const body: number[] = [];
      const groups = f.body.localGroups();
      uleb(body, groups.length);
      for (const [count, type] of groups) {
        uleb(body, count);
        body.push(TYPE_CODE[type]);
      }
      for (const b of f.body.code) body.push(b);
      body.push(0x0b);
      uleb(code, body.length);
      for (const b of body) code.push(b);
    }
    section(10, code);
    return new Uint8Array(out);
  }
}
