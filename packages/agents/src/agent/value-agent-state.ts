import {
  Rng,
  StateError,
  type AgentState,
  type NamedTensorRecords,
  type Optimizer,
  type OptimizerState,
  type Parameter,
  type RngState,
  type TensorRecord,
  type UpdateHook,
} from '@prunerl/core';
import * as tf from '@tensorflow/tfjs-core';

/** Version of the object {@link encodeValueAgentState} returns. */
export const VALUE_AGENT_STATE_VERSION = 1;

/** The counters a value agent checkpoints. */
export interface ValueAgentCounters {
  readonly steps: number;
  readonly updates: number;
  readonly targetSyncs: number;
}

/** The agent's own random streams (acting in each mode, and replay sampling with the update's draws). */
export interface ValueAgentStreams {
  readonly exploration: Rng;
  readonly evaluation: Rng;
  readonly replay: Rng;
}

/**
 * Named parameters saved together: a network, or several networks' parameters under prefixed names
 * (an actor-critic agent's online networks and temperature, or its target critics).
 */
export interface ParameterSource {
  parameters(): readonly Parameter[];
}

/** Everything of a value agent that its state holds (the replay buffer checkpoints itself). */
export interface ValueAgentStateParts {
  /** Registry name (`dqn`): a state restores only into an agent of the same kind. */
  readonly kind: string;
  /** What the optimiser trains (its slots are restored against these parameters). */
  readonly online: ParameterSource;
  readonly target: ParameterSource;
  readonly optimizer: Optimizer;
  readonly hooks: readonly UpdateHook[];
}

/** A state checked against an agent's parts, ready to apply with {@link applyValueAgentState}. */
export interface CheckedValueAgentState {
  readonly counters: ValueAgentCounters;
  readonly streams: ValueAgentStreams;
  /** Every parameter of both networks with the record to assign it. */
  readonly weights: readonly (readonly [Parameter, TensorRecord])[];
  readonly optimizer: OptimizerState;
  /** Each hook's saved state, in the hooks' order (`undefined`: the hook had none). */
  readonly hooks: readonly unknown[];
}

interface HookStateEntry {
  readonly name: string;
  readonly state: unknown;
}

/** Whether two shapes are equal (also the constructor's check that a network fits the task). */
export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

function recordOf(variable: tf.Variable): TensorRecord {
  return { shape: [...variable.shape], dtype: 'float32', values: Float32Array.from(variable.dataSync() as Float32Array) };
}

function weightsOf(network: ParameterSource): NamedTensorRecords {
  return Object.fromEntries(network.parameters().map((p) => [p.name, recordOf(p.variable)]));
}

/**
 * A value agent's state: both networks' weights (by parameter name), the optimiser's slots, the
 * counters, the random streams and every hook's state. The keys keep this order, which is the order
 * of a checkpoint's bytes.
 */
export function encodeValueAgentState(parts: ValueAgentStateParts, counters: ValueAgentCounters, streams: ValueAgentStreams): AgentState {
  return {
    kind: parts.kind,
    version: VALUE_AGENT_STATE_VERSION,
    steps: counters.steps,
    updates: counters.updates,
    targetSyncs: counters.targetSyncs,
    online: weightsOf(parts.online),
    target: weightsOf(parts.target),
    optimizer: parts.optimizer.state(),
    rng: { exploration: streams.exploration.state(), evaluation: streams.evaluation.state(), replay: streams.replay.state() },
    hooks: parts.hooks.map((hook): HookStateEntry => ({ name: hook.name, state: hook.state?.() })),
  };
}

/**
 * Checks `state` against the agent's parts without changing anything: kind, version, counters, every
 * weight's name and shape, the random streams and the hooks' names. A mismatch throws a `StateError`
 * naming `<owner> state.<field>`.
 */
