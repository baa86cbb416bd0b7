// Loads the built @prunerl/mujoco in both module formats: each loads the WebAssembly module through
// its own dynamic import, both share one MuJoCo runtime (kept on globalThis) and core's registry, the
// same seed gives the same Hopper steps, and the inversify entry builds an environment by id.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const esm = await import('@prunerl/mujoco');
const cjs = require('@prunerl/mujoco');

const runtime = await esm.loadMujoco();
if ((await cjs.loadMujoco()) !== runtime) throw new Error('ESM and CJS builds loaded MuJoCo twice');
if (runtime.version !== '3.3.8') throw new Error(`expected MuJoCo 3.3.8, got ${runtime.version}`);

const steps = (lib) => {
  const env = new lib.HopperEnv({ mujoco: runtime });
  const out = [...env.reset({ seed: 3 }).observation];
  for (let t = 0; t < 50; t++) {
    const r = env.step(Float32Array.from({ length: 3 }, (_, i) => Math.sin(t + i)));
    out.push(r.reward, ...r.observation);
    if (r.terminated) out.push(...env.reset().observation);
  }
  env.close();
  return out.join(',');
};
if (steps(esm) !== steps(cjs)) throw new Error('ESM and CJS builds step Hopper differently');

await cjs.registerMujocoEnvironments();
const { environments, TOKENS } = await import('@prunerl/core');
if (!environments.has('Humanoid-v5')) throw new Error('the CJS build registered in another registry than core\'s');

const { Container } = await import('inversify');
const { mujocoModule } = await import('@prunerl/mujoco/inversify');
const container = new Container();
container.loadSync(await mujocoModule({ id: 'Ant-v5' }));
const env = container.get(TOKENS.EnvironmentFactory)();
const { observation } = env.reset({ seed: 0 });
if (!(observation instanceof Float32Array) || observation.length !== 105) throw new Error('inversify factory built a wrong environment');
env.close();
try {
  new esm.HopperEnv({ mujoco: runtime, xml: '<mujoco><bodyx/></mujoco>' });
  throw new Error('a broken MJCF loaded');
} catch (error) {
  if (!(error instanceof esm.MjcfError) || !/Schema violation/.test(error.mujocoMessage)) throw error;
}
console.log(`esm/cjs: one MuJoCo ${runtime.version}, same Hopper steps, shared registry; inversify: ${env.id} ${observation.length}-dim observation; MjcfError carries MuJoCo's message`);
