import { ConfigError, networks } from '@prunerl/core';
import { QNetworkFactory } from '../network/q-network-factory';
import { registerBuiltinNetworks } from './builtin-networks';

describe('registerBuiltinNetworks', () => {
  it('should register every torso by name, idempotently', () => {
    registerBuiltinNetworks();
    registerBuiltinNetworks();
    for (const name of ['mlp', 'minatar-cnn', 'nature-cnn', 'impala']) expect(networks.has(name)).toBe(true);
    expect(networks.list().find((e) => e.name === 'impala')!.description).toMatch(/Impala/);
  });

  it('should build a validated QNetworkFactory from plain options', () => {
    registerBuiltinNetworks();
    const factory = networks.get('impala')({ head: 'c51', width: 3, vMax: 10 });
    expect(factory).toBeInstanceOf(QNetworkFactory);
    expect(factory.head.kind).toBe('c51');
    expect(factory.head.numAtoms).toBe(51);
    expect(factory.head.support![0]).toBe(-10);
    expect((factory as QNetworkFactory).architecture.channels).toEqual([48, 96, 96]);
    expect(() => networks.get('impala')({ padding: 'valid' })).toThrow(ConfigError);
    expect(() => networks.get('impala')({ torso: 'mlp' })).toThrow('torso');
    expect(networks.get('mlp')({ torso: 'mlp' }).head.kind).toBe('q');
  });

  it('should leave a name a user registered first alone', () => {
    networks.unregister('mlp');
    const mine = (): QNetworkFactory => new QNetworkFactory({ torso: 'mlp', hiddenSizes: [3] });
    networks.register('mlp', mine);
    registerBuiltinNetworks();
    expect(networks.get('mlp')).toBe(mine);
    networks.unregister('mlp');
    registerBuiltinNetworks();
  });
});
