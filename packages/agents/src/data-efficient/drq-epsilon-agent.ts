import type { DrQAugmentationOptions } from '../augmentation/drq-augmentation';
import { DQNAgent, type DQNAgentInput, type DQNOptions } from '../dqn/dqn-agent';
import { withDefaults } from './with-defaults';

/**
 * DrQ(epsilon)'s agent options (Agarwal et al. 2021; PAPER.md Table 1 and Dopamine's
 * `atari_100k/configs/DrQ_eps.gin`): Huber loss and double DQN (Dopamine's non-distributional
 * `JaxFullRainbowAgent`), an update every step after 1,600 steps, the target network copied every
 * step, epsilon 0.01 (decay 5,000 steps; eval 0.001), batch 32, and DrQ's augmentation (4-pixel edge
 * padding and random crop, intensity noise 0.05). The rest lives in its collaborators: a dueling
 * head, 10-step uniform replay and Adam (lr 1e-4, epsilon 1.5e-4); the runner's `drq-eps` presets name them.
 */
export const DRQ_EPSILON_AGENT_OPTIONS: Readonly<DQNOptions & { readonly augmentation: DrQAugmentationOptions }> = Object.freeze({
  batchSize: 32,
  minReplayHistory: 1_600,
  updatePeriod: 1,
  targetUpdatePeriod: 1,
  epsilonTrain: 0.01,
  epsilonEval: 0.001,
  epsilonDecayPeriod: 5_000,
  loss: 'huber',
  double: true,
  augmentation: Object.freeze({ pad: 4, intensityScale: 0.05 }),
});

/**
 * DrQ(epsilon) as a {@link DQNAgent} with {@link DRQ_EPSILON_AGENT_OPTIONS} under `input` (what
 * `input` sets, other than `undefined`, wins; give another `augmentation` to change it).
 *
 * @example
 * ```ts
 * // DrQ(epsilon)'s collaborators (PAPER.md Table 1); @prunerl/runner's agentPreset('minatar', 'drq-eps') names them all.
 * const agent = createDrQEpsilonAgent({
 *   networkFactory: new QNetworkFactory({ torso: 'minatar-cnn', head: 'dueling' }),
 *   replay: new UniformReplayBuffer({ capacity: 100_000, observationShape, observationDtype: 'uint8', nStep: 10 }),
 *   optimizer: new AdamOptimizer({ learningRate: 1e-4, epsilon: 1.5e-4 }),
 *   numActions, observationShape, augmentation: { pad: 1, intensityScale: 0.05 },
 * });
 * ```
 */
export function createDrQEpsilonAgent(input: DQNAgentInput): DQNAgent {
  return new DQNAgent(withDefaults<DQNAgentInput>(DRQ_EPSILON_AGENT_OPTIONS, input));
}
