/**
 * @prunerl/pruning: the paper's gradual magnitude pruning and the pruner plugin system. Schedules
 * (step -> sparsity), distributions (how a target spreads over layers), criteria (which weights go),
 * and pruners composed from them, each an `UpdateHook` that attaches to any agent and network.
 * The container module lives at `@prunerl/pruning/inversify`.
 */
export { GradientMagnitudeCriterion } from './criteria/gradient-magnitude-criterion';
export { MagnitudeCriterion } from './criteria/magnitude-criterion';
export { RandomCriterion } from './criteria/random-criterion';
export type { RandomCriterionOptions } from './criteria/random-criterion';
export { CRITERION_NAMES, resolveCriterion } from './criteria/resolve-criterion';
export type { CriterionSpec } from './criteria/resolve-criterion';

export { ErkDistribution } from './distributions/erk-distribution';
export { erkSparsities } from './distributions/erk-sparsities';
export type { ErkOptions } from './distributions/erk-sparsities';
export { GlobalDistribution } from './distributions/global-distribution';
export type { GlobalDistributionOptions } from './distributions/global-distribution';
export { DISTRIBUTION_NAMES, resolveDistribution } from './distributions/resolve-distribution';
export type { DistributionSpec } from './distributions/resolve-distribution';
export { UniformDistribution } from './distributions/uniform-distribution';
export type { UniformDistributionOptions } from './distributions/uniform-distribution';

export { computeMasks } from './masks/compute-masks';
export type { ComputeMasksOptions } from './masks/compute-masks';
export { globalTopkMasks } from './masks/global-topk-masks';
export { keepCount, roundHalfEven } from './masks/keep-count';
export { topkMask, topkMaskKeeping } from './masks/topk-mask';

export { DynamicSparseTrainer, LotteryTicket, RigL, SET, StaticSparse } from './pruners/deprecated-names';
export type { DynamicSparseOptions, GradualPrunerOptions, LotteryTicketOptions, PrunerRngOptions, StaticSparseOptions } from './pruners/deprecated-names';
export { DynamicSparsePruner } from './pruners/dynamic-sparse-pruner';
export type { DynamicSparsePrunerOptions } from './pruners/dynamic-sparse-pruner';
export { GradualMagnitudePruner } from './pruners/gradual-magnitude-pruner';
export type { GradualMagnitudePrunerOptions } from './pruners/gradual-magnitude-pruner';
export { allocateLayers } from './pruners/layer-allocation';
export { captureWeights, LotteryTicketPruner } from './pruners/lottery-ticket-pruner';
export type { LotteryTicketPrunerOptions, TensorSource } from './pruners/lottery-ticket-pruner';
export { MaskedPruner } from './pruners/masked-pruner';
export type { MaskedPrunerOptions, MaskedPrunerState } from './pruners/masked-pruner';
export { OneShotPruner } from './pruners/one-shot-pruner';
export type { OneShotPrunerOptions } from './pruners/one-shot-pruner';
export { RandomPruner } from './pruners/random-pruner';
export { RigLPruner } from './pruners/rigl-pruner';
export { ScheduledPruner } from './pruners/scheduled-pruner';
export type { ScheduledPrunerOptions } from './pruners/scheduled-pruner';
export { SetPruner } from './pruners/set-pruner';
export { StaticSparsePruner } from './pruners/static-sparse-pruner';
export type { StaticSparsePrunerOptions } from './pruners/static-sparse-pruner';

export { PRUNER_REGISTRATIONS, registerPruners } from './registry/register-pruners';

export { measureSparsity } from './reporting/measure-sparsity';
export type { SparsityTargets } from './reporting/measure-sparsity';
export { sparsityMetrics, sparsityRecords } from './reporting/sparsity-metrics';

export { ConstantSchedule } from './schedules/constant-schedule';
export type { ConstantOverTrainingOptions, ConstantScheduleOptions } from './schedules/constant-schedule';
export { cosineDecay } from './schedules/cosine-decay';
export { OneShotSchedule } from './schedules/one-shot-schedule';
export type { OneShotScheduleOptions } from './schedules/one-shot-schedule';
export { PolynomialSchedule } from './schedules/polynomial-schedule';
export type { PolynomialOverTrainingOptions, PolynomialScheduleOptions } from './schedules/polynomial-schedule';
export { finalSparsityOf, isTrainingSchedule, resolveSchedule } from './schedules/training-schedule';
export type { TrainingSchedule } from './schedules/training-schedule';

export { compileNamePattern } from './selection/name-pattern';
export type { NamePattern } from './selection/name-pattern';
export { selectPrunable } from './selection/select-prunable';
export type { PrunableSelection } from './selection/select-prunable';
