import * as vega from 'vega';

/**
 * Advance widths of Helvetica (the Adobe core-font metrics, in 1/1000 em) for printable ASCII
 * 32..126. Arial shares them. Used to measure labels when no canvas exists (Node), so axis labels
 * and legends are laid out and truncated at their real width rather than vega's crude
 * `0.8 * fontSize` per character.
 */
const HELVETICA_WIDTHS = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // space .. /
  556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, // 0 .. ?
  1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, // @ .. O
  667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, // P .. _
  333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, // ` .. o
  556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, // p .. ~
];

/** Width in pixels of `text` set in Helvetica/Arial at `fontSize` (bold about 7% wider). */
export function estimateTextWidth(text: string, fontSize: number, bold = false): number {
  let units = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    units += code >= 32 && code <= 126 ? HELVETICA_WIDTHS[code - 32]! : 600;
  }
  return (units / 1000) * fontSize * (bold ? 1.07 : 1);
}

interface TextItem {
  readonly fontSize?: number;
  readonly fontWeight?: string | number;
}

function measure(item: TextItem, text: unknown): number {
  const size = item.fontSize != null ? Number(item.fontSize) || 0 : 11;
  const weight = item.fontWeight;
  const bold = weight === 'bold' || weight === 'bolder' || (typeof weight === 'number' && weight >= 600);
  return estimateTextWidth(text == null ? '' : String(text).trim(), size, bold);
}

let active = 0;
let previous: unknown;

/**
 * Runs `fn` with vega's text measurement set to {@link estimateTextWidth} (vega's documented hook
 * `textMetrics.width`, used the same way by vl-convert), restoring the previous function when the
 * last concurrent caller finishes.
 */
export async function withTextMetrics<T>(fn: () => Promise<T>): Promise<T> {
  const metrics = (vega as unknown as { textMetrics: { width: unknown } }).textMetrics;
  if (active++ === 0) {
    previous = metrics.width;
    metrics.width = measure;
  }
  try {
    return await fn();
  } finally {
    if (--active === 0) metrics.width = previous;
  }
}
