import { ConfigError, type Parameter, type SparsityDistribution } from '@prunerl/core';

/**
 * Asks `distribution` for per-tensor sparsities of `prunable` at `sparsity` and checks the answer:
 * one number in [0, 1] per tensor, or a {@link ConfigError} naming the distribution.
 */
export function allocateLayers(distribution: SparsityDistribution, prunable: readonly Parameter[], sparsity: number, owner: string): Map<string, number> {
  const allocation = distribution.allocate(
    prunable.map((p) => ({ name: p.name, shape: [...p.variable.shape] })),
    sparsity,
  );
  for (const p of prunable) {
    const value = allocation.get(p.name);
    if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
      throw new ConfigError({
        field: `${owner}.distribution (${distribution.kind}) sparsity of ${p.name}`,
        value,
        expected: 'a number in [0, 1]',
        hint: 'The distribution cannot reach this target with these shapes.',
      });
    }
  }
  return allocation;
}
