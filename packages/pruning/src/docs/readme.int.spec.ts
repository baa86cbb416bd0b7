// The example of packages/pruning/README.md, run as a test (the page must show this code verbatim).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

describe('packages/pruning/README.md', () => {
  let logged: unknown[] = [];
  beforeEach(() => {
    logged = [];
    jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void logged.push(args));
  });
  afterEach(() => jest.restoreAllMocks());

  it('should run the example', async () => {
    // ---- readme: example ----
    const { GradualMagnitudePruner } = await import('@prunerl/pruning');
    const { createToyParameters, mlpParameterSpecs, runHookedUpdates } = await import('@prunerl/testing');

    // The paper's pruner: ERK, 95%, polynomial schedule from 20% to 80% of training.
    const pruner = new GradualMagnitudePruner({ sparsity: 0.95, updateFrequency: 25 });
    // Any agent calls its hooks around each update; here a fake loop of 500 Adam updates plays it.
    const parameters = createToyParameters(mlpParameterSpecs([32, 128, 128, 4]), { seed: 0 });
    runHookedUpdates({ parameters, hooks: [pruner], steps: 500, totalUpdates: 500 });

    const report = pruner.sparsity();
    console.log(report.overall.toFixed(3), report.layers.map((l) => `${l.name} ${l.sparsity.toFixed(3)}`));
    // 0.950 [ 'torso/dense1/kernel 0.925', 'torso/dense2/kernel 0.970', 'head/dense/kernel 0.506' ]
    // ---- end of example ----
    expect(logged).toEqual([['0.950', ['torso/dense1/kernel 0.925', 'torso/dense2/kernel 0.970', 'head/dense/kernel 0.506']]]);
    pruner.dispose();
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
