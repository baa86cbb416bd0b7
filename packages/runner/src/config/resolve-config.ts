import { actionKindsOf, AGENT_DESCRIPTORS, plannedUpdates } from '@prunerl/agents';
import { ConfigError } from '@prunerl/core';
import type { AgentPreset, PresetAgentKind } from '../presets/agent-preset';
import { agentPreset, hasAgentPreset, PRESET_AGENTS, PRESET_NAMES, type PresetName } from '../presets/agent-presets';
import { checkCoherence } from './check-coherence';
import type { ExperimentConfig } from './experiment-config-schema';
import { parseExperimentConfig } from './parse-config';
import { updateScheduleOf } from './update-schedule';

/**
 * A config with every default filled in: the agent preset's values merged under the user's, the
 * network, replay and optimiser named, and the budget in iterations. It is itself a valid config
 * (`prunerl config --print` shows it, and it can be fed back unchanged).
 */
export interface ResolvedExperimentConfig extends ExperimentConfig {
  readonly name: string;
  readonly method: string;
  readonly network: ExperimentConfig['network'] & { readonly torso: string; readonly width: number; readonly head: string };
  readonly replay: ExperimentConfig['replay'] & { readonly name: string };
  readonly optimiser: ExperimentConfig['optimiser'] & { readonly name: string };
  readonly budget: ExperimentConfig['budget'] & { readonly iterations: number };
  readonly evaluation: ExperimentConfig['evaluation'] & { readonly epsilonEval: number };
}

/** The preset a config gets when it names none: by environment family, when that preset configures the agent. */
export function defaultPresetFor(environmentId: string, agent: string): PresetName | undefined {
  const family = environmentId.startsWith('MinAtar/')
    ? 'minatar'
    : /^(CartPole|Acrobot|MountainCar|MountainCarContinuous|Pendulum)-v\d+$/.test(environmentId)
      ? 'classic'
      : /^(Hopper|Walker2d|HalfCheetah|Ant|Humanoid)-v\d+$/.test(environmentId)
        ? 'mujoco'
        : undefined;
  return family !== undefined && hasAgentPreset(family, agent) ? family : undefined;
}

function presetOf(config: ExperimentConfig): AgentPreset | undefined {
  const requested = config.agent.preset ?? defaultPresetFor(config.environment.id, config.agent.name);
  if (requested === undefined || requested === 'none') return undefined;
  if (!(PRESET_NAMES as readonly string[]).includes(requested)) {
    throw new ConfigError({ field: 'agent.preset', value: requested, expected: `one of ${[...PRESET_NAMES, 'none'].map((n) => JSON.stringify(n)).join(', ')}` });
  }
  if (!hasAgentPreset(requested, config.agent.name)) {
    throw new ConfigError({
      field: 'agent.preset',
      value: requested,
      expected: `no preset (or "none") for agent "${config.agent.name}": the "${requested}" preset configures ${PRESET_AGENTS[requested as PresetName].map((a) => JSON.stringify(a)).join(', ')}`,
    });
  }
  return agentPreset(requested as PresetName, config.agent.name as PresetAgentKind);
}

function sparsityLabel(config: ExperimentConfig): string {
  if (!config.pruner) return 'dense';
  const sparsity = config.pruner.options.sparsity;
  return typeof sparsity === 'number' ? `${config.pruner.name} ${Math.round(sparsity * 1000) / 10}%` : config.pruner.name;
}

/**
 * Fills in every default (see {@link ResolvedExperimentConfig}). Pure: no files, no registries.
 * Throws a `ConfigError` naming the field when a preset is unknown or a required value has no
 * default (a network torso for an agent without preset).
 */
