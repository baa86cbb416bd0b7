import {
  Box,
  checkAction,
  checkKnownKeys,
  ConfigError,
  EnvironmentError,
  Rng,
  type Environment,
  type ResetOptions,
  type ResetResult,
  type StepResult,
} from '@prunerl/core';
import type { MujocoRuntime } from '../runtime/mujoco-runtime';
import type { MjDataHandle, MjModelHandle, MujocoModule } from '../runtime/mujoco-types';
import { optionReader } from './option-checks';

/** The stream `reset({ seed })` draws from: `Rng.fromSeed(seed).split('environment')`, as prunerl's other environments. */
export const ENVIRONMENT_STREAM = 'environment';

/** Options every MuJoCo environment takes. */
export interface MujocoEnvOptions {
  /** The loaded MuJoCo module (`await loadMujoco()`). */
  readonly mujoco: MujocoRuntime;
  /** MJCF text replacing the built-in model (Gymnasium's `xml_file`); same joints and actuators expected. */
  readonly xml?: string;
  /** MuJoCo steps per environment step (Gymnasium's `frame_skip`). */
  readonly frameSkip?: number;
  /** Half-width (uniform) or standard deviation (normal) of the reset noise (Gymnasium's `reset_noise_scale`). */
  readonly resetNoiseScale?: number;
  /** Steps after which an episode is truncated: Gymnasium registers every v5 locomotion task with 1000. */
  readonly maxEpisodeSteps?: number;
  /** Where reset noise is drawn from until `reset({ seed })` reseeds; default an entropy-seeded stream. */
  readonly rng?: Rng;
  /** The registry id, set by the registry. */
  readonly id?: string;
}

/** The keys of {@link MujocoEnvOptions}, for each environment's unknown-key check. */
export const MUJOCO_ENV_KEYS = ['mujoco', 'xml', 'frameSkip', 'resetNoiseScale', 'maxEpisodeSteps', 'rng', 'id'] as const;

/** What a subclass fixes about itself: its name, built-in model and Gymnasium defaults. */
export interface MujocoEnvSpec {
  readonly name: string;
  readonly xml: string;
  readonly frameSkip: number;
  readonly resetNoiseScale: number;
  /** How qvel is perturbed on reset: uniform in [-scale, scale], or `scale * N(0, 1)` (HalfCheetah, Ant). */
  readonly velocityNoise: 'uniform' | 'normal';
  /** The environment's own option names, besides {@link MUJOCO_ENV_KEYS}. */
  readonly keys: readonly string[];
}

/** The physical state Gymnasium's `set_state` takes: joint positions and velocities. */
export interface MujocoState {
  readonly qpos: Float64Array;
  readonly qvel: Float64Array;
}

type Phase = 'unreset' | 'running' | 'ended' | 'closed';

/**
 * Gymnasium 1.x's `MujocoEnv` (`gymnasium/envs/mujoco/mujoco_env.py`) over the `mujoco-js`
 * WebAssembly module, plus the `TimeLimit` that Gymnasium's `make` adds:
 *
 * - the model is compiled from MJCF text; `init_qpos`/`init_qvel` are the fresh `mjData`'s
 *   `qpos0` and zeros; the action space is the actuators' `ctrlrange` as float32;
 * - `reset` calls `mj_resetData`, then sets `qpos = init_qpos + U(-s, s)` (nq draws) and `qvel`
 *   (nv draws, uniform or normal per {@link MujocoEnvSpec.velocityNoise}), then `mj_forward`;
 * - `step` writes the action to `ctrl` (MuJoCo clamps it to `ctrlrange` itself, so the control cost
 *   sees the raw action, as in Gymnasium), runs `frameSkip` calls of `mj_step`, then
 *   `mj_rnePostConstraint` (which fills `cfrc_ext`, the contact forces Ant and Humanoid observe);
 * - `dt = timestep * frameSkip`; truncated after `maxEpisodeSteps` steps (both flags may be set).
 *
 * Observations are float32 (Gymnasium's are float64: the values are the same, rounded). Noise is
 * drawn from prunerl's `Rng` (xoroshiro128+), so a seed gives a reproducible trajectory here but
 * not numpy's. `close()` frees the model and data, which live in WebAssembly memory that garbage
 * collection never reclaims.
 */
