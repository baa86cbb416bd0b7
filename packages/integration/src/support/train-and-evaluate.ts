import type { Action, Agent, Environment, TypedArray } from '@prunerl/core';

/** One evaluation of a learning run. */
export interface Evaluation {
  readonly step: number;
  readonly meanReturn: number;
}

/** What {@link trainAndEvaluate} needs. */
export interface TrainAndEvaluateOptions<Act extends Action> {
  readonly agent: Agent<Act>;
  readonly env: Environment<TypedArray, Action>;
  /** A separate environment for evaluation episodes (`eval` actions). */
  readonly evalEnv: Environment<TypedArray, Action>;
  readonly seed: number;
  readonly maxSteps: number;
  readonly evalEvery: number;
  readonly evalEpisodes: number;
  /** Whether an evaluation's mean return counts as solved. */
  readonly solved: (meanReturn: number) => boolean;
  /** An extra condition for an evaluation to count (e.g. the pruner reached its final sparsity). */
  readonly countsWhen?: () => boolean;
}

/**
 * Trains `agent` on `env` for at most `maxSteps` steps, evaluating every `evalEvery` steps (and
 * once before training, `evaluations[0]`, to show that what follows is learned) on `evalEnv` with
 * seeds `10,000 * (seed + 1)` onwards, and stops at the first evaluation that counts as solved (so a
 * passing test costs as little as it can). Returns the env step it stopped at, if solved.
 */
export function trainAndEvaluate<Act extends Action>(options: TrainAndEvaluateOptions<Act>): { solvedAt: number | undefined; evaluations: Evaluation[] } {
  const { agent, env, evalEnv } = options;
  const evaluations: Evaluation[] = [];
  let evalSeed = 10_000 * (options.seed + 1);
  const evaluate = (step: number): number => {
    let total = 0;
    for (let e = 0; e < options.evalEpisodes; e++) {
      let o = evalEnv.reset({ seed: evalSeed++ }).observation;
      for (;;) {
        const s = evalEnv.step(agent.act(o, 'eval'));
        total += s.reward;
        o = s.observation;
        if (s.terminated || s.truncated) break;
      }
    }
    evaluations.push({ step, meanReturn: total / options.evalEpisodes });
    return total / options.evalEpisodes;
  };
  evaluate(0);
  let observation = env.reset({ seed: options.seed }).observation;
  for (let step = 1; step <= options.maxSteps; step++) {
    const action = agent.act(observation, 'train');
    const result = env.step(action);
    agent.observe({ observation, action, reward: result.reward, nextObservation: result.observation, terminated: result.terminated, truncated: result.truncated });
    observation = result.terminated || result.truncated ? env.reset().observation : result.observation;
    if (step % options.evalEvery !== 0) continue;
    if (options.solved(evaluate(step)) && (options.countsWhen?.() ?? true)) return { solvedAt: step, evaluations };
  }
  return { solvedAt: undefined, evaluations };
}
