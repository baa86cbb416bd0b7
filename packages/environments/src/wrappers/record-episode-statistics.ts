import { checkPositiveInteger, type Action, type Environment, type ResetOptions, type ResetResult, type Space, type StepResult, type TypedArray } from '@prunerl/core';
import { Wrapper } from './wrapper';

/** What {@link RecordEpisodeStatistics} puts in `info.episode` on the last step of an episode. */
export interface EpisodeStatistics {
  /** Undiscounted sum of the episode's rewards. */
  readonly return: number;
  /** Steps in the episode. */
  readonly length: number;
}

/**
 * Gymnasium's `RecordEpisodeStatistics`: tracks the running return and length and, on the step
 * that ends an episode (terminated or truncated), adds `info.episode = { return, length }`. The
 * last `bufferLength` (default 100) episodes stay in `returnQueue`/`lengthQueue`.
 */
export class RecordEpisodeStatistics<Obs extends TypedArray = TypedArray, Act extends Action = number> extends Wrapper<Obs, Obs, Act> {
  /** Episodes finished since construction. */
  episodeCount = 0;
  /** Returns of the most recent episodes, oldest first. */
  readonly returnQueue: number[] = [];
  /** Lengths of the most recent episodes, oldest first. */
  readonly lengthQueue: number[] = [];
  readonly bufferLength: number;
  private episodeReturn = 0;
  private episodeLength = 0;

  constructor(env: Environment<Obs, Act>, options: { bufferLength?: number } = {}) {
    super(env);
    this.bufferLength = checkPositiveInteger('RecordEpisodeStatistics bufferLength', options.bufferLength ?? 100);
  }

  get observationSpace(): Space<Obs> {
    return this.env.observationSpace;
  }

  reset(options?: ResetOptions): ResetResult<Obs> {
    const result = this.env.reset(options);
    this.episodeReturn = 0;
    this.episodeLength = 0;
    return result;
  }

  step(action: Act): StepResult<Obs> {
    const result = this.env.step(action);
    this.episodeReturn += result.reward;
    this.episodeLength += 1;
    if (!result.terminated && !result.truncated) return result;
    const episode: EpisodeStatistics = { return: this.episodeReturn, length: this.episodeLength };
    this.push(this.returnQueue, episode.return);
    this.push(this.lengthQueue, episode.length);
    this.episodeCount += 1;
    return { ...result, info: { ...result.info, episode } };
  }

  private push(queue: number[], value: number): void {
    queue.push(value);
    if (queue.length > this.bufferLength) queue.shift();
  }
}
