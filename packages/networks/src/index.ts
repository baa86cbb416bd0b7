/**
 * @prunerl/networks: Q-networks as pure tfjs-core ops on variables they own. Torsos (MLP, MinAtar
 * CNN, Nature CNN, Impala ResNet), each with a width multiplier, combine with any head (Q, dueling,
 * C51, implicit quantile), optionally with NoisyNet layers; initialisation as the reference (Dopamine
 * JAX) agents, deterministic from a seed; stable hierarchical parameter names, activation capture
 * for diagnostics, versioned weight bytes, and policy files (spec + weights + masks) that rebuild a
 * trained network anywhere.
 */
export { c51Support } from './heads/c51-head';
export { HEAD_NAMES } from './heads/head';
export type { HeadName, HeadPlan } from './heads/head';

export { INIT_PRESETS, resolveInitScheme } from './init/init-scheme';
export type { InitOption, InitPreset, InitScheme } from './init/init-scheme';
export { fansOf, initialBias, initialKernel, INITIALIZER_NAMES } from './init/initializer';
export type { Fans, InitializerName } from './init/initializer';

export { convOutputSize } from './layers/conv-layer';
export type { Padding } from './layers/conv-layer';
export type { Activation, DenseLike } from './layers/dense-layer';
export type { LayerOp } from './layers/layer-op';
export { conv2dLayer, denseLayer } from './layers/layer-kernels';
export { runLayerOps } from './layers/run-layer-ops';

export { ARCHITECTURE_KEYS, describeHead, resolveArchitecture } from './network/architecture';
export type { Architecture, ArchitectureOptions } from './network/architecture';
export { createQNetwork } from './network/create-q-network';
export type { CreateQNetworkOptions } from './network/create-q-network';
export { QNetworkFactory } from './network/q-network-factory';
export type { NetworkPlan } from './network/network-plan';
export { TorsoHeadNetwork } from './network/torso-head-network';
export type { TorsoHeadNetworkSpec } from './network/torso-head-network';

export { networkRegistration, registerBuiltinNetworks } from './registry/builtin-networks';

export { SparseForward } from './sparse/sparse-forward';
export type { ParameterValues, SparseOutput } from './sparse/sparse-forward';
export { SparseInferenceFactory } from './sparse/sparse-inference-factory';
export type { TorsoHeadNetworkFactory } from './sparse/sparse-inference-factory';
export { SparseInferenceNetwork } from './sparse/sparse-inference-network';
export type { SparseInferenceOptions, SparseInferenceSource, SparseInferenceStats } from './sparse/sparse-inference-network';

export { exportPolicy } from './policy/export-policy';
export type { ExportPolicyOptions } from './policy/export-policy';
export { loadPolicy } from './policy/load-policy';
export type { LoadedPolicy, LoadPolicyOptions } from './policy/load-policy';
export { decodePolicy, encodePolicy, POLICY_FORMAT, POLICY_FORMAT_VERSION } from './policy/policy-codec';
export type { PolicyRecord, PolicySpec } from './policy/policy-codec';

export { scaleByWidth } from './torsos/torso';
export type { Torso, TorsoBuildContext, TorsoDefinition, TorsoSettings } from './torsos/torso';
export { TORSO_NAMES, TORSOS } from './torsos/torso-registry';
export type { TorsoName } from './torsos/torso-registry';

export { decodeWeights, encodeWeights, WEIGHTS_FORMAT_VERSION } from './weights/weight-codec';
export type { DecodedWeights } from './weights/weight-codec';
