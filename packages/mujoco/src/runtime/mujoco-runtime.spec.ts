import { AntEnv } from '../envs/ant-env';
import { HumanoidEnv } from '../envs/humanoid-env';
import { loadMujoco } from './load-mujoco';
import { MjcfError } from './mjcf-error';
import type { MujocoRuntime } from './mujoco-runtime';

let mujoco: MujocoRuntime;
beforeAll(async () => {
  mujoco = await loadMujoco();
});

/** Bytes of the module's WebAssembly memory (which only grows: freed blocks are reused). */
function memoryBytes(): number {
  const model = mujoco.compile('<mujoco/>', 'probe');
  const bytes = model.body_mass.buffer.byteLength;
  model.delete();
  return bytes;
}

describe('loadMujoco', () => {
  it('should load MuJoCo 3.3.8 once and share it', async () => {
    expect(mujoco.version).toBe('3.3.8');
    expect(await loadMujoco()).toBe(mujoco);
  });
});

describe('MujocoRuntime', () => {
  describe('.compile', () => {
    it.each([
      ['a schema violation', '<mujoco><worldbody><bodyx/></worldbody></mujoco>', /^mjXError: XML Error: Schema violation: unrecognized element\nElement 'bodyx', line 1/],
      ['a bad attribute', '<mujoco><worldbody><body><joint type="hinge" range="1"/></body></worldbody></mujoco>', /XML Error: attribute 'range' does not have enough data/],
      ['a body without mass', '<mujoco><worldbody><body><joint type="hinge"/></body></worldbody></mujoco>', /^mjCError: Error: mass and inertia of moving bodies must be larger than mjMINVAL/],
      ['text that is not XML', 'not xml', /XML parse error 8/],
      ['an empty string', '', /no MJCF text/],
    ])('should report MuJoCo\'s own message for %s in an MjcfError', (_, xml, message) => {
      let error: unknown;
      try {
        mujoco.compile(xml, 'broken').delete();
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(MjcfError);
      const mjcf = error as MjcfError;
      expect(mjcf.code).toBe('PRUNERL_MJCF');
      expect(mjcf.mujocoMessage).toMatch(message);
      expect(mjcf.message).toMatch(/^MJCF model "broken": expected an MJCF model MuJoCo loads, got .* MuJoCo: /s);
    });

    it('should refuse a custom model of an environment with MuJoCo\'s message', () => {
      expect(() => new HumanoidEnv({ mujoco, xml: '<mujoco><worldbody><geom type="box"/></worldbody>' })).toThrow(MjcfError);
      expect(() => new HumanoidEnv({ mujoco, xml: '<mujoco><worldbody><geom type="box"/></worldbody>' })).toThrow(/MJCF model "Humanoid".*MuJoCo: .*XML parse error/s);
    });
  });
});

describe('MujocoEnv.close', () => {
  it('should free the model and data, so building and closing environments does not grow memory', () => {
    const cycle = (): void => {
      const env = new HumanoidEnv({ mujoco });
      env.reset({ seed: 0 });
      env.step(new Float32Array(17));
      env.close();
      // Refused options take no memory either: they are read before the model is compiled, or (a
      // body id the model lacks) the model is freed before the error.
      expect(() => new HumanoidEnv({ mujoco, contactCostRange: [2, 1] })).toThrow(/Humanoid options\.contactCostRange/);
      expect(() => new AntEnv({ mujoco, mainBody: 99 })).toThrow(/Ant options\.mainBody: expected a body id below the model's 14 bodies/);
    };
    for (let i = 0; i < 5; i++) cycle();
    const before = memoryBytes();
    for (let i = 0; i < 100; i++) cycle();
    expect(memoryBytes()).toBe(before);
    // The check can fail: the same environments left open take new memory.
    const leaked = Array.from({ length: 20 }, () => new HumanoidEnv({ mujoco }));
    expect(memoryBytes()).toBeGreaterThan(before);
    for (const env of leaked) env.close();
  });

  it('should be idempotent and leave the environment unusable', () => {
    const env = new HumanoidEnv({ mujoco });
    env.close();
    env.close();
    expect(() => env.reset()).toThrow(/reset\(options\): expected an environment that is not closed/);
    expect(() => env.step(new Float32Array(17))).toThrow(/step\(action\): expected an environment that is not closed/);
  });
});
