import { ConfigError, type Parameter } from '@prunerl/core';
import { parentScope, weightLayers } from '../layers/layer-graph';

/**
 * Which layers a {@link LayerReset} re-initialises: `last` (the output layer, the paper's default),
 * `penultimate`, `last+penultimate` (the three variants of the paper's Figure 26), the last `k`
 * layers, or explicit layer names.
 */
export type ResetLayerSelection = 'last' | 'penultimate' | 'last+penultimate' | number | readonly string[];

/**
 * The network's weight layers from the output backwards, as groups: layers that sit side by side
 * (consecutive in parameter order, in the same scope and reading the same input, such as a dueling
 * head's advantage and value streams) form one group, so "the last layer" of a dueling network is
 * both streams. Depth follows parameter order, which is forward order for prunerl's torsos and
 * heads; an IQN head creates its tau embedding after the torso, so name the layers explicitly there.
 */
export function layerGroupsFromOutput(parameters: readonly Parameter[]): string[][] {
  const groups: string[][] = [];
  let previous: { inputs: number; scope: string } | undefined;
  for (const layer of weightLayers(parameters)) {
    const scope = parentScope(layer.name);
    if (previous && previous.inputs === layer.inputs && previous.scope === scope) groups[groups.length - 1]!.push(layer.name);
    else groups.push([layer.name]);
    previous = { inputs: layer.inputs, scope };
  }
  return groups.reverse();
}

/** The layer names a selection picks in this network; a `ConfigError` names a selection that does not fit. */
export function selectResetLayers(selection: unknown, parameters: readonly Parameter[], field: string): string[] {
  const groups = layerGroupsFromOutput(parameters);
  const fromOutput = (k: number): string[] => {
    if (k > groups.length) throw new ConfigError({ field, value: selection, expected: `at most ${groups.length} layers (the network's depth)` });
    return groups.slice(0, k).reverse().flat();
  };
  if (selection === 'last') return fromOutput(1);
  if (selection === 'last+penultimate') return fromOutput(2);
  if (selection === 'penultimate') {
    if (groups.length < 2) throw new ConfigError({ field, value: selection, expected: 'a network with at least two weight layers' });
    return [...groups[1]!];
  }
  if (typeof selection === 'number') {
    if (!Number.isInteger(selection) || selection < 1) throw new ConfigError({ field, value: selection, expected: 'a positive integer (the last k layers)' });
    return fromOutput(selection);
  }
  if (Array.isArray(selection) && selection.length > 0) {
    const known = new Set(parameters.map((p) => p.layer));
    selection.forEach((name, i) => {
      if (typeof name !== 'string' || !known.has(name)) {
        throw new ConfigError({ field: `${field}[${i}]`, value: name, expected: `a layer of the network (${[...known].join(', ')})` });
      }
    });
    return [...new Set(selection as string[])];
  }
  throw new ConfigError({ field, value: selection, expected: '"last", "penultimate", "last+penultimate", a positive integer k (last k layers) or a list of layer names' });
}