export abstract class MujocoEnv implements Environment<Float32Array, Float32Array> {
  abstract readonly observationSpace: Box<'float32'>;
  readonly actionSpace: Box<'float32'>;
  readonly id: string | undefined;
  readonly frameSkip: number;
  readonly resetNoiseScale: number;
  readonly maxEpisodeSteps: number;
  /** Seconds of simulated time per step: `timestep * frameSkip`. */
  readonly dt: number;
  protected readonly mujoco: MujocoModule;
  protected readonly model: MjModelHandle;
  protected readonly data: MjDataHandle;
  /** `qpos` of the fresh model (`qpos0`), Gymnasium's `init_qpos`. */
  protected readonly initQpos: Float64Array;
  /** Gymnasium's `init_qvel`: zeros. */
  protected readonly initQvel: Float64Array;
  private readonly velocityNoise: 'uniform' | 'normal';
  private rng: Rng;
  private phase: Phase = 'unreset';
  private elapsed = 0;

  /**
   * Checks the options every environment shares, then compiles the model: subclasses read their own
   * options before calling this (see `optionReader`), so no bad option is found after MuJoCo memory
   * is taken.
   */
  protected constructor(spec: MujocoEnvSpec, options: MujocoEnvOptions) {
    const owner = `${spec.name} options`;
    const read = optionReader(owner, options);
    checkKnownKeys(owner, options, [...MUJOCO_ENV_KEYS, ...spec.keys]);
    const runtime = options.mujoco;
    if (!runtime || typeof runtime.compile !== 'function') {
      throw new ConfigError({ field: `${owner}.mujoco`, value: runtime, expected: 'the runtime `await loadMujoco()` returns' });
    }
    this.id = options.id;
    this.frameSkip = read.number('frameSkip', spec.frameSkip, { min: 1, integer: true });
    this.resetNoiseScale = read.number('resetNoiseScale', spec.resetNoiseScale, { min: 0 });
    this.maxEpisodeSteps = read.number('maxEpisodeSteps', 1000, { min: 1, integer: true });
    if (options.rng !== undefined && typeof (options.rng as Partial<Rng> | null)?.uniform !== 'function') {
      throw new ConfigError({ field: `${owner}.rng`, value: options.rng, expected: 'an Rng from @prunerl/core' });
    }
    this.rng = options.rng ?? Rng.fromSeed(entropySeed()).split(ENVIRONMENT_STREAM);
    this.velocityNoise = spec.velocityNoise;
    this.mujoco = runtime.module;
    this.model = runtime.compile(options.xml ?? spec.xml, spec.name);
    this.data = runtime.createData(this.model);
    this.initQpos = this.data.qpos.slice();
    this.initQvel = new Float64Array(this.model.nv);
    this.dt = this.model.opt.timestep * this.frameSkip;
    const range = this.model.actuator_ctrlrange;
    const nu = this.model.nu;
    this.actionSpace = new Box({
      low: Array.from({ length: nu }, (_, i) => Math.fround(range[2 * i]!)),
      high: Array.from({ length: nu }, (_, i) => Math.fround(range[2 * i + 1]!)),
      shape: [nu],
      dtype: 'float32',
    });
  }

  get unwrapped(): this {
    return this;
  }

  /** Steps taken since the last `reset`. */
  get elapsedSteps(): number {
    return this.elapsed;
  }

  reset(options: ResetOptions = {}): ResetResult<Float32Array> {
    this.checkOpen('reset(options)', options);
    if (options === null || typeof options !== 'object') {
      throw new EnvironmentError({ field: 'reset(options)', value: options, expected: 'an object like { seed?: number } or nothing' });
    }
    if (options.seed !== undefined) {
      if (typeof options.seed !== 'number' || !Number.isSafeInteger(options.seed) || options.seed < 0) {
        throw new EnvironmentError({ field: 'reset(options.seed)', value: options.seed, expected: 'an integer in [0, 2^53)' });
      }
      this.rng = Rng.fromSeed(options.seed).split(ENVIRONMENT_STREAM);
    }
    this.mujoco.mj_resetData(this.model, this.data);
    const s = this.resetNoiseScale;
    const qpos = this.initQpos.map((q) => q + (-s + 2 * s * this.rng.uniform()));
    const qvel = this.initQvel.map((v) => v + (this.velocityNoise === 'normal' ? s * this.rng.normal() : -s + 2 * s * this.rng.uniform()));
    this.writeState(qpos, qvel);
    this.phase = 'running';
    this.elapsed = 0;
    return { observation: this.observe(), info: this.positionInfo() };
  }

