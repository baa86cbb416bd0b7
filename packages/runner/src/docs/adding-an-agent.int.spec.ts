// The code of docs/adding-an-agent.md, run as a test. Every ```ts block of that page must appear
// verbatim in this file (checked at the bottom), so the recipe cannot drift from working code.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// ---- docs: imports ----
import { agentRegistration, checkAgentOptions, selectActionValues, tdLoss, ValueAgent, type AgentDescriptor, type BatchTensors, type ValueAgentComponents, type ValueAgentOptions } from '@prunerl/agents';
import { agents, checkFraction, ConfigError, type HeadDescription, type QNetwork } from '@prunerl/core';
import { buildExperiment, ExperimentLoop, resolveExperimentConfig } from '@prunerl/runner';
import * as tf from '@tensorflow/tfjs-core';
// ---- end of imports ----
import { pageCodeCheck } from './page-code.fixture';

// ---- docs: the agent ----
/** Expected SARSA's own options (on top of the shared value-agent ones). */
export interface ExpectedSarsaOptions extends ValueAgentOptions {
  /** Epsilon of the epsilon-greedy policy the target averages over. Default 0.01. */
  readonly targetEpsilon?: number;
}

/** Validates Expected SARSA's own options; a `ConfigError` names `<owner>.<field>`. */
export function resolveExpectedSarsaOptions(owner: string, options: ExpectedSarsaOptions): { readonly targetEpsilon: number } {
  return { targetEpsilon: checkFraction(`${owner}.targetEpsilon`, options.targetEpsilon ?? 0.01) };
}

function checkQHead(head: HeadDescription, field: string): void {
  if (head.kind !== 'q' && head.kind !== 'dueling') throw new ConfigError({ field, value: head.kind, expected: 'a "q" or "dueling" head' });
}

/** Expected SARSA: `r + discount * sum_a pi(a|s') Q_target(s', a)`, pi epsilon-greedy in Q_target. */
export class ExpectedSarsaAgent extends ValueAgent {
  readonly kind = 'expected-sarsa';
  readonly targetEpsilon: number;

  constructor(input: ValueAgentComponents & ExpectedSarsaOptions) {
    super(input, { owner: 'ExpectedSarsaAgent', extraKeys: ['targetEpsilon'], checkHead: checkQHead });
    this.targetEpsilon = resolveExpectedSarsaOptions('ExpectedSarsaAgent', input).targetEpsilon;
  }

  protected qValues(network: QNetwork, observations: tf.Tensor, noise: boolean): tf.Tensor2D {
    return network.apply(observations, { noise }) as tf.Tensor2D;
  }

  protected computeTargets(batch: BatchTensors): tf.Tensor1D {
    const next = this.target.apply(batch.nextObservations) as tf.Tensor2D;
    const greedy = tf.oneHot(tf.argMax(next, 1), this.numActions);
    const policy = tf.add(tf.mul(greedy, 1 - this.targetEpsilon), this.targetEpsilon / this.numActions);
    return tf.add(batch.rewards, tf.mul(batch.discounts, tf.sum(tf.mul(policy, next), 1)));
  }

  protected perSampleLoss(batch: BatchTensors, targets: tf.Tensor): tf.Tensor1D {
    const chosen = selectActionValues(this.online.apply(batch.observations), batch.actions);
    return tdLoss('huber', targets, chosen, 1) as tf.Tensor1D;
  }

  protected lossWeights(): undefined {
    return undefined;
  }

  protected newPriorities(): undefined {
    return undefined;
  }
}
// ---- end of the agent ----

// ---- docs: the descriptor ----
/** {@link ExpectedSarsaAgent} by name (`expected-sarsa`): a `q` or `dueling` head. */
export const EXPECTED_SARSA_DESCRIPTOR: AgentDescriptor<'expected-sarsa', ExpectedSarsaOptions> = {
  name: 'expected-sarsa',
  description: 'Expected SARSA: the TD target averages the next Q values over the epsilon-greedy policy',
  optionKeys: ['targetEpsilon'],
  heads: ['q', 'dueling'],
  checkOptions: (owner, options) => void resolveExpectedSarsaOptions(owner, options),
  create: (input) => new ExpectedSarsaAgent(input),
};
// ---- end of the descriptor ----

describe('docs/adding-an-agent.md', () => {
  let logged: unknown[] = [];
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'prunerl-adding-an-agent-'));
  });
  afterAll(async () => {
    agents.unregister(EXPECTED_SARSA_DESCRIPTOR.name);
    await rm(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    logged = [];
    jest.spyOn(console, 'log').mockImplementation((...values: unknown[]) => void logged.push(values.join(' ')));
  });
  afterEach(() => jest.restoreAllMocks());

  it('should train the new agent by name once its descriptor is registered', async () => {
    agents.register(EXPECTED_SARSA_DESCRIPTOR.name, agentRegistration(EXPECTED_SARSA_DESCRIPTOR), {
      description: EXPECTED_SARSA_DESCRIPTOR.description,
      override: true,
    });
    const config = resolveExperimentConfig({
      environment: { id: 'CartPole-v1' },
      agent: { name: 'expected-sarsa', options: { minReplayHistory: 200, updatePeriod: 1, targetUpdatePeriod: 100, targetEpsilon: 0.05 } },
      network: { torso: 'mlp', head: 'q', options: { hiddenSizes: [32, 32] } },
      replay: { capacity: 10_000 },
      budget: { iterations: 1, stepsPerIteration: 500 },
      outputDir: dir,
    });
    const parts = await buildExperiment(config, 0);
    const outcome = await new ExperimentLoop(parts, { seed: 0, iterations: 1, stepsPerIteration: 500 }).run();
    console.log(outcome.status, parts.agent.kind); // complete expected-sarsa
    parts.dispose();
    expect(logged).toEqual(['complete expected-sarsa']);
    expect(parts.agent).toBeInstanceOf(ExpectedSarsaAgent);
    expect(parts.agent.updates).toBeGreaterThan(200);
  }, 60_000);

  it('should check its options through the descriptor', () => {
    checkAgentOptions(EXPECTED_SARSA_DESCRIPTOR, 'mine', { targetEpsilon: 0.05, batchSize: 64 });
    try {
      checkAgentOptions(EXPECTED_SARSA_DESCRIPTOR, 'mine', { targetEpsilon: 2 });
    } catch (error) {
      console.log((error as Error).message); // mine.targetEpsilon: expected a finite number in [0, 1], got 2.
    }
    expect(logged).toEqual(['mine.targetEpsilon: expected a finite number in [0, 1], got 2.']);
    expect(() => checkAgentOptions(EXPECTED_SARSA_DESCRIPTOR, 'mine', { double: true } as never)).toThrow(ConfigError);
  });

  it('should leave no tensors behind', () => {
    expect(tf.memory().numTensors).toBeLessThan(5);
  });

  it('should show only code that is in this file', () => {
    const { blocks, missing } = pageCodeCheck(join(__dirname, '..', '..', '..', '..', 'docs', 'adding-an-agent.md'), __filename);
    expect(blocks.length).toBe(6);
    expect(missing).toEqual([]);
  });
});
