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
/**
 * The control block at the start of a helper's memory (i32s): state, call count, error flag, and
 * where the job's encoded calls lie (an i32 index into the memory; the calls follow the job's
 * operands, so a job may hold any number of them).
 */
const CONTROL_INTS = 16;
const STATE = { idle: 0, job: 1, done: 2, exit: 3 } as const;
/** The longest one job may take before the helper counts as dead (a job is one convolution). */
const HELPER_TIMEOUT_MS = 120_000;

/**
 * The helper thread's program (a CommonJS script for `new Worker(..., { eval: true })`): it
 * instantiates the kernels on the shared memory and sleeps until the control block's state says
 * job (or exit); then it runs the job's calls in order and marks it done.
 */
const HELPER_SCRIPT = `
const { workerData, parentPort } = require('node:worker_threads');
const { module, memory, names } = workerData;
const exports = new WebAssembly.Instance(module, { env: { memory } }).exports;
const fns = names.map((name) => exports[name]);
const control = new Int32Array(memory.buffer, 0, ${CONTROL_INTS});
parentPort.postMessage('ready');
for (;;) {
  let state;
  // Sleep while the state is idle or done (the main thread has not read the last result yet).
  while ((state = Atomics.load(control, 0)) !== ${STATE.job} && state !== ${STATE.exit}) Atomics.wait(control, 0, state);
  if (state === ${STATE.exit}) break;
  try {
    // The memory may have grown since the last job: a fresh view.
    const heap = new Int32Array(memory.buffer);
    let at = control[3];
    const count = control[1];
    for (let c = 0; c < count; c++) {
      const fn = fns[heap[at]];
      const argc = heap[at + 1];
      const args = [];
      for (let i = 0; i < argc; i++) args.push(heap[at + 2 + i]);
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
  once(event: 'message' | 'error' | 'exit', listener: (value: unknown) => void): unknown;
  terminate(): Promise<number>;
  unref(): void;
}
type WorkerConstructor = new (script: string, options: { eval: true; workerData: unknown }) => WorkerLike;

/** Waits for every helper in `helpers` (each posted a job); returns the first failure, if any. */
export function settleHelpers(helpers: readonly KernelHelper[]): unknown {
  let failure: unknown;
  for (const helper of helpers) {
    try {
      helper.wait();
    } catch (error) {
      failure ??= error;
    }
  }
  return failure;
}

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
  static readonly OPERANDS = 64;

  private readonly control: Int32Array;
  private readonly index: ReadonlyMap<string, number>;
  private pending = false;
  private stopped = false;

  private constructor(
    private readonly worker: WorkerLike,
    readonly memory: WebAssembly.Memory,
    names: readonly string[],
  ) {
    this.control = new Int32Array(memory.buffer, 0, CONTROL_INTS);
    this.index = new Map(names.map((name, i) => [name, i]));
  }

  /** Starts `count` helpers running the module of `options` (all or none: a failed start stops the others). */
  static async start(count: number, options: SimdModuleOptions): Promise<KernelHelper[]> {
    let Worker: WorkerConstructor;
    try {
      // A variable specifier keeps browser bundlers from resolving a Node built-in.
      const specifier: string = 'node:worker_threads';
      Worker = ((await import(/* webpackIgnore: true */ /* @vite-ignore */ specifier)) as { Worker: WorkerConstructor }).Worker;
    } catch (cause) {
      throw new BackendError({ field: 'kernelThreads', value: count + 1, expected: '1 outside Node (kernel helper threads use node:worker_threads)' }, { cause });
    }
    let module: WebAssembly.Module;
    try {
      module = new WebAssembly.Module(buildSimdModule({ ...options, sharedMemoryPages: MODULE_MAXIMUM_PAGES }));
    } catch (cause) {
      throw new BackendError({ field: 'kernelThreads', value: count + 1, expected: '1 on an engine without WebAssembly SIMD and shared memories' }, { cause });
    }
    const names = WebAssembly.Module.exports(module)
      .filter((e) => e.kind === 'function')
      .map((e) => e.name);
    const started = await Promise.allSettled(
      Array.from({ length: count }, async () => {
        const memory = new WebAssembly.Memory({ initial: 64, maximum: MEMORY_MAXIMUM_PAGES, shared: true });
        const worker = new Worker(HELPER_SCRIPT, { eval: true, workerData: { module, memory, names } });
        try {
          await new Promise<void>((resolve, reject) => {
            worker.once('message', () => resolve());
            worker.once('error', reject);
            worker.once('exit', (code) => reject(new Error(`kernel helper thread exited (${String(code)}) before it was ready`)));
          });
        } catch (error) {
          await worker.terminate();
          throw error;
        }
        // An idle helper does not keep the process alive.
        worker.unref();
        return new KernelHelper(worker, memory, names);
      }),
    );
    const helpers = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) {
      await Promise.all(helpers.map((h) => h.dispose()));
      throw new BackendError({ field: 'kernelThreads', value: count + 1, expected: 'helper threads that start' }, { cause: failed.reason });
    }
    return helpers;
  }

  /** Whether the thread still serves jobs (not stopped, not timed out). */
  get alive(): boolean {
    return !this.stopped;
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

  /**
   * Posts `calls` (run in order by the helper) and returns at once. The calls are encoded into the
   * helper's memory from byte `freeFrom` (past the job's operands; a multiple of 4), which grows
   * as needed.
   */
  post(calls: readonly KernelCall[], freeFrom: number): void {
    if (this.stopped) throw new Error('KernelHelper: stopped');
    if (this.pending) throw new Error('KernelHelper: a job is still running');
    if (freeFrom % 4 !== 0 || freeFrom < KernelHelper.OPERANDS) throw new Error(`KernelHelper: calls at byte ${freeFrom}`);
    const ints = calls.reduce((n, call) => n + 2 + call.args.length, 0);
    this.reserve(freeFrom + 4 * ints - KernelHelper.OPERANDS);
    const heap = this.i32();
    let at = freeFrom / 4;
    for (const call of calls) {
      const fn = this.index.get(call.fn);
      if (fn === undefined) throw new Error(`KernelHelper: no kernel ${call.fn}`);
      heap[at] = fn;
      heap[at + 1] = call.args.length;
      heap.set(call.args, at + 2);
      at += 2 + call.args.length;
    }
    this.control[1] = calls.length;
    this.control[3] = freeFrom / 4;
    this.pending = true;
    jobsPosted++;
    Atomics.store(this.control, 0, STATE.job);
    Atomics.notify(this.control, 0);
  }

  /**
   * Blocks until the posted job is done; throws if a call failed in the helper, or if the helper has
   * not answered within {@link HELPER_TIMEOUT_MS} (a thread that died cannot say so to a blocked
   * main thread, whose event loop is not running): that helper is then stopped for good.
   */
  wait(): void {
    if (!this.pending) return;
    const deadline = Date.now() + HELPER_TIMEOUT_MS;
    while (Atomics.load(this.control, 0) === STATE.job) {
      if (Atomics.wait(this.control, 0, STATE.job, 1000) === 'timed-out' && Date.now() > deadline) {
        this.pending = false;
        void this.dispose();
        throw new BackendError({ field: 'kernelThreads', value: 'a helper thread', expected: `an answer within ${HELPER_TIMEOUT_MS / 1000} s`, hint: 'Run with kernelThreads: 1.' });
      }
    }
    this.pending = false;
    const failed = this.control[2] !== 0;
    Atomics.store(this.control, 0, STATE.idle);
    if (failed) throw new Error('KernelHelper: a kernel call failed in the helper thread');
  }

  /** Stops the thread (idempotent). */
  async dispose(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    Atomics.store(this.control, 0, STATE.exit);
    Atomics.notify(this.control, 0);
    await this.worker.terminate();
  }
}