  step(action: Float32Array): StepResult<Float32Array> {
    if (this.phase !== 'running') {
      this.checkOpen('step(action)', action);
      throw new EnvironmentError({
        field: 'step(action)',
        value: action,
        expected: this.phase === 'unreset' ? 'a call to reset() before the first step' : 'a call to reset() after the episode ended',
        hint: this.phase === 'ended' ? 'The last step returned terminated or truncated.' : undefined,
      });
    }
    checkAction(this.actionSpace, action);
    const result = this.stepModel(action);
    this.elapsed++;
    const truncated = this.elapsed >= this.maxEpisodeSteps;
    if (result.terminated || truncated) this.phase = 'ended';
    return { ...result, truncated };
  }

  /** Frees MuJoCo's model and data. Idempotent; the environment cannot be used afterwards. */
  close(): void {
    if (this.phase === 'closed') return;
    this.phase = 'closed';
    this.data.delete();
    this.model.delete();
  }

  /** Copies of `qpos` and `qvel`. */
  getState(): MujocoState {
    this.checkOpen('getState()', undefined);
    return { qpos: this.data.qpos.slice(), qvel: this.data.qvel.slice() };
  }

  /**
   * Gymnasium's `set_state(qpos, qvel)` (then `mj_forward`), and makes the episode steppable as if
   * `reset` had landed there, so tests and tools can start from any state. Wrong lengths or
   * non-finite values throw an `EnvironmentError` naming the entry.
   */
  setState(qpos: ArrayLike<number>, qvel: ArrayLike<number>): void {
    this.checkOpen('setState(qpos, qvel)', qpos);
    const check = (field: string, values: ArrayLike<number>, n: number): Float64Array => {
      if (values === null || typeof values !== 'object' || values.length !== n) {
        throw new EnvironmentError({ field, value: values, expected: `${n} finite numbers` });
      }
      for (let i = 0; i < n; i++) {
        if (typeof values[i] !== 'number' || !Number.isFinite(values[i])) throw new EnvironmentError({ field: `${field}[${i}]`, value: values[i], expected: 'a finite number' });
      }
      return Float64Array.from(values);
    };
    this.writeState(check('setState(qpos)', qpos, this.model.nq), check('setState(qvel)', qvel, this.model.nv));
    this.phase = 'running';
  }

  /** The observation of the current state. */
  protected abstract observe(): Float32Array;

  /** One step's dynamics, reward and termination (truncation is added by `step`). */
  protected abstract stepModel(action: Float32Array): Omit<StepResult<Float32Array>, 'truncated'>;

  /** The positions `reset` and `step` report in `info`. */
  protected abstract positionInfo(): Record<string, number>;

  /** Gymnasium's `do_simulation`: `ctrl = action`, `frameSkip` x `mj_step`, then `mj_rnePostConstraint`. */
  protected simulate(action: Float32Array): void {
    this.data.ctrl.set(action);
    for (let i = 0; i < this.frameSkip; i++) this.mujoco.mj_step(this.model, this.data);
    this.mujoco.mj_rnePostConstraint(this.model, this.data);
  }

  /** Gymnasium's `state_vector()`: qpos then qvel. */
  protected stateVector(): Float64Array {
    const { nq, nv } = this.model;
    const state = new Float64Array(nq + nv);
    state.set(this.data.qpos);
    state.set(this.data.qvel, nq);
    return state;
  }

  private writeState(qpos: Float64Array, qvel: Float64Array): void {
    this.data.qpos.set(qpos);
    this.data.qvel.set(qvel);
    this.mujoco.mj_forward(this.model, this.data);
  }

  private checkOpen(field: string, value: unknown): void {
    if (this.phase === 'closed') throw new EnvironmentError({ field, value, expected: 'an environment that is not closed' });
  }
}

/** A seed for environments given neither `rng` nor `reset({ seed })`. */
function entropySeed(): number {
  return Math.floor(Math.random() * 2 ** 32) * 2 ** 21 + Math.floor(Math.random() * 2 ** 21);
}
