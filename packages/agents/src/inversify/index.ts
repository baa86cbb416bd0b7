/**
 * @prunerl/agents/inversify: the container bindings of @prunerl/agents.
 */
export { agentsModule } from './agents-module';
export type { AgentsModuleOptions } from './agents-module';
