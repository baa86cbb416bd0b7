import { checkFraction, checkNumber, ConfigError, type PrunableTensorInfo } from '@prunerl/core';

/** Options of {@link erkSparsities}. */
export interface ErkOptions {
  /**
   * Tensors with a fixed sparsity, left out of the ERK scaling (JaxPruner's `custom_sparsity_map`).
   * Their parameters are not counted towards the target.
   */
  readonly custom?: Readonly<Record<string, number>>;
  /** Exponent applied to each raw score (JaxPruner's `erk_power_scale`). Default 1; < 1 is softer. */
  readonly powerScale?: number;
}

/**
 * Erdos-Renyi-Kernel sparsities, JaxPruner's `get_sparsities_erdos_renyi` (`include_kernel=True`):
 *
 * 1. each tensor l with shape d and N_l = prod(d) entries gets the raw density score
 *    p_l = (sum(d) / prod(d))^powerScale (kernel dims included for convolutions);
 * 2. eps solves eps * sum_l p_l N_l = sum_l (N_l - floor(S N_l)) over the scaled tensors, minus
 *    floor(S N_l) for each tensor already made dense;
 * 3. if eps * max p_l > 1, every tensor with the largest p_l is made dense (sparsity 0) and step 2
 *    repeats (the iterative densification);
 * 4. sparsity_l = 1 - eps * p_l.
 *
 * So small tensors (few entries per fan) stay denser and large ones sparser, with the number of
 * remaining weights equal to that of a uniform sparsity S.
 */
export function erkSparsities(tensors: readonly PrunableTensorInfo[], sparsity: number, options: ErkOptions = {}): Map<string, number> {
  if (tensors.length === 0) {
    throw new ConfigError({ field: 'erk(tensors)', value: [], expected: 'at least one prunable tensor' });
  }
  checkFraction('erk(sparsity)', sparsity);
  const powerScale = checkNumber('erk.powerScale', options.powerScale ?? 1, { min: 0, minExclusive: true });
  const custom = options.custom ?? {};
  for (const [name, value] of Object.entries(custom)) checkFraction(`erk.custom.${name}`, value);

  const dense = new Set<string>();
  let eps = 0;
  let raw = new Map<string, number>();
  for (;;) {
    let divisor = 0;
    let rhs = 0;
    raw = new Map<string, number>();
    for (const { name, shape } of tensors) {
      const size = shape.reduce((a, b) => a * b, 1);
      const zeros = Math.floor(sparsity * size);
      if (dense.has(name)) {
        rhs -= zeros;
      } else if (Object.hasOwn(custom, name)) {
        // Custom sparsities take no part in the scaling.
      } else {
        rhs += size - zeros;
        const score = (shape.reduce((a, b) => a + b, 0) / size) ** powerScale;
        raw.set(name, score);
        divisor += score * size;
      }
    }
    if (raw.size === 0) break;
    eps = rhs / divisor;
    const maxScore = Math.max(...raw.values());
    if (maxScore * eps <= 1) break;
    for (const [name, score] of raw) if (score === maxScore) dense.add(name);
  }

  const result = new Map<string, number>();
  for (const { name } of tensors) {
    if (Object.hasOwn(custom, name)) result.set(name, custom[name]!);
    else if (dense.has(name)) result.set(name, 0);
    else result.set(name, 1 - eps * raw.get(name)!);
  }
  return result;
}
