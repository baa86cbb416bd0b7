import { BackendError } from '@prunerl/core';
import { buildSimdModule, type SimdModuleOptions } from '@prunerl/wasm';

/** One call of a generated kernel, by export name, with its i32 arguments (addresses in the helper's memory). */
export interface KernelCall {
  readonly fn: string;
  readonly args: readonly number[];
}

// Diagnostics only (tests and benchmarks): jobs posted to helpers so far.
let jobsPosted = 0;

/** Jobs posted to kernel helper threads so far (for tests and benchmarks). */
export function kernelHelperJobs(): number {
  return jobsPosted;
}

/** The largest memory a helper's module accepts, in 64 KiB pages (4 GiB). */
const MODULE_MAXIMUM_PAGES = 65536;
/** The largest a helper's memory grows to, in pages (1 GiB). */
const MEMORY_MAXIMUM_PAGES = 16384;
/** The control block: state, call count, error flag, then the encoded calls (i32s). */
const CONTROL_INTS = 16384;
const CALLS_AT = 16;
const STATE = { idle: 0, job: 1, done: 2, exit: 3 } as const;
/** The longest one job may take before the helper counts as dead (a job is one convolution). */
const HELPER_TIMEOUT_MS = 120_000;

/**
 * The helper thread's program (a CommonJS script for `new Worker(..., { eval: true })`): it
 * instantiates the kernels on the shared memory and runs each job's calls in order when the
 * control block's state says so, then marks it done.
 */
const HELPER_SCRIPT = `
const { workerData, parentPort } = require('node:worker_threads');
const { module, memory, names } = workerData;
const exports = new WebAssembly.Instance(module, { env: { memory } }).exports;
const fns = names.map((name) => exports[name]);
const control = new Int32Array(memory.buffer, 0, ${CONTROL_INTS});
parentPort.postMessage('ready');
for (;;) {
  Atomics.wait(control, 0, ${STATE.idle});
  const state = Atomics.load(control, 0);
  if (state === ${STATE.exit}) break;
  if (state !== ${STATE.job}) continue;
  try {
    let at = ${CALLS_AT};
    const count = control[1];
    for (let c = 0; c < count; c++) {
      const fn = fns[control[at]];
      const argc = control[at + 1];
      const args = [];
      for (let i = 0; i < argc; i++) args.push(control[at + 2 + i]);
      fn(...args);
      at += 2 + argc;
    }
    control[2] = 0;
  } catch (error) {
    control[2] = 1;
  }
  Atomics.store(control, 0, ${STATE.done});
  Atomics.notify(control, 0);
}
`;

/** What a worker thread needs of Node's `worker_threads` (loaded only when helpers are asked for). */
interface WorkerLike {
  once(event: 'message' | 'error', listener: (value: unknown) => void): unknown;
  terminate(): Promise<number>;
  unref(): void;
}
type WorkerConstructor = new (script: string, options: { eval: true; workerData: unknown }) => WorkerLike;

/**
 * A helper thread of the generated kernels (`initBackend({ kernelThreads })`, Node only): the
 * training module instantiated in a worker thread on a shared memory of its own. The main thread
 * copies a share of a kernel's operands into that memory, posts the calls, computes its own share
 * meanwhile, then waits and copies the helper's results back. Kernels split work only along
 * independent outputs (images of a batch, taps of a filter), so every value is computed by the same
 * code in the same order whichever thread computes it: results are bit-identical for any number
 * of threads.
 */
export class KernelHelper {
  /** Byte address from which a job's operands may be placed. */
  static readonly OPERANDS = CONTROL_INTS * 4;

  private readonly control: Int32Array;
  private readonly index: ReadonlyMap<string, number>;
  private pending = false;
  private disposed = false;

  private constructor(
    private readonly worker: WorkerLike,
    readonly memory: WebAssembly.Memory,
    names: readonly string[],
  ) {
    this.control = new Int32Array(memory.buffer, 0, CONTROL_INTS);
    this.index = new Map(names.map((name, i) => [name, i]));
  }

