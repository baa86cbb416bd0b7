import { checkBoolean, checkNumber, checkOneOf, checkPositiveInteger, ConfigError, type HeadDescription } from '@prunerl/core';
import { resolveInitScheme, type InitOption, type InitScheme } from '../init/init-scheme';
import type { Padding } from '../layers/conv-layer';
import { c51Support } from '../heads/c51-head';
import { HEAD_NAMES, type HeadName } from '../heads/head';
import type { TorsoSettings } from '../torsos/torso';
import { TORSO_NAMES, TORSOS, type TorsoName } from '../torsos/torso-registry';

/**
 * A network architecture: torso, head, width and their options. Options that do not apply to the
 * chosen torso or head are rejected (a misspelt or misplaced option fails loudly).
 */
export interface ArchitectureOptions {
  /** `mlp`, `minatar-cnn`, `nature-cnn` or `impala`. */
  readonly torso: TorsoName;
  /** `q` (default), `dueling`, `c51` or `quantile`. */
  readonly head?: HeadName;
  /**
   * Width multiplier (> 0, default 1): every channel count becomes ceil(c·width) (for the MLP, every
   * hidden size); the dense hidden size too when `scaleDense` is set.
   */
  readonly width?: number;
  /**
   * Multiplies every observation before the first layer. It belongs to the observation space, not
   * to the torso: use `inputScaleOf(env.observationSpace)` from `@prunerl/core` (1/255 for uint8
   * 0-255 frames, as Dopamine's `preprocess_atari_inputs`; 1 for MinAtar's 0/1 planes and for float
   * observations), which the runner passes for you. Default 1.
   */
  readonly inputScale?: number;
  /** Initialisation scheme (see {@link InitOption}); default follows the head's reference agent. */
  readonly init?: InitOption;
  /**
   * Feature normalisation (Kumar et al. 2022; Dopamine's `normalize_representation`): the penultimate
   * feature vector (the torso's output, after its ReLU) is divided by its L2 norm before the head,
   * per row. Default false.
   */
  readonly featureNorm?: boolean;

  /** `mlp`: hidden sizes before the width multiplier. Default [256, 256]. */
  readonly hiddenSizes?: readonly number[];
  /** CNN torsos: units of the dense hidden layer. Default 512 (128 for `minatar-cnn`). */
  readonly denseUnits?: number;
  /** CNN torsos: scale the dense hidden layer by `width` too (Dopamine's ReDo networks). Default false. */
  readonly scaleDense?: boolean;
  /** `nature-cnn`: `same` (default; Flax, what Dopamine runs) or `valid` (Mnih et al. 2015). */
  readonly padding?: Padding;
  /** `impala`: channels per stack before the width multiplier. Default [16, 32, 32]. */
  readonly stackSizes?: readonly number[];
  /** `impala`: residual blocks per stack. Default 2. */
  readonly numBlocks?: number;

  /** `c51`: atoms per action. Default 51. */
  readonly numAtoms?: number;
  /** `c51`: smallest atom. Default -vMax. */
  readonly vMin?: number;
  /** `c51`: largest atom. Default 10. */
  readonly vMax?: number;
  /** `c51`: dueling combination of value and advantage logits (DER, CQL+C51). Default false. */
  readonly dueling?: boolean;
  /** `quantile`: cosine features of the tau embedding. Default 64. */
  readonly embeddingDim?: number;

  /** NoisyNet (factorised Gaussian) output layers. Default false. */
  readonly noisy?: boolean;
  /** NoisyNet sigma0 (initial sigma = sigma0/sqrt(inputs)). Default 0.1 (Dopamine). */
  readonly noisySigma0?: number;
  /**
   * With `noisy`: make the torso's dense hidden layers noisy too, as Dopamine's
   * `FullRainbowNetwork` (DER) does with its Dense 512. Default true.
   */
  readonly noisyHidden?: boolean;
}

/**
 * {@link ArchitectureOptions} with every default filled in and width applied; plain JSON. The torso
 * part ({@link TorsoSettings}) is what the torso's registry entry resolved.
 */
export interface Architecture extends TorsoSettings {
  readonly torso: TorsoName;
  readonly head: HeadName;
  readonly width: number;
  readonly inputScale: number;
  readonly init: InitScheme;
  /** Present (true) when the penultimate features are L2-normalised; absent otherwise. */
  readonly featureNorm?: true;
  readonly numAtoms?: number;
  readonly vMin?: number;
  readonly vMax?: number;
  readonly dueling?: boolean;
  readonly embeddingDim?: number;
  /** sigma0 of noisy head layers, or null. */
  readonly noisySigma0: number | null;
  /** sigma0 of noisy torso hidden layers, or null. */
  readonly noisyHiddenSigma0: number | null;
}

