import { ConfigError, isBox, replayBuffers, TOKENS, type DType, type Environment, type ReplayBuffer } from '@prunerl/core';
import { ContainerModule } from 'inversify';
import { registerReplayBuffers } from '../registry/register-replay-buffers';

/** Options of {@link replayModule}. */
export interface ReplayModuleOptions {
  /** A registry name (`uniform`, `prioritized`, or a user's registered buffer). Default `uniform`. */
  readonly buffer?: string;
  /** That buffer's options as plain JSON (`{ capacity: 1000000, nStep: 3, frameStack: 4 }`). */
  readonly options?: Record<string, unknown>;
  /**
   * Shape of one observation. When left out (with the dtype), both are read from the observation
   * space of the container's `TOKENS.Environment`.
   */
  readonly observationShape?: readonly number[];
  readonly observationDtype?: DType;
  /**
   * Shape of one continuous action (a `Box` action space), for agents of continuous actions (SAC);
   * absent for discrete actions. When the observation shape is read from `TOKENS.Environment`, a
   * `Box` action space there gives this too.
   */
  readonly actionShape?: readonly number[];
}

/**
 * The container entry of `@prunerl/replay`: registers `uniform` and `prioritized` by name and binds
 * `TOKENS.ReplayBuffer` to one buffer (a singleton: an agent and a checkpointer must share it),
 * built from the registry when first requested. Replace it with `rebind(TOKENS.ReplayBuffer)`.
 *
 * @example
 * ```ts
 * const container = new Container();
 * await container.load(replayModule({ buffer: 'prioritized', options: { capacity: 100_000, nStep: 3 }, observationShape: [10, 10, 4], observationDtype: 'uint8' }));
 * const replay = container.get<ReplayBuffer>(TOKENS.ReplayBuffer);
 * ```
 */
export function replayModule(options: ReplayModuleOptions = {}): ContainerModule {
  const name = options.buffer ?? 'uniform';
  return new ContainerModule(({ bind }) => {
    registerReplayBuffers();
    bind<ReplayBuffer>(TOKENS.ReplayBuffer)
      .toDynamicValue((context) => {
        let observationShape = options.observationShape;
        let observationDtype: string | undefined = options.observationDtype;
        let actionShape = options.actionShape;
        if (observationShape === undefined || observationDtype === undefined) {
          const environment = context.get<Environment>(TOKENS.Environment, { optional: true }) as Environment | undefined;
          if (!environment) {
            throw new ConfigError({
              field: 'replayModule(options).observationShape',
              value: observationShape,
              expected: 'an observation shape and dtype, or a bound TOKENS.Environment to read them from',
            });
          }
          observationShape ??= environment.observationSpace.shape;
          observationDtype ??= environment.observationSpace.dtype;
          if (actionShape === undefined && isBox(environment.actionSpace)) actionShape = environment.actionSpace.shape;
        }
        return replayBuffers.get(name)(options.options ?? {}, { observationShape, observationDtype, ...(actionShape !== undefined ? { actionShape } : {}) });
      })
      .inSingletonScope();
  });
}
