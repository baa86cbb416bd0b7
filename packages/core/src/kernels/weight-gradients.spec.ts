import { weightGradientMode, withWeightGradients } from './weight-gradients';

describe('withWeightGradients', () => {
  it('should be dense outside any scope, the innermost mode inside, and restore it after a throw', () => {
    expect(weightGradientMode()).toBe('dense');
    const seen = withWeightGradients('kept', () => [weightGradientMode(), withWeightGradients('dense', () => weightGradientMode()), weightGradientMode()]);
    expect(seen).toEqual(['kept', 'dense', 'kept']);
    expect(() =>
      withWeightGradients('kept', () => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(weightGradientMode()).toBe('dense');
    expect(withWeightGradients('kept', () => 7)).toBe(7);
  });
});
