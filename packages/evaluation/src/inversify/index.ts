/**
 * @prunerl/evaluation/inversify: the container module that attaches the diagnostics probe to an
 * agent through the `TOKENS.UpdateHook` multi-binding.
 */
export { evaluationModule } from './evaluation-module';
export type { EvaluationModuleOptions } from './evaluation-module';
