import { environments, isBox, isDiscrete, type Space } from '@prunerl/core';
import { loadPlugins, registerBuiltins } from '@prunerl/runner';
import type { CliOutput } from '../output/cli-io';

/** A space in words: `Box(10x10x4, uint8, [0, 1])`, `Discrete(6)`. */
export function describeSpace(space: Space<unknown>): string {
  // By `kind`, not instanceof: a plugin may bring its own copy of @prunerl/core.
  const number = (x: number): string => (Number.isFinite(x) ? String(Number(x.toPrecision(4))) : x > 0 ? 'inf' : '-inf');
  if (isDiscrete(space)) return `Discrete(${space.n})`;
  if (isBox(space)) {
    const low = Math.min(...Array.from(space.low));
    const high = Math.max(...Array.from(space.high));
    return `Box(${space.shape.join('x')}, ${space.dtype}, [${number(low)}, ${number(high)}])`;
  }
  return Array.isArray(space.shape) ? `Space(${space.shape.join('x')})` : 'Space';
}

/** Lists every registered environment id with its observation and action spaces. */
export async function envsCommand(options: { readonly plugins?: readonly string[] }, output: CliOutput): Promise<number> {
  registerBuiltins();
  await loadPlugins(options.plugins ?? [], output.io.cwd, '--plugin');
  const rows = environments.list().map((entry) => {
    const env = entry.factory({});
    try {
      return { id: entry.name, observationSpace: describeSpace(env.observationSpace), actionSpace: describeSpace(env.actionSpace), description: entry.description ?? '' };
    } finally {
      env.close();
    }
  });
  if (output.mode.json) {
    for (const row of rows) output.event('environment', row);
    return 0;
  }
  const width = Math.max(...rows.map((r) => r.id.length));
  const obsWidth = Math.max(...rows.map((r) => r.observationSpace.length));
  const actionWidth = Math.max(...rows.map((r) => r.actionSpace.length));
  for (const row of rows) output.print(`${row.id.padEnd(width)}  ${row.observationSpace.padEnd(obsWidth)}  ${row.actionSpace.padEnd(actionWidth)}  ${row.description}`);
  return 0;
}
