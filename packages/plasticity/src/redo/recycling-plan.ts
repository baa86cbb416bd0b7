import { ConfigError, type Parameter } from '@prunerl/core';
import { parentScope, weightLayers, type WeightLayer } from '../layers/layer-graph';

/** One layer whose dormant neurons ReDo recycles, and the layers that read its output. */
export interface RecycledLayer {
  /** The layer whose output neurons (dense units or conv feature maps) are scored and recycled. */
  readonly layer: string;
  /**
   * The layers whose input axis reads those neurons: their weights from a recycled neuron are set to
   * zero. A dense layer after a conv reads the channels-last flatten (input row r is channel r mod C).
   */
  readonly next: readonly string[];
}

const RESIDUAL_CONV = /(^|\/)block\d+\/conv\d+$/;
const FIRST_BLOCK_CONV = /^(.*\/)?block\d+\/conv1$/;

/** Whether `consumer`'s input axis reads the outputs of `producer` (directly, or flattened from NHWC). */
export function readsOutputOf(producer: WeightLayer, consumer: WeightLayer): boolean {
  if (producer.kind === 'dense') return consumer.kind === 'dense' && consumer.inputs === producer.units;
  if (consumer.kind === 'conv') return consumer.inputs === producer.units;
  return consumer.inputs % producer.units === 0;
}

/**
 * The layers ReDo recycles by default, found from the parameters (names, roles, shapes, order) and
 * the shapes of the activations `QNetwork.activations` records. Like Dopamine's `NeuronRecycler`,
 * every hidden layer is recycled except the output layer, with these rules:
 *
 * - a candidate has a post-activation output recorded under its name, `[B, units]` or
 *   `[B, h, w, units]` (an IQN tau embedding, recorded `[B, N, units]` and multiplied into the
 *   encoder output rather than read by a weight matrix, is left out);
 * - its outgoing layers are the first later layer whose input axis reads its output (same width, or
 *   a dense layer over the flattened feature maps), plus the layers right after that one in the same
 *   scope that read the same input and record no activation of their own (a dueling head's advantage
 *   and value streams);
 * - residual networks (layers named `.../block<j>/conv<i>`, as prunerl's Impala torso): only the
 *   first conv of each residual block is recycled, into the block's second conv, as the reference
 *   recycles only `Conv_1`/`Conv_3` of its ResNet stacks and the dense layer: every other conv's output
 *   enters a skip connection, where zeroing its outgoing weights would not silence it.
 *
 * A network with other conventions passes the plan explicitly (`ReDo`'s `layers` option).
 */
export function inferRecyclingPlan(parameters: readonly Parameter[], activationShapes: ReadonlyMap<string, readonly number[]>): RecycledLayer[] {
  const layers = weightLayers(parameters);
  const residual = layers.some((l) => RESIDUAL_CONV.test(l.name));
  const plan: RecycledLayer[] = [];
  layers.forEach((layer, index) => {
    if (residual && layer.kind === 'conv') {
      if (!FIRST_BLOCK_CONV.test(layer.name)) return;
      const sibling = layer.name.replace(/conv1$/, 'conv2');
      if (layers.some((l) => l.name === sibling) && activationShapes.has(layer.name)) plan.push({ layer: layer.name, next: [sibling] });
      return;
    }
    const shape = activationShapes.get(layer.name);
    const rankOk = shape !== undefined && (shape.length === 2 || (shape.length === 4 && layer.kind === 'conv'));
    if (!rankOk || shape[shape.length - 1] !== layer.units) return;
    const first = layers.findIndex((l, j) => j > index && readsOutputOf(layer, l));
    if (first < 0) return;
    const next = [layers[first]!.name];
    if (!activationShapes.has(layers[first]!.name)) {
      for (let j = first + 1; j < layers.length; j++) {
        const sibling = layers[j]!;
        const same = sibling.inputs === layers[first]!.inputs && parentScope(sibling.name) === parentScope(layers[first]!.name) && !activationShapes.has(sibling.name);
        if (!same) break;
        next.push(sibling.name);
      }
    }
    plan.push({ layer: layer.name, next });
  });
  return plan;
}

/**
 * Validates an explicit plan against the network: every layer exists with a dense or conv kernel,
 * each outgoing layer reads its output, and no layer is listed twice. Throws a `ConfigError` naming
 * the entry.
 */
export function checkRecyclingPlan(plan: unknown, parameters: readonly Parameter[], field: string): RecycledLayer[] {
  if (!Array.isArray(plan) || plan.length === 0) {
    throw new ConfigError({ field, value: plan, expected: 'a non-empty array of { layer, next: [layer, ...] }' });
  }
  const layers = new Map(weightLayers(parameters).map((l) => [l.name, l]));
  const known = (): string => [...layers.keys()].join(', ');
  const seen = new Set<string>();
  return plan.map((entry: unknown, i) => {
    const e = entry as Partial<RecycledLayer> | null;
    if (e === null || typeof e !== 'object' || typeof e.layer !== 'string' || !Array.isArray(e.next) || e.next.length === 0) {
      throw new ConfigError({ field: `${field}[${i}]`, value: entry, expected: 'an object { layer: string, next: [string, ...] }' });
    }
    const layer = layers.get(e.layer);
    if (!layer) throw new ConfigError({ field: `${field}[${i}].layer`, value: e.layer, expected: `a layer with a dense or conv kernel (${known()})` });
    if (seen.has(e.layer)) throw new ConfigError({ field: `${field}[${i}].layer`, value: e.layer, expected: 'a layer not listed before' });
    seen.add(e.layer);
    e.next.forEach((name, j) => {
      const consumer = typeof name === 'string' ? layers.get(name) : undefined;
      if (!consumer) throw new ConfigError({ field: `${field}[${i}].next[${j}]`, value: name, expected: `a layer with a dense or conv kernel (${known()})` });
      if (!readsOutputOf(layer, consumer)) {
        throw new ConfigError({
          field: `${field}[${i}].next[${j}]`,
          value: name,
          expected: `a layer whose input axis reads the ${layer.units} outputs of ${layer.name} (its kernel reads ${consumer.inputs})`,
        });
      }
    });
    return { layer: e.layer, next: [...(e.next as string[])] };
  });
}
