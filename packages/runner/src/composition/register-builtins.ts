import { registerAgents } from '@prunerl/agents';
import { registerBuiltinEnvironments } from '@prunerl/environments';
import { registerBuiltinNetworks } from '@prunerl/networks';
import { registerPlasticityHooks } from '@prunerl/plasticity';
import { registerPruners } from '@prunerl/pruning';
import { registerReplayBuffers } from '@prunerl/replay';

/**
 * Registers every built-in part in `@prunerl/core`'s registries: the environments, network
 * architectures, pruners, other update hooks (`redo`, `reset`, `weight-decay`), replay buffers, agents
 * and optimisers of prunerl's packages. Idempotent; names a plugin registered earlier are kept.
 */
export function registerBuiltins(): void {
  registerBuiltinEnvironments();
  registerBuiltinNetworks();
  registerPruners();
  registerPlasticityHooks();
  registerReplayBuffers();
  registerAgents();
}
