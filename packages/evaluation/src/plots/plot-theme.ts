import type { Config } from 'vega-lite';

/**
 * seaborn's `colorblind` palette, the one rliable's plots use, so figures look familiar next to
 * published ones and stay readable with colour-vision deficiencies.
 */
export const COLORBLIND_PALETTE: readonly string[] = [
  '#0173b2', '#de8f05', '#029e73', '#d55e00', '#cc78bc', '#ca9161', '#fbafe4', '#949494', '#ece133', '#56b4e9',
];

/** Typography and axis styling shared by every figure (paper style: no chart border, light grid). */
export const PLOT_CONFIG: Config = {
  font: 'Helvetica, Arial, sans-serif',
  background: 'white',
  padding: 8,
  view: { stroke: null },
  axis: {
    labelLimit: 360,
    labelFontSize: 11,
    titleFontSize: 13,
    titleFontWeight: 'normal',
    gridColor: '#e6e6e6',
    domainColor: '#444',
    tickColor: '#444',
    labelColor: '#222',
    titleColor: '#111',
  },
  legend: { labelLimit: 420, labelFontSize: 12, titleFontSize: 12, titleFontWeight: 'normal', symbolStrokeWidth: 3, orient: 'bottom', direction: 'horizontal', columns: 4 },
  header: { labelFontSize: 13, titleFontSize: 13, labelFontWeight: 'bold' },
  title: { fontSize: 15, fontWeight: 'normal', anchor: 'start', offset: 10 },
  line: { strokeWidth: 2 },
  point: { size: 50, filled: true },
};

/** A color scale fixing each series to a palette colour, in the given order. */
export function seriesColorScale(series: readonly string[]): { domain: string[]; range: string[] } {
  return { domain: [...series], range: series.map((_, i) => COLORBLIND_PALETTE[i % COLORBLIND_PALETTE.length]!) };
}

/**
 * The transform of a layer that draws intervals (bars, bands, rules): only rows with both bounds.
 * The report gives no interval (NaN bounds) where a method has one run on some task.
 */
export const DRAWN_INTERVALS = [{ filter: 'isFinite(datum.lower) && isFinite(datum.upper)' }];
