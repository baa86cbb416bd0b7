// The names pruners had before every class implementing `Pruner` was named `<Name>Pruner` (and its
// options `<Name>PrunerOptions`), and before seed options moved to core. Kept for one release so that code written against them still
// builds; delete this file (and its barrel block) in the release after.
import type { SeedOptions } from '@prunerl/core';
import { DynamicSparsePruner, type DynamicSparsePrunerOptions } from './dynamic-sparse-pruner';
import type { GradualMagnitudePrunerOptions } from './gradual-magnitude-pruner';
import { LotteryTicketPruner, type LotteryTicketPrunerOptions } from './lottery-ticket-pruner';
import { RigLPruner } from './rigl-pruner';
import { SetPruner } from './set-pruner';
import { StaticSparsePruner, type StaticSparsePrunerOptions } from './static-sparse-pruner';

/** @deprecated Renamed {@link SetPruner}; kept for one release. */
export const SET = SetPruner;
/** @deprecated Renamed {@link SetPruner}; kept for one release. */
export type SET = SetPruner;

/** @deprecated Renamed {@link RigLPruner}; kept for one release. */
export const RigL = RigLPruner;
/** @deprecated Renamed {@link RigLPruner}; kept for one release. */
export type RigL = RigLPruner;

/** @deprecated Renamed {@link StaticSparsePruner}; kept for one release. */
export const StaticSparse = StaticSparsePruner;
/** @deprecated Renamed {@link StaticSparsePruner}; kept for one release. */
export type StaticSparse = StaticSparsePruner;

/** @deprecated Renamed {@link LotteryTicketPruner}; kept for one release. */
export const LotteryTicket = LotteryTicketPruner;
/** @deprecated Renamed {@link LotteryTicketPruner}; kept for one release. */
export type LotteryTicket = LotteryTicketPruner;

/** @deprecated Renamed {@link DynamicSparsePruner}; kept for one release. */
export const DynamicSparseTrainer = DynamicSparsePruner;
/** @deprecated Renamed {@link DynamicSparsePruner}; kept for one release. */
export type DynamicSparseTrainer = DynamicSparsePruner;

/** @deprecated Renamed {@link DynamicSparsePrunerOptions}; kept for one release. */
export type DynamicSparseOptions = DynamicSparsePrunerOptions;
/** @deprecated Renamed {@link GradualMagnitudePrunerOptions}; kept for one release. */
export type GradualPrunerOptions = GradualMagnitudePrunerOptions;
/** @deprecated Renamed {@link LotteryTicketPrunerOptions}; kept for one release. */
export type LotteryTicketOptions = LotteryTicketPrunerOptions;
/** @deprecated Renamed {@link StaticSparsePrunerOptions}; kept for one release. */
export type StaticSparseOptions = StaticSparsePrunerOptions;
/** @deprecated Use `SeedOptions` from `@prunerl/core` (one definition for pruners and hooks); kept for one release. */
export type PrunerRngOptions = SeedOptions;
