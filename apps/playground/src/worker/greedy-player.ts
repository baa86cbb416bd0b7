import type { Action, Environment, QNetwork, TypedArray } from '@prunerl/core';
import { qValues } from '@prunerl/evaluation';
import * as tf from '@tensorflow/tfjs-core';
import type { Frame } from '../protocol';
import { frameOf } from './frames';

/**
 * Plays a network greedily (argmax of its Q values, whatever its head: `qValues` from
 * @prunerl/evaluation) on an environment of its own, one step at a time, from a seed stream of
 * its own, so watching never changes the training run.
 */
export class GreedyPlayer {
  private observation: TypedArray | undefined;
  private episodeReturn = 0;
  private episodes = 0;

  constructor(
    private readonly network: QNetwork,
    private readonly env: Environment<TypedArray, Action>,
    private readonly seed: number,
  ) {}

  /** Starts an episode and returns its first frame. */
  reset(): Frame {
    this.observation = this.env.reset({ seed: this.seed + this.episodes++ }).observation;
    this.episodeReturn = 0;
    return frameOf(this.env, this.observation);
  }

  /** One greedy step; starts an episode first when none is running. */
  step(): { frame: Frame; episodeReturn: number; done: boolean } {
    if (this.observation === undefined) this.reset();
    const observation = this.observation!;
    const action = tf.tidy(() => {
      const batch = tf.tensor(observation as Float32Array, [1, ...this.network.observationShape], 'float32');
      return tf.argMax(qValues(this.network, batch), 1).dataSync()[0]!;
    });
    const result = this.env.step(action);
    this.episodeReturn += result.reward;
    const done = result.terminated || result.truncated;
    this.observation = done ? undefined : result.observation;
    return { frame: frameOf(this.env, result.observation), episodeReturn: this.episodeReturn, done };
  }

  /** A whole greedy episode's frames (at most `maxSteps`), and its return. */
  episode(maxSteps: number): { frames: Frame[]; episodeReturn: number; done: boolean } {
    const frames = [this.reset()];
    for (let i = 0; i < maxSteps; i++) {
      const { frame, episodeReturn, done } = this.step();
      frames.push(frame);
      if (done) return { frames, episodeReturn, done };
    }
    return { frames, episodeReturn: this.episodeReturn, done: false };
  }

  close(): void {
    this.env.close();
  }
}
