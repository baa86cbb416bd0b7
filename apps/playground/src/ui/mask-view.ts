import type { LayerView } from '../protocol';

const CELL = 3;

/**
 * Each masked layer's mask as a small heat-map (fan-in down, fan-out across, each cell the share of
 * weights kept in its block): dark blue where weights are kept, pale where they were pruned, so the
 * maps thin as pruning proceeds.
 */
export function drawMasks(container: HTMLElement, layers: readonly LayerView[]): void {
  const figures = [...container.querySelectorAll('figure')];
  if (figures.length !== layers.length) {
    container.replaceChildren(
      ...layers.map((layer) => {
        const figure = document.createElement('figure');
        figure.dataset.layer = layer.name;
        figure.append(document.createElement('canvas'), document.createElement('figcaption'));
        return figure;
      }),
    );
  }
  layers.forEach((layer, i) => {
    const figure = container.children[i] as HTMLElement;
    const canvas = figure.querySelector('canvas')!;
    canvas.width = layer.cols * CELL;
    canvas.height = layer.rows * CELL;
    const context = canvas.getContext('2d')!;
    for (let r = 0; r < layer.rows; r++) {
      for (let c = 0; c < layer.cols; c++) {
        const kept = layer.density[r * layer.cols + c]!;
        // From #f3f6fa (all pruned) to #0b3d91 (all kept).
        const mix = (a: number, b: number): number => Math.round(a + (b - a) * kept);
        context.fillStyle = `rgb(${mix(243, 11)}, ${mix(246, 61)}, ${mix(250, 145)})`;
        context.fillRect(c * CELL, r * CELL, CELL, CELL);
      }
    }
    figure.dataset.sparsity = layer.sparsity.toFixed(4);
    figure.querySelector('figcaption')!.textContent = `${layer.name} · ${(layer.sparsity * 100).toFixed(1)}% pruned`;
  });
}