  /** Starts `count` helpers running the module of `options`. */
  static async start(count: number, options: SimdModuleOptions): Promise<KernelHelper[]> {
    let Worker: WorkerConstructor;
    try {
      // A variable specifier keeps browser bundlers from resolving a Node built-in.
      const specifier: string = 'node:worker_threads';
      Worker = ((await import(/* webpackIgnore: true */ /* @vite-ignore */ specifier)) as { Worker: WorkerConstructor }).Worker;
    } catch (cause) {
      throw new BackendError({ field: 'kernelThreads', value: count + 1, expected: '1 outside Node (kernel helper threads use node:worker_threads)' }, { cause });
    }
    const module = new WebAssembly.Module(buildSimdModule({ ...options, sharedMemoryPages: MODULE_MAXIMUM_PAGES }));
    const names = WebAssembly.Module.exports(module)
      .filter((e) => e.kind === 'function')
      .map((e) => e.name);
    return Promise.all(
      Array.from({ length: count }, async () => {
        const memory = new WebAssembly.Memory({ initial: 64, maximum: MEMORY_MAXIMUM_PAGES, shared: true });
        const worker = new Worker(HELPER_SCRIPT, { eval: true, workerData: { module, memory, names } });
        await new Promise<void>((resolve, reject) => {
          worker.once('message', () => resolve());
          worker.once('error', reject);
        });
        // An idle helper does not keep the process alive.
        worker.unref();
        return new KernelHelper(worker, memory, names);
      }),
    );
  }

  /** A float view of the helper's memory after {@link reserve} (views of a grown memory are new). */
  f32(): Float32Array {
    return new Float32Array(this.memory.buffer);
  }

  i32(): Int32Array {
    return new Int32Array(this.memory.buffer);
  }

  /** Grows the memory so that `bytes` of operands fit from {@link KernelHelper.OPERANDS}. */
  reserve(bytes: number): void {
    const needed = Math.ceil((KernelHelper.OPERANDS + bytes) / 65536);
    const pages = this.memory.buffer.byteLength / 65536;
    if (needed > pages) this.memory.grow(needed - pages);
  }

  /** Posts `calls` (run in order by the helper); returns at once. */
  post(calls: readonly KernelCall[]): void {
    if (this.disposed) throw new Error('KernelHelper: disposed');
    if (this.pending) throw new Error('KernelHelper: a job is still running');
    let at = CALLS_AT;
    for (const call of calls) {
      const fn = this.index.get(call.fn);
      if (fn === undefined) throw new Error(`KernelHelper: no kernel ${call.fn}`);
      if (at + 2 + call.args.length > CONTROL_INTS) throw new Error('KernelHelper: too many calls in one job');
      this.control[at] = fn;
      this.control[at + 1] = call.args.length;
      this.control.set(call.args, at + 2);
      at += 2 + call.args.length;
    }
    this.control[1] = calls.length;
    this.pending = true;
    jobsPosted++;
    Atomics.store(this.control, 0, STATE.job);
    Atomics.notify(this.control, 0);
  }

  /**
   * Blocks until the posted job is done; throws if a call failed in the helper, or if the helper has
   * not answered within {@link HELPER_TIMEOUT_MS} (a thread that died cannot say so to a blocked
   * main thread, whose event loop is not running).
   */
  wait(): void {
    if (!this.pending) return;
    const deadline = Date.now() + HELPER_TIMEOUT_MS;
    while (Atomics.load(this.control, 0) === STATE.job) {
      if (Atomics.wait(this.control, 0, STATE.job, 1000) === 'timed-out' && Date.now() > deadline) {
        this.pending = false;
        this.disposed = true;
        throw new BackendError({ field: 'kernelThreads', value: 'a helper thread', expected: `an answer within ${HELPER_TIMEOUT_MS / 1000} s`, hint: 'Run with kernelThreads: 1.' });
      }
    }
    this.pending = false;
    const failed = this.control[2] !== 0;
    Atomics.store(this.control, 0, STATE.idle);
    if (failed) throw new Error('KernelHelper: a kernel call failed in the helper thread');
  }

  /** Stops the thread. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    Atomics.store(this.control, 0, STATE.exit);
    Atomics.notify(this.control, 0);
    await this.worker.terminate();
  }
}
