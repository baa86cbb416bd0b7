// The example of packages/plasticity/README.md, run as a test (the page must show this code verbatim).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

describe('packages/plasticity/README.md', () => {
  let logged: unknown[] = [];
  beforeEach(() => {
    logged = [];
    jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void logged.push(args));
  });
  afterEach(() => jest.restoreAllMocks());

  it('should run the example', async () => {
    // ---- readme: example ----
    const { LayerReset, WeightDecay } = await import('@prunerl/plasticity');
    const { createToyParameters, mlpParameterSpecs, runHookedUpdates } = await import('@prunerl/testing');

    // Weight decay on every update, and the last layer re-initialised every 100 updates.
    const decay = new WeightDecay({ weightDecay: 1e-2 });
    const reset = new LayerReset({ resetPeriod: 100, layers: 'last', seed: 0 });
    // Any agent calls its hooks around each update; here a fake loop of 300 Adam updates plays it.
    const parameters = createToyParameters(mlpParameterSpecs([8, 32, 4]), { seed: 0 });
    runHookedUpdates({ parameters, hooks: [decay, reset], steps: 300 });

    console.log(reset.layers(), reset.metrics());
    // [ 'head/dense' ] { resets: 2 }
    // ---- end of example ----
    expect(logged).toEqual([[['head/dense'], { resets: 2 }]]);
    for (const p of parameters) p.variable.dispose();
  });

  it('should show the example verbatim', () => {
    const page = readFileSync(join(__dirname, '../../README.md'), 'utf8');
    const source = readFileSync(__filename, 'utf8');
    const block = /```ts\n([\s\S]*?)```/.exec(page)![1]!;
    const flat = (text: string): string => text.replace(/\s+/g, ' ').trim();
    const body = source.slice(source.indexOf('// ---- readme: example ----') + '// ---- readme: example ----'.length, source.indexOf('// ---- end of example ----'));
    expect(flat(block)).toContain(flat(body));
  });
});
