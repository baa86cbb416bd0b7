import { ConfigError } from '../errors/config-error';
import { checkKnownKeys, checkNumber, checkOneOf, checkShape } from './options';

describe('checkNumber', () => {
  it('should return values inside the bounds', () => {
    expect(checkNumber('lr', 0.1, { min: 0, minExclusive: true })).toBe(0.1);
  });

  it('should name the field, the value and the range', () => {
    expect(() => checkNumber('pruner.finalSparsity', 1.5, { min: 0, max: 1 })).toThrow(
      'pruner.finalSparsity: expected a finite number in [0, 1], got 1.5.',
    );
    expect(() => checkNumber('batchSize', 2.5, { min: 1, integer: true })).toThrow('batchSize: expected an integer >= 1, got 2.5.');
    expect(() => checkNumber('lr', '0.1')).toThrow(ConfigError);
    expect(() => checkNumber('lr', Number.POSITIVE_INFINITY)).toThrow(ConfigError);
  });
});

describe('checkOneOf', () => {
  it('should list the allowed values', () => {
    expect(() => checkOneOf('loss', 'l1', ['mse', 'huber'])).toThrow('loss: expected one of "mse", "huber", got "l1".');
  });
});

describe('checkShape', () => {
  it('should accept positive integer arrays and reject the rest', () => {
    expect(checkShape('hidden', [64, 64])).toEqual([64, 64]);
    expect(() => checkShape('hidden', [64, 0])).toThrow(ConfigError);
    expect(() => checkShape('hidden', [])).toThrow(ConfigError);
  });
});

describe('checkKnownKeys', () => {
  it('should reject misspelt options and list the known ones', () => {
    expect(() => checkKnownKeys('DQNAgent options', { gama: 0.9 }, ['gamma', 'batchSize'])).toThrow(
      'DQNAgent options.gama: expected one of the known options (gamma, batchSize), got 0.9.',
    );
  });
});
