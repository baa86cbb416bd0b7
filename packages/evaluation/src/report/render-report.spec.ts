import { fixtureRuns } from '../testing/fixture-runs.fixture';
import { renderReport } from './render-report';
import { reportMarkdown } from './report-markdown';
import { buildReportModel } from './report-model';

describe('renderReport', () => {
  const runs = fixtureRuns({ iterations: 4, seeds: 2 });
  const options = { bootstrap: { reps: 100, seed: 0 }, generatedAt: '2025-01-01T00:00:00Z' } as const;

  it('should produce one self-contained page with an inline SVG per figure', async () => {
    const html = await renderReport(runs, options);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    const figures = [...html.matchAll(/<figure class="plot" id="fig-([a-z-]+)" data-plot="\1"><h3>[^<]+<\/h3><svg /g)].map((m) => m[1]);
    expect(figures).toHaveLength(10);
    // Nothing is fetched: no scripts, stylesheets, images or fonts from anywhere.
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import/i);
    expect(html).not.toMatch(/url\((?!#)/i); // only in-document references (SVG gradients)
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?(https?:|\/\/)/i);
    expect(html).toContain('<table class="data runs">');
    expect(html).toContain('wasm (SIMD on, 1 thread)');
  });

  it('should escape names and configs', async () => {
    const hostile = runs.slice(0, 2).map((r) => ({ ...r, meta: { ...r.meta, method: '<img src=x onerror=alert(1)>' }, config: { note: '</pre><script>x</script>' } }));
    const html = await renderReport(hostile, options);
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('should show the claims first, with verdicts and intervals, and no "[x, x]" for single runs', async () => {
    const methods = [...new Set(runs.map((r) => r.meta.method))];
    const claims = [{ claim: 'A beats B', better: methods[0]!, than: methods[1]! }];
    const html = await renderReport(runs, { ...options, claims });
    expect(html.indexOf('<section id="claims">')).toBeGreaterThan(html.indexOf('<section id="summary">'));
    expect(html.indexOf('<section id="claims">')).toBeLessThan(html.indexOf('<section id="final">'));
    expect(html).toMatch(/class="verdict verdict-(holds|refuted|inconclusive)"/);
    const single = await renderReport(runs.filter((r) => r.meta.seed === 0), { ...options, claims });
    expect(single).toContain('verdict-not-judged');
    expect(single).toContain('(no interval)');
    // No degenerate interval anywhere: "[v, v]" with the same number twice.
    expect(single).not.toMatch(/\[(-?[\d.]+), \1\]/);
  });

  it('should give the same numbers as Markdown, with no interval for single runs', () => {
    const methods = [...new Set(runs.map((r) => r.meta.method))];
    const claims = [{ claim: 'A beats B', better: methods[0]!, than: methods[1]! }];
    const model = buildReportModel(runs, { ...options, claims });
    const markdown = reportMarkdown(model);
    expect(markdown).toContain(`| A beats B | **${model.claims[0]!.verdict}** |`);
    const iqm = model.aggregates[methods[0]!]!.iqm!;
    expect(markdown).toContain(`| ${methods[0]} | ${iqm.point.toFixed(3)} [${iqm.lower.toFixed(3)}, ${iqm.upper.toFixed(3)}]`);
    const single = reportMarkdown(buildReportModel(runs.filter((r) => r.meta.seed === 0), { ...options, claims }));
    expect(single).toContain('**not judged**');
    expect(single).toContain('(no interval)');
  });
});
