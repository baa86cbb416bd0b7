/**
 * The plot worker: renders the page's vega-lite plots to SVG (`chartSvgs`) off the page's thread,
 * which vega's layout would otherwise hold for a good part of a second on a busy machine.
 */
import type { ChartData } from './chart-data';
import { chartSvgs } from './chart-svgs';

self.onmessage = async (event: MessageEvent<{ readonly id: number; readonly data: ChartData }>) => {
  const { id, data } = event.data;
  try {
    self.postMessage({ id, svgs: await chartSvgs(data) });
  } catch (error) {
    self.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
};
