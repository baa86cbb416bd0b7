import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { HandBuiltNetwork, HandBuiltNetworkFactory } from './hand-built-network';

describe('HandBuiltNetwork', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  describe('.fromWeights', () => {
    it('should run the README example: ReLU hidden layers recorded as activations, a linear last layer', () => {
      const logged: unknown[] = [];
      jest.spyOn(console, 'log').mockImplementation((value: unknown) => void logged.push(value));
      // ---- readme: example ----
      const network = HandBuiltNetwork.fromWeights([
        { kernel: [[1, -1]], bias: [0, 0] }, // torso/dense0: ReLU
        { kernel: [[1], [1]], bias: [0] }, // head/dense: linear
      ]);
      const activity = network.activations(tf.tensor2d([[2]])).get('torso/dense0')!;
      console.log(activity.arraySync()); // [ [ 2, 0 ] ]
      // ---- end of example ----
      jest.restoreAllMocks();
      expect(logged).toEqual([[[2, 0]]]);
      expect(network.parameters().map((p) => p.name)).toEqual(['torso/dense0/kernel', 'torso/dense0/bias', 'head/dense/kernel', 'head/dense/bias']);
      expect(network.numActions).toBe(1);
      expect(tf.tidy(() => network.apply(tf.tensor2d([[-3]])).arraySync())).toEqual([[3]]);
      const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
      const source = readFileSync(__filename, 'utf8');
      const body = source.slice(source.indexOf('// ---- readme: example ----') + 28, source.indexOf('// ---- end of example ----'));
      const flat = (text: string): string => text.replace(/\s+/g, ' ').trim();
      expect(flat(readme)).toContain(flat(body));
      network.dispose();
    });
  });

  describe('constructor', () => {
    it('should draw the weights not given from the seed, the same for the same seed', () => {
      const layers = [{ name: 'torso/conv', kind: 'conv', units: 2 } as const, { name: 'head/dense', kind: 'dense', units: 3 } as const];
      const factory = new HandBuiltNetworkFactory(layers);
      const a = factory.create({ observationShape: [4, 4, 1], numActions: 3, seed: 7 });
      const b = new HandBuiltNetwork([4, 4, 1], layers, 7);
      expect(factory.seeds).toEqual([7]);
      expect(a.parameter('torso/conv/kernel').shape).toEqual([3, 3, 1, 2]);
      expect(a.parameter('head/dense/kernel').shape).toEqual([8, 3]);
      expect(a.parameter('head/dense/kernel').dataSync()).toEqual(b.parameter('head/dense/kernel').dataSync());
      expect([...a.activations(tf.ones([1, 4, 4, 1])).keys()]).toEqual(['torso/conv']);
      a.dispose();
      b.dispose();
    });
  });
});
