import { make } from '@prunerl/environments';
import { loadPolicy, type LoadedPolicy } from '@prunerl/networks';
import { registerBuiltins } from '@prunerl/runner/browser';
import type { WorkerMessage } from '../protocol';
import { GreedyPlayer } from './greedy-player';
import { recordLayerViews } from './layer-views';

/**
 * A policy file played in the worker: `loadPolicy` rebuilds its network (weights with its masks
 * applied), the environment it names is made again, and greedy episodes run one after another at
 * the watching pace, each frame posted as it is played. Files from `prunerl export` (Node) and from
 * the page's own "save" are the same format.
 */
export class PolicySession {
  private readonly policy: LoadedPolicy;
  private readonly player: GreedyPlayer;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private speed = 30;
  private steps = 0;

  constructor(
    bytes: Uint8Array,
    name: string,
    private readonly post: (message: WorkerMessage) => void,
  ) {
    this.policy = loadPolicy(bytes);
    const environment = this.policy.spec.environment;
    try {
      if (!environment) throw new Error(`${name} names no environment to play it in (export it with prunerl export, or save it from this page)`);
      registerBuiltins();
      this.player = new GreedyPlayer(this.policy.network, make(environment.id, environment.options), 0);
    } catch (error) {
      this.policy.network.dispose();
      throw error;
    }
    const { spec } = this.policy;
    post({ type: 'loaded', name, environment: environment.id, agent: spec.agent, info: spec.info ?? {} });
    const { overall, layers } = recordLayerViews(this.policy.masks);
    if (layers.length > 0) post({ type: 'sparsity', step: 0, overall, target: overall, layers });
  }

  /** Greedy steps at `speed` a second, until disposed. */
  play(speed: number): void {
    this.speed = Math.min(240, Math.max(1, speed));
    if (this.timer !== undefined) return;
    const tick = (): void => {
      const { frame, episodeReturn, done } = this.player.step();
      this.steps += 1;
      this.post({ type: 'frames', source: 'policy', frames: [frame], episodeReturn, done });
      this.timer = setTimeout(tick, 1000 / this.speed);
    };
    tick();
  }

  /** Steps played so far. */
  get stepsPlayed(): number {
    return this.steps;
  }

  dispose(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.player.close();
    this.policy.network.dispose();
  }
}
