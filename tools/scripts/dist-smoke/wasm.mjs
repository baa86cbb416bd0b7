// The built @prunerl/wasm must behave the same in both formats: the same module bytes, valid where
// the engine runs them, and the same sparse layout.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const esm = await import('@prunerl/wasm');
const cjs = require('@prunerl/wasm');
const a = esm.buildSimdModule({ fma: false });
const b = cjs.buildSimdModule({ fma: false });
if (a.length !== b.length || a.some((v, i) => v !== b[i])) throw new Error('the SIMD module bytes differ between ESM and CJS');
if (!WebAssembly.validate(a)) throw new Error('the SIMD module does not validate');
if (!esm.sparseKernelsAvailable() || !cjs.sparseKernelsAvailable()) throw new Error('the sparse kernels do not compile');
const dense = new Float32Array([0, 2, 0, 0, 1, 0]);
const layouts = [esm, cjs].map((m) => m.CsrMatrix.fromDense(dense, 3, 2).transpose().entryPairs().join(','));
if (layouts[0] !== layouts[1] || layouts[0] !== '16,2,4,0') throw new Error(`sparse layouts differ: ${layouts.join(' vs ')}`);