export function checkValueAgentState(owner: string, state: AgentState, parts: ValueAgentStateParts): CheckedValueAgentState {
  const fail = (field: string, value: unknown, expected: string): never => {
    throw new StateError({ field: `${owner} state.${field}`, value, expected });
  };
  if (state === null || typeof state !== 'object') fail('', state, 'an object from state()');
  if (state.kind !== parts.kind) fail('kind', state.kind, JSON.stringify(parts.kind));
  if (state.version !== VALUE_AGENT_STATE_VERSION) fail('version', state.version, String(VALUE_AGENT_STATE_VERSION));
  for (const counter of ['steps', 'updates', 'targetSyncs'] as const) {
    const value = state[counter];
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) fail(counter, value, 'an integer >= 0');
  }
  const checkWeights = (network: ParameterSource, name: 'online' | 'target'): [Parameter, TensorRecord][] => {
    const records = state[name] as NamedTensorRecords | undefined;
    if (records === null || typeof records !== 'object') fail(name, records, 'weights by parameter name');
    const parameters = network.parameters();
    if (Object.keys(records!).length !== parameters.length) {
      fail(name, Object.keys(records!).length, `${parameters.length} parameters`);
    }
    return parameters.map((p) => {
      const record = records![p.name];
      if (!record || !sameShape(record.shape, p.variable.shape) || record.values?.length !== p.variable.size) {
        fail(`${name}[${JSON.stringify(p.name)}]`, record?.shape, `a record of shape [${p.variable.shape.join(', ')}]`);
      }
      return [p, record!];
    });
  };
  const online = checkWeights(parts.online, 'online');
  const target = checkWeights(parts.target, 'target');
  const rng = state['rng'] as { exploration?: RngState; evaluation?: RngState; replay?: RngState } | undefined;
  let streams: ValueAgentStreams;
  try {
    streams = { exploration: Rng.fromState(rng!.exploration!), evaluation: Rng.fromState(rng!.evaluation!), replay: Rng.fromState(rng!.replay!) };
  } catch (error) {
    throw new StateError({ field: `${owner} state.rng`, value: rng, expected: 'exploration, evaluation and replay RngStates' }, { cause: error });
  }
  const hooks = state['hooks'] as HookStateEntry[] | undefined;
  if (!Array.isArray(hooks) || hooks.length !== parts.hooks.length || hooks.some((h, i) => h?.name !== parts.hooks[i]!.name)) {
    fail('hooks', hooks?.map?.((h) => h?.name), `states of the hooks [${parts.hooks.map((h) => h.name).join(', ')}]`);
  }
  return {
    counters: { steps: state['steps'] as number, updates: state['updates'] as number, targetSyncs: state['targetSyncs'] as number },
    streams,
    weights: [...online, ...target],
    optimizer: state['optimizer'] as OptimizerState,
    hooks: hooks!.map((h) => h.state),
  };
}

/**
 * Restores the optimiser, then the hooks (rolling the optimiser and the hooks restored so far back
 * if a hook refuses its state, so a refused state changes nothing: a pruner left with the refused
 * state's masks and its record of the optimiser's slots would describe neither run), then assigns
 * every weight. The caller takes the counters and streams from `checked` once this returns.
 */
export function applyValueAgentState(checked: CheckedValueAgentState, parts: ValueAgentStateParts): void {
  const previousOptimizer = parts.optimizer.state();
  const previousHooks = parts.hooks.map((hook) => (hook.restore ? hook.state?.() : undefined));
  parts.optimizer.restore(checked.optimizer, parts.online.parameters());
  let restored = 0;
  try {
    parts.hooks.forEach((hook, i) => {
      const saved = checked.hooks[i];
      if (saved !== undefined) hook.restore?.(saved);
      restored = i + 1;
    });
  } catch (error) {
    parts.optimizer.restore(previousOptimizer, parts.online.parameters());
    for (let i = 0; i < restored; i++) {
      const previous = previousHooks[i];
      if (previous !== undefined) parts.hooks[i]!.restore?.(previous);
    }
    throw error;
  }
  for (const [parameter, record] of checked.weights) {
    tf.tidy(() => parameter.variable.assign(tf.tensor(Float32Array.from(record.values), [...record.shape], 'float32')));
  }
}
