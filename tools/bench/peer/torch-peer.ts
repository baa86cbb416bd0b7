/**
 * Runs the PyTorch peer (`torch_bench.py`, beside this file) on the suite's network cases and
 * returns its timings, or why it did not run (no such Python, or no `import torch` there).
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TimingSummary } from '../stats';

/** A network case as the peer takes it. */
export interface PeerCase {
  readonly name: string;
  readonly torso: 'minatar-cnn' | 'nature-cnn' | 'impala';
  readonly width: number;
  readonly shape: readonly [number, number, number];
  readonly actions: number;
}

/** The peer's timings for one case (ms). */
export interface PeerTimings {
  readonly name: string;
  readonly parameters: number;
  readonly update: TimingSummary;
  readonly act: TimingSummary;
  readonly actBatch: TimingSummary;
  readonly actBatchSize: number;
}

/** What {@link runTorchPeer} returns. */
export type PeerOutcome =
  | { readonly ran: true; readonly torch: string; readonly threads: number; readonly defaultThreads: number; readonly blas: string; readonly results: readonly PeerTimings[] }
  | { readonly ran: false; readonly reason: string };

/** Options of {@link runTorchPeer}. */
export interface PeerOptions {
  /** The Python with PyTorch. Default `/usr/bin/python3` (Debian's python3-torch lives there). */
  readonly python?: string;
  /** `torch.set_num_threads`. Default 1 (the wasm backend runs one thread in Node). */
  readonly threads?: number;
  readonly budgetMs?: number;
  readonly actBatchSize?: number;
  /** Multiply 95%-sparse masks into the weights after every update (as a pruner does). Default true. */
  readonly masks?: boolean;
}

const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), 'torch_bench.py');

function blasThreads(threads: number): Record<string, string> {
  const n = String(threads);
  return { OMP_NUM_THREADS: n, OPENBLAS_NUM_THREADS: n, MKL_NUM_THREADS: n };
}

/** Whether `python` can `import torch`. */
export function torchAvailable(python: string): { ok: boolean; reason: string } {
  const probe = spawnSync(python, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' });
  if (probe.error) return { ok: false, reason: `${python}: ${probe.error.message}` };
  if (probe.status !== 0) return { ok: false, reason: `${python} -c "import torch" failed: ${probe.stderr.trim().split('\n').pop() ?? ''}` };
  return { ok: true, reason: `torch ${probe.stdout.trim()}` };
}

/** Times `cases` in PyTorch on the CPU (blocking; the peer prints one JSON object). */
export function runTorchPeer(cases: readonly PeerCase[], options: PeerOptions = {}): PeerOutcome {
  const python = options.python ?? '/usr/bin/python3';
  const available = torchAvailable(python);
  if (!available.ok) return { ran: false, reason: available.reason };
  const run = spawnSync(
    python,
    [SCRIPT, '--cases', JSON.stringify(cases), '--threads', String(options.threads ?? 1), '--budget-ms', String(options.budgetMs ?? 3000), '--act-batch', String(options.actBatchSize ?? 16), ...(options.masks === false ? ['--no-masks'] : [])],
    // torch.set_num_threads does not reach OpenBLAS's own pthreads: without these, a "1-thread" peer
    // ran its dense layers on both cores.
    { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024, env: { ...process.env, ...blasThreads(options.threads ?? 1) } },
  );
  if (run.status !== 0) return { ran: false, reason: `torch_bench.py failed (${run.status}): ${run.stderr.slice(-400)}` };
  const parsed = JSON.parse(run.stdout) as { torch: string; threads: number; defaultThreads: number; blas: string; results: PeerTimings[] };
  return { ran: true, ...parsed };
}
