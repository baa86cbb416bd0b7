/**
 * Renders the evaluation report of the fixture runs (packages/evaluation's synthetic MinAtar-scale
 * experiment) in headless Chromium and saves a screenshot of its first screens to
 * docs/report-screenshot.png.
 *
 *   npx tsx --conditions=@prunerl/source tools/scripts/report-screenshot.ts [out.png]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildReport, writeRunDirectory } from '@prunerl/evaluation/node';
import { chromium } from 'playwright-core';
import { fixtureRuns } from '../../packages/evaluation/src/testing/fixture-runs.fixture';

const root = resolve(import.meta.dirname, '../..');
const out = resolve(process.argv[2] ?? join(root, 'docs/report-screenshot.png'));
const dir = mkdtempSync(join(tmpdir(), 'prunerl-report-shot-'));
try {
  for (const run of fixtureRuns()) writeRunDirectory(join(dir, run.id), run);
  const { path } = await buildReport(dir, { title: 'prunerl report: DQN width and sparsity sweep (synthetic fixture runs)', generatedAt: '2025-01-01T00:00:00Z' });
  const browser = await chromium.launch({ executablePath: process.env.PRUNERL_CHROMIUM ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1360, height: 2600 }, deviceScaleFactor: 1 });
    await page.goto(pathToFileURL(path).href);
    await page.screenshot({ path: out, clip: { x: 0, y: 0, width: 1360, height: 2600 } });
  } finally {
    await browser.close();
  }
  console.log(`wrote ${out}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
