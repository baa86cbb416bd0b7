import {
  checkKnownKeys,
  checkNumber,
  checkOneOf,
  checkPositiveInteger,
  checkShape,
  ConfigError,
  sizeOfShape,
  type DType,
} from '@prunerl/core';

/** How a frame stack is padded before the first frame of an episode. */
export type StackPadding = 'zeros' | 'first-frame';

/** Options shared by every buffer of this package. */
export interface ReplayBufferOptions {
  /**
   * Slots in the circular store, at most 2^31 - 1 (1,000,000 for the paper's agents). Each
   * transition takes one slot; each episode end takes one more, for the episode's last observation
   * (Dopamine's circular buffer likewise spends `stack - 1` padding slots per episode). When full, the
   * oldest slots are overwritten. Must be at least `nStep + frameStack`.
   */
  readonly capacity: number;
  /** Shape of one observation as the agent sees it, e.g. `[10, 10, 4]` or `[84, 84, 4]` (stacked). */
  readonly observationShape: readonly number[];
  /** Element type of observations; stored as is (`uint8` stays one byte per value). */
  readonly observationDtype: DType;
  /** n of n-step returns (Dopamine's `update_horizon`). Default 1. */
  readonly nStep?: number;
  /** Discount factor gamma in [0, 1]. Default 0.99. */
  readonly gamma?: number;
  /**
   * Frames per observation when observations are frame stacks along their last axis (Dopamine's
   * `stack_size`, e.g. 4 for `[84, 84, 4]`). With a value above 1, only the newest frame of each
   * observation is stored and stacks are rebuilt when sampling, cutting memory by this factor; the
   * last entry of `observationShape` must equal it. Default 1 (whole observations stored).
   */
  readonly frameStack?: number;
  /**
   * What a rebuilt stack holds before the first frame of an episode: `zeros` (Dopamine's agents and
   * buffer) or `first-frame` (the episode's first frame repeated, as Gymnasium's
   * `FrameStackObservation` pads by default). Observations added must follow the same convention; the
   * buffer checks it. Default `zeros`.
   */
  readonly stackPadding?: StackPadding;
  /**
   * Shape of one continuous action (a float32 `Box` action, e.g. `[1]` for Pendulum): the buffer then
   * stores `Float32Array` actions and batches carry them as `actionVectors`. Absent (the default):
   * discrete int32 actions.
   */
  readonly actionShape?: readonly number[];
}

/** Options of the prioritized buffer (Schaul et al. 2016 as Dopamine implements it). */
export interface PrioritizedReplayBufferOptions extends ReplayBufferOptions {
  /**
   * alpha: a priority `p` passed to `updatePriorities` is stored as `p^alpha`. Default 1, as in
   * Dopamine's sampler, whose Rainbow agent passes `sqrt(loss + 1e-10)` (alpha = 1/2 applied by the
   * agent, on the loss).
   */
  readonly priorityExponent?: number;
  /**
   * beta: importance weights are `P(i)^-beta / max_j P(j)^-beta` over the batch. Default 0.5, the
   * `1 / sqrt(P)` of Dopamine's Rainbow, normalised by the batch maximum as Dopamine does.
   */
  readonly importanceExponent?: number;
}

/** Options after validation, with every default filled in. */
export interface ResolvedReplayOptions {
  readonly capacity: number;
  readonly observationShape: readonly number[];
  readonly observationDtype: DType;
  readonly nStep: number;
  readonly gamma: number;
  readonly frameStack: number;
  readonly stackPadding: StackPadding;
  /** Values per observation. */
  readonly observationSize: number;
  /** Values stored per slot (one frame when stacking, else the whole observation). */
  readonly slotSize: number;
  /** Shape of one continuous action; absent for discrete actions. */
  readonly actionShape?: readonly number[];
  /** Values per continuous action; 0 for discrete actions. */
  readonly actionSize: number;
}

