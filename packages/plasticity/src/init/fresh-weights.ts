import { checkOneOf, ConfigError, StateError, xavierUniform, type NetworkFactory, type Parameter, type QNetwork, type Rng } from '@prunerl/core';

/**
 * Where re-initialised weights come from:
 * - `xavier-uniform`: kernels from Glorot/Xavier uniform, biases zero: what Dopamine's `labs/redo`
 *   uses for every recycled or reset layer (`nn.initializers.xavier_uniform()`, biases zeroed);
 * - `network`: the values a freshly built network of the run's architecture has (a
 *   `NetworkFactory` builds it from a new seed), so each layer gets its own initialiser (variance
 *   scaling for a Rainbow head, LeCun normal for Impala residual convs, NoisyNet sigmas, ...).
 */
export type ReinitMode = 'xavier-uniform' | 'network';

/** Every {@link ReinitMode}. */
export const REINIT_MODES: readonly ReinitMode[] = ['xavier-uniform', 'network'];

/** @deprecated Moved to `@prunerl/core` (`xavierUniform`, shared with the networks' initialiser); kept for one release. */
export { xavierUniform };

/**
 * Draws re-initialisation values for whole parameters (callers keep the parts they re-initialise).
 * One {@link FreshWeights.draw} call is one re-initialisation event: in `network` mode it builds
 * one fresh network (seeded from the caller's stream), reads the values and frees it.
 */
export class FreshWeights {
  readonly mode: ReinitMode;

  constructor(
    mode: unknown,
    private readonly factory: NetworkFactory | undefined,
    private readonly owner: string,
  ) {
    this.mode = checkOneOf(`${owner}.reinit`, mode, REINIT_MODES);
    if (this.mode === 'network' && (factory === undefined || typeof factory.create !== 'function')) {
      throw new ConfigError({
        field: `${owner}.networkFactory`,
        value: factory,
        expected: 'the NetworkFactory of the run when reinit is "network"',
        hint: 'Pass networkFactory (the runner and the container module pass the run\'s), or use reinit: "xavier-uniform".',
      });
    }
  }

  /**
   * Checks, before any training, that every parameter can be re-initialised in this mode
   * (`xavier-uniform` knows kernels and biases only).
   */
  check(parameters: readonly Parameter[]): void {
    if (this.mode !== 'xavier-uniform') return;
    for (const p of parameters) {
      if (p.role === 'bias' || (p.role === 'kernel' && p.variable.rank >= 2)) continue;
      throw new ConfigError({
        field: `${this.owner}.reinit`,
        value: this.mode,
        expected: `"network" to re-initialise ${p.name} (role "${p.role}"): "xavier-uniform" knows kernels and biases only`,
      });
    }
  }

  /** Fresh values of every parameter in `parameters` (by name), drawn from `rng`. */
  draw(parameters: readonly Parameter[], network: QNetwork, rng: Rng): Map<string, Float32Array> {
    this.check(parameters);
    const values = new Map<string, Float32Array>();
    if (this.mode === 'xavier-uniform') {
      for (const p of parameters) values.set(p.name, p.role === 'bias' ? new Float32Array(p.variable.size) : xavierUniform(p.variable.shape, rng));
      return values;
    }
    const seed = rng.uniformInt(0, Number.MAX_SAFE_INTEGER);
    const fresh = this.factory!.create({ observationShape: network.observationShape, numActions: network.numActions, seed, scope: `${this.owner}-fresh` });
    try {
      const byName = new Map(fresh.parameters().map((p) => [p.name, p]));
      for (const p of parameters) {
        const q = byName.get(p.name);
        if (!q || q.variable.rank !== p.variable.rank || q.variable.shape.some((d, i) => d !== p.variable.shape[i])) {
          throw new StateError({
            field: `${this.owner}.networkFactory`,
            value: q ? q.variable.shape : 'missing',
            expected: `a network with parameter ${p.name} of shape [${p.variable.shape.join(', ')}] (the trained network's architecture)`,
          });
        }
        values.set(p.name, Float32Array.from(q.variable.dataSync() as Float32Array));
      }
    } finally {
      fresh.dispose();
    }
    return values;
  }
}
