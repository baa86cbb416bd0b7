/**
 * What the compatibility-matrix tests share: the tiny torso fixtures, the random-data driving loop
 * and the mask check. Kept in one place so that every matrix (agents x pruners, new agents,
 * plasticity plugins) runs the same way and a fix reaches all of them.
 */
import { AdamOptimizer, type ValueAgent } from '@prunerl/agents';
import { Rng, type NetworkFactory, type QNetwork } from '@prunerl/core';
import type { ArchitectureOptions } from '@prunerl/networks';
import type * as tf from '@tensorflow/tfjs-core';

/** A torso at a size that trains in seconds: its observation shape and network options. */
export interface MatrixTorso {
  readonly observationShape: number[];
  readonly options: Partial<ArchitectureOptions>;
}

/** Every built-in torso, tiny (CNN widths scaled down, small observations). */
export const MATRIX_TORSOS: Readonly<Record<'mlp' | 'minatar-cnn' | 'nature-cnn' | 'impala', MatrixTorso>> = {
  mlp: { observationShape: [6], options: { hiddenSizes: [32, 32] } },
  'minatar-cnn': { observationShape: [6, 6, 2], options: { denseUnits: 32 } },
  'nature-cnn': { observationShape: [16, 16, 2], options: { width: 0.25, denseUnits: 32 } },
  impala: { observationShape: [6, 6, 2], options: { width: 0.25, denseUnits: 32 } },
};

/** Torsos small enough for the full Rainbow head (noisy dueling C51). */
export const FULL_RAINBOW_TORSOS: readonly string[] = ['mlp', 'minatar-cnn'];

/** Number of masked (mask 0) weights of `network` that are not exactly zero. */
export function zerosWhereMasked(network: QNetwork, masks: ReadonlyMap<string, tf.Tensor>): number {
  const byName = new Map(network.parameters().map((p) => [p.name, p.variable]));
  let violations = 0;
  for (const [name, mask] of masks) {
    const values = byName.get(name)!.dataSync();
    const keep = mask.dataSync();
    for (let i = 0; i < keep.length; i++) if (keep[i] === 0 && values[i] !== 0) violations++;
  }
  return violations;
}

/**
 * Drives `agent` for `totalSteps` steps on uniform random observations and rewards (episodes end
 * with probability 0.05), all drawn from `data`; returns the last training loss (NaN if none).
 */
export function driveOnRandomData(agent: ValueAgent, observationShape: readonly number[], totalSteps: number, data: Rng): number {
  const size = observationShape.reduce((a, b) => a * b, 1);
  let observation = data.fillUniform(new Float32Array(size));
  let lastLoss = NaN;
  for (let step = 0; step < totalSteps; step++) {
    const action = agent.act(observation, 'train');
    const nextObservation = data.fillUniform(new Float32Array(size));
    const result = agent.observe({ observation, action, reward: data.uniform() - 0.5, nextObservation, terminated: data.bernoulli(0.05), truncated: false });
    if (result.loss !== undefined) lastLoss = result.loss;
    observation = nextObservation;
  }
  return lastLoss;
}

/** Actions of every matrix environment. */
export const MATRIX_NUM_ACTIONS = 3;

/**
 * `[agent, torso, variant]` for every agent x torso x variant; `rainbow-full` only on the
 * {@link FULL_RAINBOW_TORSOS}.
 */
export function matrixCases<A extends string, V extends string>(agents: readonly A[], variants: readonly V[]): (readonly [A, string, V])[] {
  return agents.flatMap((agent) =>
    Object.keys(MATRIX_TORSOS)
      .filter((torso) => agent !== 'rainbow-full' || FULL_RAINBOW_TORSOS.includes(torso))
      .flatMap((torso) => variants.map((variant) => [agent, torso, variant] as const)),
  );
}

/** The head of a DQN (`q`), compact Rainbow (small C51) or full Rainbow (noisy dueling C51) matrix case. */
export function matrixHead(agent: 'dqn' | 'rainbow' | 'rainbow-full'): Partial<ArchitectureOptions> {
  if (agent === 'dqn') return { head: 'q' };
  return { head: 'c51', numAtoms: 11, vMax: 5, ...(agent === 'rainbow-full' ? { dueling: true, noisy: true } : {}) };
}

/**
 * The agent input every matrix case shares (Adam at 1e-3, batch 8, an update every step, a target
 * sync every 50 updates, epsilon decay over 100 steps) around the case's own collaborators.
 */
export function matrixAgentInput<R, H>(parts: {
  readonly networkFactory: NetworkFactory;
  readonly replay: R;
  readonly hooks: H[];
  readonly observationShape: number[];
  readonly minReplayHistory: number;
  readonly totalSteps: number;
  readonly seed: number;
}) {
  return {
    ...parts,
    optimizer: new AdamOptimizer({ learningRate: 1e-3 }),
    numActions: MATRIX_NUM_ACTIONS,
    batchSize: 8,
    updatePeriod: 1,
    targetUpdatePeriod: 50,
    epsilonDecayPeriod: 100,
  };
}