/** Resolved prioritized options. */
export interface ResolvedPrioritizedOptions extends ResolvedReplayOptions {
  readonly priorityExponent: number;
  readonly importanceExponent: number;
}

const DTYPES: readonly DType[] = ['float32', 'float64', 'uint8', 'int32'];
/** Slot indices travel as `Int32Array`s (`Batch.indices`). */
export const MAX_CAPACITY = 2 ** 31 - 1;

const COMMON_KEYS = ['capacity', 'observationShape', 'observationDtype', 'nStep', 'gamma', 'frameStack', 'stackPadding', 'actionShape'] as const;
const PRIORITIZED_KEYS = [...COMMON_KEYS, 'priorityExponent', 'importanceExponent'] as const;

/**
 * Validates buffer options and fills in defaults. Throws a `ConfigError` naming the field, the
 * value and what was expected (e.g. `capacity: expected an integer >= 1, got 0.`).
 */
export function resolveReplayOptions(owner: string, options: ReplayBufferOptions): ResolvedReplayOptions {
  if (options === null || typeof options !== 'object') {
    throw new ConfigError({ field: `${owner} options`, value: options, expected: 'an options object' });
  }
  checkKnownKeys(owner, options, COMMON_KEYS);
  return resolveCommon(options);
}

/** {@link resolveReplayOptions} for the prioritized buffer. */
export function resolvePrioritizedOptions(owner: string, options: PrioritizedReplayBufferOptions): ResolvedPrioritizedOptions {
  if (options === null || typeof options !== 'object') {
    throw new ConfigError({ field: `${owner} options`, value: options, expected: 'an options object' });
  }
  checkKnownKeys(owner, options, PRIORITIZED_KEYS);
  return {
    ...resolveCommon(options),
    priorityExponent: checkNumber('priorityExponent', options.priorityExponent ?? 1, { min: 0, minExclusive: true }),
    importanceExponent: checkNumber('importanceExponent', options.importanceExponent ?? 0.5, { min: 0 }),
  };
}

function resolveCommon(options: ReplayBufferOptions): ResolvedReplayOptions {
  const capacity = checkNumber('capacity', options.capacity, { min: 1, max: MAX_CAPACITY, integer: true });
  const observationShape = Object.freeze(checkShape('observationShape', options.observationShape));
  const observationDtype = checkOneOf('observationDtype', options.observationDtype, DTYPES);
  const nStep = checkPositiveInteger('nStep', options.nStep ?? 1);
  const gamma = checkNumber('gamma', options.gamma ?? 0.99, { min: 0, max: 1 });
  const frameStack = checkNumber('frameStack', options.frameStack ?? 1, { min: 1, max: 255, integer: true });
  const stackPadding = checkOneOf('stackPadding', options.stackPadding ?? 'zeros', ['zeros', 'first-frame'] as const);
  const observationSize = sizeOfShape(observationShape);
  const actionShape = options.actionShape === undefined ? undefined : Object.freeze(checkShape('actionShape', options.actionShape, { minLength: 1 }));
  if (frameStack > 1 && observationShape[observationShape.length - 1] !== frameStack) {
    throw new ConfigError({
      field: 'observationShape',
      value: observationShape,
      expected: `a shape whose last entry is frameStack = ${frameStack} (frames are stacked on the last axis)`,
    });
  }
  if (capacity < nStep + frameStack) {
    throw new ConfigError({
      field: 'capacity',
      value: capacity,
      expected: `an integer >= nStep + frameStack = ${nStep + frameStack}`,
      hint: 'A slot needs its n-step window and its frame stack inside the buffer.',
    });
  }
  return {
    capacity,
    observationShape,
    observationDtype,
    nStep,
    gamma,
    frameStack,
    stackPadding,
    observationSize,
    slotSize: observationSize / frameStack,
    ...(actionShape ? { actionShape } : {}),
    actionSize: actionShape ? sizeOfShape(actionShape) : 0,
  };
}
