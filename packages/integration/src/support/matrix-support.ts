/**
 * What the compatibility-matrix tests share: the tiny torso fixtures, the random-data driving loop
 * and the mask check. Kept in one place so that every matrix (agents x pruners, new agents,
 * plasticity plugins) runs the same way and a fix reaches all of them.
 */
import type { ValueAgent } from '@prunerl/agents';
import { Rng, type QNetwork } from '@prunerl/core';
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
