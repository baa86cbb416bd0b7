import type { ChartData } from '../plots/chart-data';
import type { ChartSvgs } from '../plots/chart-svgs';

/**
 * The page's three plots, drawn by the plot worker (`plots/plot-worker.ts`) from a snapshot of the
 * data: at most one request in flight, the next one no sooner than `intervalMs` after, so a flood
 * of episodes costs one redraw.
 */
export class Charts {
  private readonly worker = new Worker(new URL('../plots/plot-worker.ts', import.meta.url), { type: 'module' });
  private pending = false;
  private inFlight = 0;
  private nextId = 0;
  private lastRender = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly targets: { readonly curve: HTMLElement; readonly schedule: HTMLElement; readonly layers: HTMLElement },
    private readonly data: () => ChartData,
    private readonly onError: (message: string) => void,
    private readonly intervalMs = 700,
  ) {
    this.worker.onmessage = (event: MessageEvent<{ id: number; svgs?: ChartSvgs; error?: string }>) => {
      if (event.data.id !== this.nextId) return; // an answer overtaken by a reset
      this.inFlight = 0;
      this.lastRender = performance.now();
      if (event.data.svgs) this.show(event.data.svgs);
      else this.onError(`plots: ${event.data.error}`);
      if (this.pending) this.invalidate();
    };
  }

  /** Asks for a redraw soon (coalesced). */
  invalidate(): void {
    this.pending = true;
    if (this.inFlight !== 0 || this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.request();
    }, Math.max(0, this.lastRender + this.intervalMs - performance.now()));
  }

  /** Forgets answers in flight and draws the (new, empty) data at once. */
  reset(): void {
    this.inFlight = 0;
    this.request();
  }

  private request(): void {
    this.pending = false;
    this.inFlight = ++this.nextId;
    const data = this.data();
    const iterations = data.iterations.length;
    this.worker.postMessage({ id: this.inFlight, data });
    // What the curve holds, for readers that cannot see the SVG (the browser test among them).
    this.targets.curve.dataset.iterations = String(iterations);
    this.targets.curve.dataset.evaluations = String(data.evaluations.length);
    this.targets.curve.dataset.episodes = String(data.episodes.length);
  }

  private show(svgs: ChartSvgs): void {
    this.targets.curve.innerHTML = svgs.curve;
    this.targets.schedule.innerHTML = svgs.schedule;
    this.targets.layers.innerHTML = svgs.layers;
  }
}