/** Which torsos (as their registry entries say) or heads accept each option (the others reject it). */
const APPLIES: Record<string, { readonly torsos?: readonly TorsoName[]; readonly heads?: readonly HeadName[] }> = {
  ...Object.fromEntries(
    [...new Set(TORSO_NAMES.flatMap((name) => TORSOS[name].options))].map((key) => [key, { torsos: TORSO_NAMES.filter((name) => TORSOS[name].options.includes(key)) }]),
  ),
  numAtoms: { heads: ['c51'] },
  vMin: { heads: ['c51'] },
  vMax: { heads: ['c51'] },
  dueling: { heads: ['c51'] },
  embeddingDim: { heads: ['quantile'] },
};
const COMMON = ['torso', 'head', 'width', 'inputScale', 'init', 'featureNorm', 'noisy', 'noisySigma0', 'noisyHidden'];

/** Option keys of {@link ArchitectureOptions}. */
export const ARCHITECTURE_KEYS: readonly string[] = [...COMMON, ...Object.keys(APPLIES)];

/**
 * Validates `options` (which may hold other keys listed in `extraKeys`) and fills in the defaults.
 * Throws a `ConfigError` naming the field for an unknown torso or head, a non-positive width, an
 * option the torso or head does not take, or a value out of range.
 */
export function resolveArchitecture(options: Record<string, unknown>, extraKeys: readonly string[] = []): Architecture {
  if (options === null || typeof options !== 'object') {
    throw new ConfigError({ field: 'network options', value: options, expected: 'an object { torso, head, width, ... }' });
  }
  const torso = checkOneOf('torso', options.torso, TORSO_NAMES);
  const head = checkOneOf('head', options.head ?? 'q', HEAD_NAMES);
  for (const key of Object.keys(options)) {
    if (options[key] === undefined || COMMON.includes(key) || extraKeys.includes(key)) continue;
    const rule = APPLIES[key];
    // Read from the torso table at call time, so a torso row is all a new torso needs.
    const takers = TORSO_NAMES.filter((name) => TORSOS[name].options.includes(key));
    if (!rule && takers.length === 0) {
      throw new ConfigError({ field: key, value: options[key], expected: `a known network option (${[...ARCHITECTURE_KEYS, ...extraKeys].join(', ')})` });
    }
    if (takers.length > 0 && !takers.includes(torso)) {
      throw new ConfigError({ field: key, value: options[key], expected: `no ${key} option with the ${torso} torso (only ${takers.join(', ')} take it)` });
    }
    if (rule?.heads && !rule.heads.includes(head)) {
      throw new ConfigError({ field: key, value: options[key], expected: `no ${key} option with the ${head} head (only ${rule.heads.join(', ')} take it)` });
    }
  }
  const width = checkNumber('width', options.width ?? 1, { min: 0, minExclusive: true });
  const inputScale = checkNumber('inputScale', options.inputScale ?? 1, { min: 0, minExclusive: true });

  const noisy = checkBoolean('noisy', options.noisy ?? false);
  if (!noisy && (options.noisySigma0 !== undefined || options.noisyHidden !== undefined)) {
    throw new ConfigError({ field: options.noisySigma0 !== undefined ? 'noisySigma0' : 'noisyHidden', value: options.noisySigma0 ?? options.noisyHidden, expected: 'no NoisyNet option unless noisy is true' });
  }
  const sigma0 = noisy ? checkNumber('noisySigma0', options.noisySigma0 ?? 0.1, { min: 0 }) : null;
  const noisyHidden = noisy && checkBoolean('noisyHidden', options.noisyHidden ?? true);

  const defaultPreset = (head === 'c51' || head === 'quantile') && !noisy ? 'rainbow' : 'dqn';
  // Absent unless on, so architectures (and the weight files that record them) read as before.
  const featureNorm = checkBoolean('featureNorm', options.featureNorm ?? false) ? { featureNorm: true as const } : {};
  const base = { torso, head, width, inputScale, init: resolveInitScheme(options.init, defaultPreset), ...featureNorm, noisySigma0: sigma0, noisyHiddenSigma0: noisyHidden ? sigma0 : null };

  const torsoPart = TORSOS[torso].resolve(options, width);
  const headPart = resolveHead(head, options);
  return Object.freeze({ ...base, ...torsoPart, ...headPart });
}

function resolveHead(head: HeadName, options: Record<string, unknown>): Partial<Architecture> {
  if (head === 'c51') {
    const numAtoms = checkNumber('numAtoms', options.numAtoms ?? 51, { min: 2, integer: true });
    const vMax = checkNumber('vMax', options.vMax ?? 10);
    const vMin = checkNumber('vMin', options.vMin ?? -vMax, { max: vMax, maxExclusive: true });
    return { numAtoms, vMin, vMax, dueling: checkBoolean('dueling', options.dueling ?? false) };
  }
  if (head === 'quantile') return { embeddingDim: checkPositiveInteger('embeddingDim', options.embeddingDim ?? 64) };
  return {};
}

/** The head description every network of `architecture` has (known before any observation shape). */
export function describeHead(architecture: Architecture): HeadDescription {
  const noisy = architecture.noisySigma0 !== null;
  if (architecture.head === 'c51') {
    const numAtoms = architecture.numAtoms!;
    return Object.freeze({ kind: 'c51', numAtoms, support: c51Support(numAtoms, architecture.vMin!, architecture.vMax!), noisy });
  }
  return Object.freeze({ kind: architecture.head, noisy });
}
