/**
 * The training worker: everything tfjs runs here, so the page stays responsive while an agent
 * trains. It answers the page's messages (`PageMessage`) with `WorkerMessage`s; one training
 * session or one loaded policy at a time.
 */
import { describeBackend, initBackend } from '@prunerl/backend';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimd from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { PageMessage, WatchMode, WorkerMessage } from '../protocol';
import type { PlaygroundBackend } from '../settings';
import { PolicySession } from './policy-session';
import { memoryReport, TrainingSession } from './training-session';

const post = (message: WorkerMessage): void => {
  // A saved file's bytes are moved, not copied (this worker keeps none of them).
  self.postMessage(message, { transfer: message.type === 'saved' ? [message.bytes.buffer as ArrayBuffer] : [] });
};

let session: TrainingSession | undefined;
let policy: PolicySession | undefined;
let watch: { mode: WatchMode; speed: number } = { mode: 'iteration', speed: 30 };

/** Starts the chosen backend; wasm finds its binaries at the URLs the build gave them. */
async function startBackend(name: PlaygroundBackend): Promise<string> {
  // The GPU backends are separate chunks, loaded only when chosen (webgl comes with tfjs itself).
  if (name === 'webgpu') await import('@tensorflow/tfjs-backend-webgpu');
  const info = await initBackend({
    name,
    ...(name === 'wasm'
      ? { wasmPaths: { 'tfjs-backend-wasm.wasm': wasmPlain, 'tfjs-backend-wasm-simd.wasm': wasmSimd, 'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimd } }
      : {}),
  });
  return describeBackend(info);
}

/** Frees whatever runs (a session, a played policy); the memory report tells what is left. */
async function stopAll(): Promise<void> {
  policy?.dispose();
  policy = undefined;
  const running = session;
  session = undefined;
  await running?.dispose();
}

async function handle(message: PageMessage): Promise<void> {
  switch (message.type) {
    case 'init': {
      let backend: string;
      try {
        backend = await startBackend(message.backend);
      } catch (error) {
        if (message.backend === 'wasm') throw error;
        post({ type: 'error', message: `${message.backend} did not start (${(error as Error).message}); running on wasm` });
        backend = await startBackend('wasm');
      }
      post({ type: 'ready', backend, memory: memoryReport() });
      return;
    }
    case 'start':
      await stopAll();
      try {
        session = new TrainingSession(message.settings, post);
      } catch (error) {
        // Settings the runner refuses (a ConfigError naming the field): say so and go back to idle.
        post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
        post({ type: 'reset', memory: memoryReport() });
        return;
      }
      session.setWatch(watch.mode, watch.speed);
      session.resume();
      return;
    case 'pause':
      await session?.pause();
      return;
    case 'resume':
      session?.resume();
      return;
    case 'reset':
      await stopAll();
      post({ type: 'reset', memory: memoryReport() });
      return;
    case 'watch':
      watch = { mode: message.mode, speed: message.speed };
      session?.setWatch(message.mode, message.speed);
      policy?.play(message.speed);
      return;
    case 'save': {
      if (!session) throw new Error('nothing to save: start a run first');
      post({ type: 'saved', bytes: session.savePolicy(), name: 'policy.bin' });
      return;
    }
    case 'load':
      await stopAll();
      policy = new PolicySession(message.bytes, message.name, post);
      policy.play(watch.speed);
      return;
  }
}

// Messages are handled one at a time, in order (a reset waits for the run to stop).
let queue: Promise<void> = Promise.resolve();
self.onmessage = (event: MessageEvent<PageMessage>) => {
  queue = queue.then(() =>
    handle(event.data).catch((error: unknown) => {
      post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
    }),
  );
};
