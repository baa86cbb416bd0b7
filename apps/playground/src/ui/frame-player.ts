import type { Frame } from '../protocol';

/**
 * Shows queued frames at `speed` a second. A new greedy episode replaces what is left of the
 * previous one; live and policy frames (already paced by the worker) are appended, and the queue
 * never holds more than two seconds of them.
 */
export class FramePlayer {
  private queue: Frame[] = [];
  private timer: ReturnType<typeof setInterval> | undefined;
  private speed = 30;
  shown = 0;

  constructor(private readonly show: (frame: Frame) => void) {}

  setSpeed(speed: number): void {
    this.speed = speed;
    if (this.timer !== undefined) {
      clearInterval(this.timer);
      this.timer = undefined;
      this.ensureTimer();
    }
  }

  enqueue(frames: readonly Frame[], replace: boolean): void {
    if (replace) this.queue = [...frames];
    else this.queue.push(...frames);
    const limit = Math.max(4, this.speed * 2);
    if (this.queue.length > limit && !replace) this.queue.splice(0, this.queue.length - limit);
    this.ensureTimer();
  }

  clear(): void {
    this.queue = [];
  }

  private ensureTimer(): void {
    if (this.timer !== undefined) return;
    this.timer = setInterval(() => {
      const frame = this.queue.shift();
      if (!frame) {
        clearInterval(this.timer);
        this.timer = undefined;
        return;
      }
      this.shown += 1;
      this.show(frame);
    }, 1000 / this.speed);
  }
}
