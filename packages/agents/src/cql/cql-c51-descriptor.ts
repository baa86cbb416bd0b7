import type { AgentDescriptor } from '../registry/agent-descriptor';
import { CQL_C51_OPTION_KEYS, CQLC51Agent, resolveCQLC51Options, type CQLC51Options } from './cql-c51-agent';

/** {@link CQLC51Agent} by name (`cql-c51`): a `c51` head (dueling from the network, no NoisyNet). */
export const CQL_C51_DESCRIPTOR: AgentDescriptor<'cql-c51', CQLC51Options> = {
  name: 'cql-c51',
  description: 'CQL+C51 (offline): C51 cross-entropy + alpha * CQL term on the mean Q values, double DQN (n-step and dueling from replay and head)',
  optionKeys: CQL_C51_OPTION_KEYS,
  heads: ['c51'],
  checkOptions: (owner, options) => void resolveCQLC51Options(owner, options),
  create: (input) => new CQLC51Agent(input),
};
