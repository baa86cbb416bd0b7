// Loads the built @prunerl/environments in both module formats: the same seed gives the same MinAtar
// frames in ESM and CJS, both see one environment registry (core's, on globalThis), and the
// inversify entry resolves an environment factory from a container.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const esm = await import('@prunerl/environments');
const cjs = require('@prunerl/environments');

const trajectory = (lib) => {
  const env = lib.make('MinAtar/Seaquest-v1');
  let out = Array.from(env.reset({ seed: 3 }).observation).join('');
  for (let t = 0; t < 300; t++) {
    const r = env.step(t % 6);
    out += `${r.reward}${Array.from(r.observation).join('')}`;
    if (r.terminated) out += Array.from(env.reset().observation).join('');
  }
  return out;
};
if (trajectory(esm) !== trajectory(cjs)) throw new Error('ESM and CJS builds step MinAtar differently');

esm.register('Smoke/CartPole-v9', () => esm.make('CartPole-v1'));
if (!cjs.listEnvironments().includes('Smoke/CartPole-v9')) throw new Error('ESM and CJS copies do not share the environment registry');

const { Container } = await import('inversify');
const { TOKENS } = await import('@prunerl/core');
const { environmentsModule } = await import('@prunerl/environments/inversify');
const container = new Container();
container.loadSync(environmentsModule({ id: 'CartPole-v1' }));
const env = container.get(TOKENS.EnvironmentFactory)();
const { observation } = env.reset({ seed: 0 });
if (!(observation instanceof Float32Array) || observation.length !== 4) throw new Error('inversify factory built a wrong environment');
console.log(`esm/cjs: same MinAtar trajectory, shared registry; inversify: ${env.id} ${observation.length}-dim observation`);
