// The example of packages/mujoco/README.md, run as a test (the page must show this code verbatim,
// after its import lines).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from '@prunerl/core';
import { docBlocksMissing } from '@prunerl/testing';
import { HopperEnv, loadMujoco } from '../index';

describe('packages/mujoco/README.md', () => {
  let logged: unknown[] = [];
  beforeEach(() => {
    logged = [];
    jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void logged.push(args));
  });
  afterEach(() => jest.restoreAllMocks());

  it('should run the example', async () => {
    // ---- readme: example ----
    const mujoco = await loadMujoco(); // the WebAssembly module, loaded once per process
    const env = new HopperEnv({ mujoco });
    const rng = Rng.fromSeed(0); // the random policy's own stream
    let { observation } = env.reset({ seed: 42 });
    let episodeReturn = 0;
    for (;;) {
      const { observation: next, reward, terminated, truncated } = env.step(env.actionSpace.sample(rng));
      observation = next;
      episodeReturn += reward;
      if (terminated || truncated) break;
    }
    console.log(observation.length, env.actionSpace.toString()); // 11 Box(-1, 1, (3), float32)
    console.log(`random Hopper episode: return ${episodeReturn.toFixed(1)} after ${env.elapsedSteps} steps`);
    env.close(); // frees MuJoCo's model and data
    // ---- end of example ----
    expect(logged[0]).toEqual([11, 'Box(-1, 1, (3), float32)']);
    expect(logged[1]).toEqual([expect.stringMatching(/^random Hopper episode: return -?\d+\.\d after \d+ steps$/)]);
  });

  it('should show the example verbatim', () => {
    const page = readFileSync(join(__dirname, '../../README.md'), 'utf8');
    const withoutImports = (block: string): string =>
      block
        .split('\n')
        .filter((line) => !line.startsWith('import '))
        .join('\n');
    const { blocks, missing } = docBlocksMissing(page, readFileSync(__filename, 'utf8'), { rewrite: withoutImports });
    expect(blocks).toHaveLength(1);
    expect(missing).toEqual([]);
  });
});
