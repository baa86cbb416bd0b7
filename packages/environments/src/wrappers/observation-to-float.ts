import { Box, checkNumber, ConfigError, type Action, type Environment, type ResetOptions, type ResetResult, type StepResult, type TypedArray } from '@prunerl/core';
import { Wrapper } from './wrapper';

/**
 * Turns observations into `Float32Array`s multiplied by `scale` (default 1; `1 / 255` for byte
 * images), the input networks take. The wrapped observation space must be a `Box`; the new space
 * has its bounds scaled.
 */
export class ObservationToFloat<Obs extends TypedArray = TypedArray, Act extends Action = number> extends Wrapper<Obs, Float32Array, Act> {
  readonly observationSpace: Box<'float32'>;
  readonly scale: number;

  constructor(env: Environment<Obs, Act>, options: { scale?: number } = {}) {
    super(env);
    this.scale = checkNumber('ObservationToFloat scale', options.scale ?? 1, { min: 0, minExclusive: true });
    const inner = env.observationSpace;
    if (!(inner instanceof Box)) {
      throw new ConfigError({ field: 'ObservationToFloat env.observationSpace', value: inner.toJSON(), expected: 'a Box space' });
    }
    const scaleBound = (b: Float64Array): Float64Array => b.map((v) => Math.fround(v * this.scale));
    this.observationSpace = new Box({ low: scaleBound(inner.low), high: scaleBound(inner.high), shape: [...inner.shape], dtype: 'float32' });
  }

  reset(options?: ResetOptions): ResetResult<Float32Array> {
    const { observation, info } = this.env.reset(options);
    return { observation: this.convert(observation), info };
  }

  step(action: Act): StepResult<Float32Array> {
    const result = this.env.step(action);
    return { ...result, observation: this.convert(result.observation) };
  }

  private convert(observation: Obs): Float32Array {
    const out = new Float32Array(observation.length);
    const scale = this.scale;
    for (let i = 0; i < out.length; i++) out[i] = observation[i]! * scale;
    return out;
  }
}
