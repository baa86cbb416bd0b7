import { normalizedNeuronScores } from './normalized-neuron-scores';

describe('normalizedNeuronScores', () => {
  it('should divide each mean activity by the layer mean', () => {
    const scores = normalizedNeuronScores(Float32Array.from([1, 3]));
    expect(scores[0]).toBeCloseTo(0.5, 8);
    expect(scores[1]).toBeCloseTo(1.5, 8);
  });

  it('should give every neuron of a silent layer score 0 (the 1e-9 in the denominator)', () => {
    expect([...normalizedNeuronScores([0, 0, 0])]).toEqual([0, 0, 0]);
  });
});
