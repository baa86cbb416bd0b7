import { checkNumber, ConfigError, type ReplayBuffer } from '@prunerl/core';

/** The weights of the two terms of a CQL loss, shared by {@link CQLAgent} and {@link CQLC51Agent}. */
export interface CQLCoefficients {
  /**
   * alpha, the weight of the CQL regulariser (`logsumexp_a Q - Q(s, a_data)`). PAPER.md Table 3:
   * 0.1 for both agents (Dopamine's `bc_coefficient`). Default 0.1.
   */
  readonly cqlCoefficient?: number;
  /** The weight of the TD loss (Dopamine's `td_coefficient`). Default 1. */
  readonly tdCoefficient?: number;
}

/** Option names of {@link CQLCoefficients}. */
export const CQL_COEFFICIENT_KEYS = ['cqlCoefficient', 'tdCoefficient'] as const;

/** Validates the coefficients (finite, `>= 0`; a `ConfigError` names `<owner>.<field>`) and fills in 0.1 and 1. */
export function resolveCQLCoefficients(owner: string, options: CQLCoefficients): Required<CQLCoefficients> {
  return {
    cqlCoefficient: checkNumber(`${owner}.cqlCoefficient`, options.cqlCoefficient ?? 0.1, { min: 0 }),
    tdCoefficient: checkNumber(`${owner}.tdCoefficient`, options.tdCoefficient ?? 1, { min: 0 }),
  };
}

/**
 * Returns `input` once its replay buffer is known not to be prioritized. A CQL agent's per-sample
 * loss holds its regulariser, so priorities from it (and importance weights on it) would not be
 * the TD errors prioritized replay is defined on (Schaul et al. 2016); Dopamine's CQL samples
 * uniformly. Refused before the agent builds anything.
 */
export function checkUniformReplay<T extends { readonly replay?: Pick<ReplayBuffer, 'prioritized'> }>(owner: string, input: T): T {
  if (input?.replay?.prioritized === true) {
    throw new ConfigError({ field: `${owner}.replay.prioritized`, value: true, expected: 'a uniform or fixed ReplayBuffer (priorities from a loss that holds the CQL term would not be TD errors)' });
  }
  return input;
}
