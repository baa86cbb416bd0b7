/**
 * The part of `mujoco-js` (DeepMind's WebAssembly build of MuJoCo, 3.3.8) prunerl uses, typed here
 * rather than re-exported, so the package's declarations do not depend on the module's ESM-only
 * types. Array fields are `Float64Array` views into the module's memory: read them right after the
 * call that fills them, never keep one across a call that may grow the memory (a new model).
 */

/** An embind handle: C++ memory that JavaScript's garbage collector never frees. */
export interface MujocoHandle {
  /** Frees the C++ object; the handle must not be used afterwards. */
  delete(): void;
  isDeleted(): boolean;
}

/** `mjOption`, the physics options of a model (only the time step is read). */
export interface MjOptionView {
  readonly timestep: number;
}

/** `mjModel`: the compiled model (sizes, masses, actuator ranges). */
export interface MjModelHandle extends MujocoHandle {
  readonly nq: number;
  readonly nv: number;
  readonly nu: number;
  readonly nbody: number;
  readonly opt: MjOptionView;
  readonly body_mass: Float64Array;
  readonly actuator_ctrlrange: Float64Array;
}

/** `mjData`: the simulation state and everything computed from it. */
export interface MjDataHandle extends MujocoHandle {
  readonly qpos: Float64Array;
  readonly qvel: Float64Array;
  readonly ctrl: Float64Array;
  readonly xpos: Float64Array;
  readonly xipos: Float64Array;
  readonly cinert: Float64Array;
  readonly cvel: Float64Array;
  readonly qfrc_actuator: Float64Array;
  readonly cfrc_ext: Float64Array;
}

/** The Emscripten file system, where `MjModel.loadFromXML` reads the MJCF text from. */
export interface MujocoFileSystem {
  mkdir(path: string): void;
  writeFile(path: string, data: string): void;
  unlink(path: string): void;
}

/** The loaded module: constructors, the functions of MuJoCo's C API prunerl calls, the file system. */
export interface MujocoModule {
  readonly FS: MujocoFileSystem;
  readonly MjModel: { loadFromXML(path: string): MjModelHandle | null };
  readonly MjData: new (model: MjModelHandle) => MjDataHandle;
  mj_versionString(): string;
  mj_step(model: MjModelHandle, data: MjDataHandle): void;
  mj_forward(model: MjModelHandle, data: MjDataHandle): void;
  mj_resetData(model: MjModelHandle, data: MjDataHandle): void;
  mj_rnePostConstraint(model: MjModelHandle, data: MjDataHandle): void;
}

/** What `mujoco-js` throws for a C++ exception: `name` is the C++ type, `excPtr` the thrown object. */
export interface MujocoCppException {
  readonly name: string;
  readonly excPtr: number;
}
