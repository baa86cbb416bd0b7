import type { Frame } from '../protocol';

/**
 * Draws frames on the game canvas: a MinAtar grid cell by cell in its RGB colours (black empty
 * cells, as the reference GUI), or CartPole as a cart on a track with its pole.
 */
export class GameView {
  private readonly context: CanvasRenderingContext2D;
  private readonly cells = document.createElement('canvas');

  constructor(private readonly canvas: HTMLCanvasElement) {
    this.context = canvas.getContext('2d')!;
    this.context.imageSmoothingEnabled = false;
  }

  draw(frame: Frame): void {
    if (frame.kind === 'grid') this.drawGrid(frame);
    else this.drawCartPole(frame.x, frame.theta);
  }

  private drawGrid(frame: Extract<Frame, { kind: 'grid' }>): void {
    this.cells.width = frame.width;
    this.cells.height = frame.height;
    const cells = this.cells.getContext('2d')!;
    const image = cells.createImageData(frame.width, frame.height);
    for (let i = 0; i < frame.width * frame.height; i++) {
      image.data[i * 4] = frame.rgb[i * 3]!;
      image.data[i * 4 + 1] = frame.rgb[i * 3 + 1]!;
      image.data[i * 4 + 2] = frame.rgb[i * 3 + 2]!;
      image.data[i * 4 + 3] = 255;
    }
    cells.putImageData(image, 0, 0);
    this.context.imageSmoothingEnabled = false;
    this.context.drawImage(this.cells, 0, 0, this.canvas.width, this.canvas.height);
  }

  /** Gymnasium's CartPole picture: the track spans x in [-2.4, 2.4], the pole 1 unit long. */
  private drawCartPole(x: number, theta: number): void {
    const { width, height } = this.canvas;
    const c = this.context;
    c.fillStyle = '#fff';
    c.fillRect(0, 0, width, height);
    const scale = width / 4.8;
    const trackY = height * 0.7;
    c.strokeStyle = '#000';
    c.beginPath();
    c.moveTo(0, trackY);
    c.lineTo(width, trackY);
    c.stroke();
    const cartX = width / 2 + x * scale;
    c.fillStyle = '#000';
    c.fillRect(cartX - 25, trackY - 15, 50, 30);
    c.strokeStyle = '#ca9865';
    c.lineWidth = 8;
    c.beginPath();
    c.moveTo(cartX, trackY - 15);
    c.lineTo(cartX + Math.sin(theta) * scale, trackY - 15 - Math.cos(theta) * scale);
    c.stroke();
    c.lineWidth = 1;
  }
}
