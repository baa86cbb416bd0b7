import type { HeadPlan } from '../heads/head';
import type { LayerOp } from '../layers/layer-op';

/**
 * A network's forward pass as its own layers describe it (`TorsoHeadNetwork.plan()`): what sparse
 * inference compiles. The same ops drive the network's tfjs forward pass.
 */
export interface NetworkPlan {
  readonly observationShape: readonly number[];
  /** Multiplies every observation before the first layer. */
  readonly inputScale: number;
  /** The torso's layers before the merge point, and their output size. */
  readonly encoder: readonly LayerOp[];
  readonly encodedSize: number;
  /** The torso's hidden layers after it. */
  readonly hidden: readonly LayerOp[];
  /** Whether the hidden layers' output is L2-normalised per row before the head. */
  readonly featureNorm: boolean;
  readonly head: HeadPlan;
}
