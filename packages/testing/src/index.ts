/**
 * @prunerl/testing: shared fakes and conformance suites that prunerl's packages and third-party
 * plugins run against their own code.
 */
export { docBlocksMissing } from './conformance/doc-blocks';
export type { DocBlocks } from './conformance/doc-blocks';
export { check, checkThrows, ConformanceError } from './conformance/test-api';
export { maxAbsDiff, outputAndGradients } from './gradients/output-and-gradients';
export { expectNoTensorLeak, expectNoTensorLeakSync, TensorLeakError } from './tensor-leak';
export type { TensorLeakOptions } from './tensor-leak';
export { environmentConformance, environmentConformanceChecks } from './environments/environment-conformance';
export type { EnvironmentConformanceCheck, EnvironmentConformanceOptions } from './environments/environment-conformance';
export { ScriptedRandomSource } from './environments/scripted-random-source';
export type { ScriptedCall, ScriptedDraw } from './environments/scripted-random-source';
export { ParameterNetwork } from './pruning/parameter-network';
export { prunerConformance, prunerConformanceChecks } from './pruning/pruner-conformance';
export type { ConformanceCheck, PrunerConformanceOptions, PrunerFactory, PrunerSetup } from './pruning/pruner-conformance';
export { runHookedUpdates } from './pruning/run-hooked-updates';
export type { HookedUpdatesOptions, HookedUpdatesResult } from './pruning/run-hooked-updates';
export { SimpleOptimizer } from './pruning/simple-optimizer';
export type { SimpleOptimizerOptions } from './pruning/simple-optimizer';
export { createToyParameters, disposeParameters, mlpParameterSpecs, snapshotParameters } from './pruning/toy-parameters';
export type { ToyParameterSpec } from './pruning/toy-parameters';
export { FakeNetworkFactory } from './agents/fake-network-factory';
export type { FakeNetworkFactoryOptions } from './agents/fake-network-factory';
export { FakeQNetwork } from './agents/fake-q-network';
export type { FakeHeadOptions, FakeQNetworkOptions } from './agents/fake-q-network';
export { FakeReplayBuffer } from './agents/fake-replay-buffer';
export type { FakeReplayBufferOptions } from './agents/fake-replay-buffer';
export { RecordingUpdateHook } from './agents/recording-update-hook';
export type { HookCall } from './agents/recording-update-hook';
export { HandBuiltNetwork, HandBuiltNetworkFactory } from './networks/hand-built-network';
export type { DenseWeights, HandBuiltLayer } from './networks/hand-built-network';
export { qNetworkConformance } from './networks/q-network-conformance';
export type { QNetworkConformanceOptions } from './networks/q-network-conformance';
export { replayBufferConformance } from './replay/replay-buffer-conformance';
export type { ReplayBufferConformanceOptions, ReplayBufferFactory, ReplayBufferSpec } from './replay/replay-buffer-conformance';
export { scriptedEpisodes } from './replay/scripted-episodes';
export type { ExpectedNStep, ScriptedEnding, ScriptedEpisode, ScriptedTransitions } from './replay/scripted-episodes';
