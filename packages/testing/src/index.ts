/**
 * @prunerl/testing: shared fakes and conformance suites that prunerl's packages and third-party
 * plugins run against their own code.
 */
export { check, checkThrows, ConformanceError } from './conformance/test-api';
export { expectNoTensorLeak, expectNoTensorLeakSync, TensorLeakError } from './tensor-leak';
export type { TensorLeakOptions } from './tensor-leak';
