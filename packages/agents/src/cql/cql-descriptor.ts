import type { AgentDescriptor } from '../registry/agent-descriptor';
import { CQL_OPTION_KEYS, CQLAgent, resolveCQLOptions, type CQLOptions } from './cql-agent';

/** {@link CQLAgent} by name (`cql`): a `q` or `dueling` head. */
export const CQL_DESCRIPTOR: AgentDescriptor<'cql', CQLOptions> = {
  name: 'cql',
  description: 'CQL (offline, DQN-style): 1-step TD loss + alpha * (logsumexp_a Q - Q(s, a_data)) on a fixed dataset',
  optionKeys: CQL_OPTION_KEYS,
  heads: ['q', 'dueling'],
  checkOptions: (owner, options) => void resolveCQLOptions(owner, options),
  create: (input) => new CQLAgent(input),
};
