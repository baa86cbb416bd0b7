/**
 * @prunerl/plasticity: the interventions the paper compares pruning against (Figure 12), as update
 * hooks that attach to any agent and network and stack with pruners: ReDo (recycling dormant
 * neurons), Reset (re-initialising the last layers) and weight decay. Feature normalisation, the
 * fourth, is a network option (`featureNorm` in `@prunerl/networks`). The container module lives at
 * `@prunerl/plasticity/inversify`.
 */
export { FreshWeights, REINIT_MODES, xavierUniform } from './init/fresh-weights';
export type { ReinitMode } from './init/fresh-weights';

export type { HookRngOptions } from './hooks/hook-rng';
export { PeriodicSchedule } from './hooks/periodic-schedule';

export { parentScope, weightLayers } from './layers/layer-graph';
export type { WeightLayer } from './layers/layer-graph';

export { dormantScores } from './redo/dormant-scores';
export { ReDo } from './redo/redo';
export type { ReDoOptions, ReDoState, RecyclingEvent } from './redo/redo';
export { checkRecyclingPlan, inferRecyclingPlan, readsOutputOf } from './redo/recycling-plan';
export type { RecycledLayer } from './redo/recycling-plan';

export { PLASTICITY_REGISTRATIONS, registerPlasticityHooks } from './registry/register-plasticity-hooks';

export { LayerReset } from './reset/layer-reset';
export type { LayerResetOptions, LayerResetState } from './reset/layer-reset';
export { layerGroupsFromOutput, selectResetLayers } from './reset/reset-layers';
export type { ResetLayerSelection } from './reset/reset-layers';

export { WeightDecay } from './weight-decay/weight-decay';
export type { WeightDecayMode, WeightDecayOptions } from './weight-decay/weight-decay';