export function resolveExperimentConfig(input: unknown, source?: string): ResolvedExperimentConfig {
  const config = parseExperimentConfig(input, source);
  const preset = presetOf(config);

  const network = preset?.network;
  const torso = config.network.torso ?? network?.torso;
  if (torso === undefined) {
    throw new ConfigError({ field: 'network.torso', value: undefined, expected: 'a torso name (required when the agent has no preset)' });
  }
  const { torso: _torso, head: presetHead, width: presetWidth, hiddenSizes, ...presetHeadOptions } = network ?? ({} as Partial<AgentPreset['network']>);
  // Preset extras apply only where they mean something: hidden sizes to the preset's own torso,
  // atoms and support to the preset's own head.
  const networkExtras: Record<string, unknown> = {
    ...(hiddenSizes !== undefined && torso === network?.torso ? { hiddenSizes: [...hiddenSizes] } : {}),
    ...(config.network.head === undefined || config.network.head === presetHead ? presetHeadOptions : {}),
  };
  const head = config.network.head ?? presetHead ?? 'q';
  const width = config.network.width ?? presetWidth ?? 1;

  // Offline runs sample a fixed dataset: the `fixed` buffer, whose capacity (a bound on the data)
  // comes from an offline preset only, never from an online preset's circular buffer.
  const offline = config.offline;
  const presetReplay = preset?.replay;
  const replayName = config.replay.name ?? (offline ? 'fixed' : presetReplay?.kind) ?? 'uniform';
  const replayCapacity = config.replay.capacity ?? (offline && presetReplay?.kind !== 'fixed' ? undefined : presetReplay?.capacity);
  const replayDefaults = preset ? { nStep: preset.replay.nStep, gamma: preset.replay.gamma } : {};

  const presetOptimizer = preset?.optimizer;
  const optimiserName = config.optimiser.name ?? presetOptimizer?.kind ?? 'adam';
  const { kind: presetKind, ...presetOptimizerOptions } = presetOptimizer ?? { kind: undefined };
  const optimiserDefaults = presetKind === optimiserName ? presetOptimizerOptions : {};

  const { stepsPerIteration, frameSkip } = config.budget;
  const iterations = config.budget.iterations ?? Math.ceil(config.budget.frames! / (stepsPerIteration * frameSkip));
  if (config.budget.iterations !== undefined && config.budget.frames !== undefined && config.budget.iterations * stepsPerIteration * frameSkip < config.budget.frames) {
    throw new ConfigError({
      field: 'budget.frames',
      value: config.budget.frames,
      expected: `at most iterations x stepsPerIteration x frameSkip = ${config.budget.iterations * stepsPerIteration * frameSkip} (or give only one of iterations and frames)`,
    });
  }

  const repeatedSeed = config.seeds.find((seed, i) => config.seeds.indexOf(seed) !== i);
  if (repeatedSeed !== undefined) {
    // Two runs of one seed would train in one directory.
    throw new ConfigError({ field: 'seeds', value: config.seeds, expected: `distinct seeds (${repeatedSeed} is given twice)` });
  }
  const agentOptions: Record<string, unknown> = { ...(preset?.agentOptions ?? {}), ...config.agent.options };
  if (offline) Object.assign(agentOptions, offlineAgentOptions(config));
  const valueAgent = checkActorCriticEvaluation(config);
  // A value agent's evaluation epsilon is always spelled out in its options (the evaluation's, else
  // the agent's own, else 0.001), so that resolving a resolved config changes nothing: a stored
  // config.json resolves to itself, and a resumed run's config compares equal to it.
  if (valueAgent) agentOptions.epsilonEval = config.evaluation.epsilonEval ?? agentOptions.epsilonEval ?? DEFAULT_EPSILON_EVAL;
  if (config.evaluation.sparse !== undefined) agentOptions.sparseEvaluation = config.evaluation.sparse;
  if (preset && agentOptions.totalSteps === undefined) agentOptions.totalSteps = iterations * stepsPerIteration;
  // An agent without epsilon-greedy evaluation (SAC: the policy's mean action) records 0.
  const epsilonEval = !valueAgent ? 0 : (agentOptions.epsilonEval as number);

  // Hooks and feature normalisation change the method: name them, so a baseline run (ReDo, weight
  // decay, ...) never shares its default directory or report label with the plain one.
  const extras = [...config.hooks.map((h) => h.name), ...(config.network.options.featureNorm === true ? ['feature-norm'] : []), ...(offline ? ['offline'] : [])];
  const name =
    config.name ??
    [config.environment.id.replace(/^.*\//, '').replace(/-v\d+$/, ''), config.agent.name, config.pruner ? config.pruner.name : 'dense', ...extras, `w${width}`]
      .join('-')
      .replace(/[^A-Za-z0-9_.-]/g, '-')
      .toLowerCase();
  const method = config.method ?? `${config.agent.name.toUpperCase()} ${[sparsityLabel(config), ...extras].join(' + ')} w=${width}`;

  // Built field by field, in the schema's order, so `config --print` reads top-down.
  const resolved = {
    name,
    method,
    environment: { id: config.environment.id, options: config.environment.options },
    agent: { name: config.agent.name, ...(preset ? { preset: preset.name } : config.agent.preset ? { preset: config.agent.preset } : {}), options: agentOptions },
    network: { torso, width, head, options: { ...networkExtras, ...config.network.options } },
    replay: {
      name: replayName,
      ...(replayCapacity !== undefined ? { capacity: replayCapacity } : {}),
      options: { ...replayDefaults, ...config.replay.options },
    },
    pruner: config.pruner,
    hooks: config.hooks,
    optimiser: { name: optimiserName, options: { ...optimiserDefaults, ...config.optimiser.options } },
    budget: { iterations, stepsPerIteration, ...(config.budget.frames !== undefined ? { frames: config.budget.frames } : {}), frameSkip },
    evaluation: { episodes: config.evaluation.episodes, epsilonEval, every: config.evaluation.every },
    logging: config.logging,
    ...(offline ? { offline } : {}),
    seeds: config.seeds,
    backend: config.backend,
    outputDir: config.outputDir,
    composition: config.composition,
    plugins: config.plugins,
  };
  // The resolved config must stand on its own: check it again (catches a preset value the schema
  // refuses, and keeps `config --print` output valid input).
  parseExperimentConfig(resolved, source);
  checkCoherence(resolved, plannedUpdatesOf(resolved as ResolvedExperimentConfig));
  return resolved as ResolvedExperimentConfig;
}

/**
 * For an agent of `@prunerl/agents` without the value agents' shared options (SAC), refuses what
 * only those options mean: an `evaluation.epsilonEval` other than 0 (it evaluates with its policy's
 * mean action), `evaluation.sparse` (sparse evaluation is the value agents') and, for continuous
 * actions, `logging.replay` (logged datasets hold discrete actions). Returns whether the agent takes
 * the value agents' options (true for plugin agents, whose options it cannot know).
 */
/** The value agents' evaluation epsilon when neither the config nor a preset sets one (Dopamine's). */
const DEFAULT_EPSILON_EVAL = 0.001;

function checkActorCriticEvaluation(config: ExperimentConfig): boolean {
  const descriptor = AGENT_DESCRIPTORS.find((d) => d.name === config.agent.name);
  // An agent that may also act in discrete spaces is checked against the environment when the run starts.
  if (descriptor && actionKindsOf(descriptor).every((kind) => kind === 'continuous') && config.logging.replay) {
    throw new ConfigError({ field: 'logging.replay', value: true, expected: `false for agent "${descriptor.name}": logged datasets hold discrete actions, and its actions are continuous` });
  }
  if ((descriptor?.sharedOptions ?? 'value-agent') === 'value-agent') return true;
  const { epsilonEval, sparse } = config.evaluation;
  if (epsilonEval !== undefined && epsilonEval !== 0) {
    throw new ConfigError({ field: 'evaluation.epsilonEval', value: epsilonEval, expected: `0 or nothing for agent "${config.agent.name}" (it evaluates with its policy's mean action, not epsilon-greedy)` });
  }
  if (sparse !== undefined) {
    throw new ConfigError({ field: 'evaluation.sparse', value: sparse, expected: `nothing for agent "${config.agent.name}" (sparse evaluation is the value agents')` });
  }
  return false;
}

/**
 * The agent options an offline run needs: one gradient step per training step from the start
 * (Dopamine's fixed-replay runner calls `train_step` with `update_period = 1` on a full buffer), so
 * `totalSteps` counts gradient steps and pruning schedules span the run. A value the user set to
 * anything else is a `ConfigError`; a preset's is overridden. A frames budget means nothing offline.
 */
function offlineAgentOptions(config: ExperimentConfig): Record<string, number> {
  if (config.budget.frames !== undefined) {
    throw new ConfigError({
      field: 'budget.frames',
      value: config.budget.frames,
      expected: 'no frames budget in an offline run (it counts gradient steps: give budget.iterations and budget.stepsPerIteration)',
    });
  }
  const forced = { minReplayHistory: 0, updatePeriod: 1, updatesPerStep: 1 };
  for (const [key, value] of Object.entries(forced)) {
    const own = config.agent.options[key];
    if (own !== undefined && own !== value) {
      throw new ConfigError({ field: `agent.options.${key}`, value: own, expected: `${value} (or nothing) in an offline run, which makes one gradient step per training step` });
    }
  }
  return forced;
}

/**
 * Gradient updates the run will make, for pruning schedules given as fractions of training
 * (`FactoryContext.totalUpdates`), or `undefined` when neither the agent's options nor its
 * descriptor say when it trains (`updateScheduleOf`: plugin agents).
 */
export function plannedUpdatesOf(config: ResolvedExperimentConfig): number | undefined {
  const options = config.agent.options;
  const totalSteps = typeof options.totalSteps === 'number' ? options.totalSteps : config.budget.iterations * config.budget.stepsPerIteration;
  const descriptor = AGENT_DESCRIPTORS.find((d) => d.name === config.agent.name);
  // An agent whose updates do not follow the value agents' schedule (PPO's rollouts) says how many it makes.
  if (descriptor && 'plannedUpdates' in descriptor && descriptor.plannedUpdates) return descriptor.plannedUpdates(options as never, totalSteps);
  const { minReplayHistory, updatePeriod, updatesPerStep } = updateScheduleOf(config);
  if (minReplayHistory === undefined || updatePeriod === undefined) return undefined;
  return plannedUpdates({ totalSteps, minReplayHistory, updatePeriod, ...(updatesPerStep !== undefined ? { updatesPerStep } : {}) });
}
