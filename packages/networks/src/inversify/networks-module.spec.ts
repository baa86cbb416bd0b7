import { TOKENS, type NetworkFactory } from '@prunerl/core';
import * as tf from '@tensorflow/tfjs-core';
import { Container } from 'inversify';
import { networksModule } from './networks-module';

describe('networksModule', () => {
  it('should bind TOKENS.NetworkFactory to the named architecture as a singleton', async () => {
    const container = new Container();
    await container.load(networksModule({ network: 'minatar-cnn', options: { head: 'dueling', width: 0.5 } }));
    const factory = container.get<NetworkFactory>(TOKENS.NetworkFactory);
    expect(container.get(TOKENS.NetworkFactory)).toBe(factory);
    expect(factory.head.kind).toBe('dueling');
    const online = factory.create({ observationShape: [10, 10, 4], numActions: 6, seed: 1, scope: 'online' });
    const target = factory.create({ observationShape: [10, 10, 4], numActions: 6, seed: 1, scope: 'target' });
    expect(online.parameters()[0]!.variable.shape).toEqual([3, 3, 4, 8]);
    expect(online).not.toBe(target);
    const q = tf.tidy(() => online.apply(tf.zeros([2, 10, 10, 4])).shape);
    expect(q).toEqual([2, 6]);
    online.dispose();
    target.dispose();
  });

  it('should default to the impala torso with a q head', async () => {
    const container = new Container();
    await container.load(networksModule());
    expect(container.get<NetworkFactory>(TOKENS.NetworkFactory).head).toEqual({ kind: 'q', noisy: false });
  });
});
