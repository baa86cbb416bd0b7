/**
 * The normalised activation score of every neuron of one layer (Sokar et al. 2023, Def. 3.1;
 * PAPER.md 4.4), from each neuron's mean absolute activation `a_i = E_{x in D} |h_i(x)|` (over the
 * batch, and over the spatial axes for a conv feature map, which is one neuron):
 *
 *   s_i = a_i / ((1/H) sum_k a_k + 1e-9).
 *
 * As Dopamine's `estimate_neuron_score`, the 1e-9 makes a layer that is silent everywhere score 0
 * for every neuron. Neuron i is tau-dormant when s_i <= tau. The diagnostics (evaluation) and the
 * intervention (plasticity's ReDo) both decide dormancy with this one formula; each reduces its own
 * activation tensors to `meanActivity`, so no tensor work happens here. Arithmetic is in float64.
 */
export function normalizedNeuronScores(meanActivity: ArrayLike<number>): Float64Array {
  let mean = 0;
  for (let i = 0; i < meanActivity.length; i++) mean += meanActivity[i]!;
  mean /= meanActivity.length;
  return Float64Array.from(meanActivity, (v) => v / (mean + 1e-9));
}
