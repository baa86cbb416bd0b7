import * as vega from 'vega';
import type { TopLevelSpec } from 'vega-lite';
import * as vl from 'vega-lite';
import { withTextMetrics } from './text-metrics';

/** Options of {@link renderSvg}. */
export interface RenderOptions {
  /** Receives vega / vega-lite warnings (e.g. an unused encoding). Default: ignored. */
  readonly onWarning?: (message: string) => void;
}

/**
 * Renders a vega-lite spec to an SVG string, headlessly (vega's `none` renderer and its SVG string
 * renderer: no DOM, no canvas, no native modules; text widths come from Helvetica's font metrics,
 * see {@link withTextMetrics}). PNG output would
 * need `node-canvas` (a native module) and is not offered; browsers can rasterise the SVG.
 */
export async function renderSvg(spec: TopLevelSpec, options: RenderOptions = {}): Promise<string> {
  const logger = collectingLogger(options.onWarning);
  const compiled = vl.compile(spec, { logger }).spec;
  return withTextMetrics(async () => {
    const view = new vega.View(vega.parse(compiled), { renderer: 'none', logger, logLevel: vega.Warn });
    try {
      return await view.toSVG();
    } finally {
      view.finalize();
    }
  });
}

function collectingLogger(onWarning: ((message: string) => void) | undefined): vega.LoggerInterface {
  let level = vega.Warn;
  const emit = (args: readonly unknown[]): void => onWarning?.(args.map(String).join(' '));
  const logger: vega.LoggerInterface = {
    level(value?: number) {
      if (value === undefined) return level as never;
      level = value;
      return logger;
    },
    error(...args: readonly unknown[]) {
      emit(args);
      return logger;
    },
    warn(...args: readonly unknown[]) {
      emit(args);
      return logger;
    },
    info() {
      return logger;
    },
    debug() {
      return logger;
    },
  } as vega.LoggerInterface;
  return logger;
}
