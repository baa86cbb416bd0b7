import type { MjDataHandle, MjModelHandle, MujocoCppException, MujocoModule } from './mujoco-types';
import { MjcfError } from './mjcf-error';

/** Where models are written in the module's in-memory file system before MuJoCo parses them. */
const MODEL_DIRECTORY = '/prunerl-mjcf';
/** The smallest MJCF: a probe model whose arrays give a view of the module's memory. */
const EMPTY_MODEL = '<mujoco model="probe"/>';
/** `mjXError`/`mjCError` hold their text in a fixed `char message[...]` array at offset 0. */
const MAX_MESSAGE_BYTES = 1000;

function isCppException(error: unknown): error is MujocoCppException {
  return typeof error === 'object' && error !== null && typeof (error as { excPtr?: unknown }).excPtr === 'number';
}

/**
 * One loaded MuJoCo module and the services prunerl's environments need from it: compiling MJCF text
 * into a model (with MuJoCo's own error message when that fails) and allocating data for it. Build
 * it with `loadMujoco()`, which loads the WebAssembly once per process and shares it.
 */
export class MujocoRuntime {
  /** MuJoCo's version string (`3.3.8` for mujoco-js 0.0.7). */
  readonly version: string;
  private readonly probe: MjModelHandle;
  private fileCount = 0;

  /**
   * @param module the instantiated `mujoco-js` module.
   * @param output where the module's stdout/stderr lines go; `capture` records them while MuJoCo
   *   loads a model, since some of its load errors are only printed (`Loading error: ...`).
   */
  constructor(
    readonly module: MujocoModule,
    private readonly output: { capture<T>(body: () => T): { result: T; lines: string[] } },
  ) {
    this.version = module.mj_versionString();
    module.FS.mkdir(MODEL_DIRECTORY);
    this.probe = this.compile(EMPTY_MODEL, 'probe');
  }

  /**
   * Compiles MJCF text into a model. The caller owns it and frees it with `delete()`. A model
   * MuJoCo refuses throws an {@link MjcfError} carrying MuJoCo's message.
   */
  compile(xml: string, name: string): MjModelHandle {
    if (typeof xml !== 'string' || xml.trim().length === 0) {
      throw new MjcfError(name, xml, 'no MJCF text: expected a non-empty string starting with <mujoco>');
    }
    const path = `${MODEL_DIRECTORY}/${name.replace(/[^A-Za-z0-9_-]/g, '_')}-${this.fileCount++}.xml`;
    this.module.FS.writeFile(path, xml);
    try {
      const { result, lines } = this.output.capture(() => this.loadFromXml(path, name, xml));
      if (!result) {
        const printed = lines.join('\n').replace(/^Loading error:\s*/, '');
        throw new MjcfError(name, xml, printed || 'MjModel.loadFromXML returned no model');
      }
      return result;
    } finally {
      this.module.FS.unlink(path);
    }
  }

  /** A fresh `mjData` for `model`, freed by its `delete()`. */
  createData(model: MjModelHandle): MjDataHandle {
    return new this.module.MjData(model);
  }

  private loadFromXml(path: string, name: string, xml: string): MjModelHandle | null {
    try {
      return this.module.MjModel.loadFromXML(path);
    } catch (error) {
      throw new MjcfError(name, xml, isCppException(error) ? this.exceptionText(error) : String(error), { cause: error });
    }
  }

  /**
   * The text of a C++ exception MuJoCo's parser (`mjXError`) or compiler (`mjCError`) threw: a
   * NUL-terminated `message` array at the start of the thrown object. Then releases the exception
   * (JavaScript caught it, so nothing on the C++ side will).
   */
  private exceptionText(error: MujocoCppException): string {
    const module = this.module as unknown as { incrementExceptionRefcount?(p: number): void; decrementExceptionRefcount?(p: number): void };
    const memory = new Uint8Array(this.probe.body_mass.buffer);
    let end = error.excPtr;
    while (end < error.excPtr + MAX_MESSAGE_BYTES && end < memory.length && memory[end] !== 0) end++;
    const text = new TextDecoder().decode(memory.subarray(error.excPtr, end));
    module.incrementExceptionRefcount?.(error.excPtr);
    module.decrementExceptionRefcount?.(error.excPtr);
    return `${error.name}: ${text}`;
  }
}
