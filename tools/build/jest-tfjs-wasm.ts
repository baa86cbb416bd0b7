/**
 * Jest setup for packages whose tests run tensors: starts the wasm backend (with prunerl's training
 * kernels) before each test file. Lives in tools/ so that test-only backend setup does not make
 * plugin packages depend on @prunerl/backend. Tests that compare with the cpu backend switch with
 * `tf.setBackend('cpu')` and back.
 */
import { initBackend } from '@prunerl/backend';

beforeAll(async () => {
  await initBackend({ name: 'wasm' });
});
