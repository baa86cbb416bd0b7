import type { RainbowAgentInput, RainbowOptions } from '../rainbow/rainbow-agent';
import { RainbowAgent } from '../rainbow/rainbow-agent';
import { withDefaults } from './with-defaults';

/**
 * Data-efficient Rainbow's agent options (van Hasselt et al. 2019; PAPER.md Table 1 and Dopamine's
 * `atari_100k/configs/DER.gin`): double DQN, an update every step after 1,600 steps, target copies
 * every 2,000 steps, epsilon 0.01 (decay 2,000 steps; eval 0.001), batch 32. The rest of DER lives
 * in its collaborators: a noisy dueling C51 head (51 atoms, vMax 10), 10-step prioritized replay and
 * Adam (lr 1e-4, epsilon 1.5e-4); the runner's `der` presets name them all.
 */
export const DER_AGENT_OPTIONS: Readonly<RainbowOptions> = Object.freeze({
  batchSize: 32,
  minReplayHistory: 1_600,
  updatePeriod: 1,
  targetUpdatePeriod: 2_000,
  epsilonTrain: 0.01,
  epsilonEval: 0.001,
  epsilonDecayPeriod: 2_000,
  double: true,
});

/**
 * DER as a {@link RainbowAgent} with {@link DER_AGENT_OPTIONS} under `input` (what `input` sets, other
 * than `undefined`, wins).
 * With a noisy head the training epsilon is the constant `epsilonTrain` (0.01), as Dopamine's
 * `JaxFullRainbowAgent` swaps in `identity_epsilon` when `noisy` (DER.gin's linear schedule is then
 * unused); give `epsilonSchedule` to choose otherwise.
 *
 * @example
 * ```ts
 * // DER's collaborators (PAPER.md Table 1); @prunerl/runner's agentPreset('atari', 'der') names them all.
 * const agent = createDERAgent({
 *   networkFactory: new QNetworkFactory({ torso: 'nature-cnn', head: 'c51', dueling: true, noisy: true }),
 *   replay: new PrioritizedReplayBuffer({ capacity: 100_000, observationShape, observationDtype: 'uint8', nStep: 10 }),
 *   optimizer: new AdamOptimizer({ learningRate: 1e-4, epsilon: 1.5e-4 }),
 *   numActions, observationShape,
 * });
 * ```
 */
export function createDERAgent(input: RainbowAgentInput): RainbowAgent {
  const head = input?.networkFactory?.head ?? input?.online?.head;
  const noisy = input?.noisy ?? head?.noisy ?? false;
  return new RainbowAgent(withDefaults<RainbowAgentInput>({ ...DER_AGENT_OPTIONS, ...(noisy ? { epsilonSchedule: 'constant' as const } : {}) }, input));
}
