import { checkKnownKeys, checkOneOf, ConfigError } from '@prunerl/core';
import { INITIALIZER_NAMES, type InitializerName } from './initializer';

/**
 * Which initialiser each group of kernels uses. Biases are zero (see {@link InitializerName}); NoisyNet
 * layers always use their own initialisation (Fortunato et al. 2018, section 3.2).
 */
export interface InitScheme {
  /** The torso's plain convolutions and every dense hidden layer. */
  readonly torso: InitializerName;
  /**
   * The first convolution of each Impala stack: Dopamine's `Stack` module fixes Xavier-uniform for
   * it whatever network wraps the encoder (PAPER.md 2.4), so it does not follow `torso`.
   */
  readonly stack: InitializerName;
  /** The convolutions inside Impala residual blocks. */
  readonly residual: InitializerName;
  /** The head's layers (output layers, the IQN cosine embedding). */
  readonly head: InitializerName;
}

/**
 * Named schemes, after the Dopamine JAX networks:
 * - `dqn`: `NatureDQNNetwork`, `ImpalaDQNNetwork`, `FullRainbowNetwork` (Xavier-uniform kernels; Flax's
 *   LeCun-normal default for residual convs);
 * - `rainbow`: `RainbowNetwork`, `ImplicitQuantileNetwork` (variance-scaling(1/sqrt(3), fan_in, uniform)
 *   everywhere; on the Impala encoder its stack convolutions keep Xavier-uniform and its residual
 *   convs LeCun normal, as the encoder fixes them);
 * - `torch`: PyTorch's defaults everywhere, as the MinAtar reference DQN.
 */
export type InitPreset = 'dqn' | 'rainbow' | 'torch';

/** Every {@link InitPreset}. */
export const INIT_PRESETS: Readonly<Record<InitPreset, InitScheme>> = Object.freeze({
  dqn: { torso: 'xavier-uniform', stack: 'xavier-uniform', residual: 'lecun-normal', head: 'xavier-uniform' },
  rainbow: { torso: 'variance-scaling', stack: 'xavier-uniform', residual: 'lecun-normal', head: 'variance-scaling' },
  torch: { torso: 'torch-default', stack: 'torch-default', residual: 'torch-default', head: 'torch-default' },
});

/** The `init` option: a preset, or a preset (default the head's) with some groups overridden. */
export type InitOption =
  | InitPreset
  | { readonly preset?: InitPreset; readonly torso?: InitializerName; readonly stack?: InitializerName; readonly residual?: InitializerName; readonly head?: InitializerName };

const PRESET_NAMES = Object.keys(INIT_PRESETS) as InitPreset[];

/**
 * Resolves the `init` option. Without one, the scheme follows the reference agent of the head:
 * `rainbow` for C51 and quantile heads without NoisyNet layers (Dopamine's `RainbowNetwork`,
 * `ImplicitQuantileNetwork`), `dqn` otherwise (its DQN networks and `FullRainbowNetwork`, the DER
 * network, which initialises its convolutions with Xavier-uniform).
 */
export function resolveInitScheme(option: unknown, defaultPreset: InitPreset): InitScheme {
  if (option === undefined) return INIT_PRESETS[defaultPreset];
  if (typeof option === 'string') return INIT_PRESETS[checkOneOf('init', option, PRESET_NAMES)];
  if (option === null || typeof option !== 'object' || Array.isArray(option)) {
    throw new ConfigError({ field: 'init', value: option, expected: `a preset (${PRESET_NAMES.join(', ')}) or an object { preset?, torso?, stack?, residual?, head? }` });
  }
  checkKnownKeys('init', option, ['preset', 'torso', 'stack', 'residual', 'head']);
  const o = option as Record<string, unknown>;
  const base = INIT_PRESETS[o.preset === undefined ? defaultPreset : checkOneOf('init.preset', o.preset, PRESET_NAMES)];
  const pick = (key: keyof InitScheme): InitializerName => (o[key] === undefined ? base[key] : checkOneOf(`init.${key}`, o[key], INITIALIZER_NAMES));
  return { torso: pick('torso'), stack: pick('stack'), residual: pick('residual'), head: pick('head') };
}
