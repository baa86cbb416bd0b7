/**
 * Loads a report built from fixture runs in headless Chromium (Debian's `chromium`; CI installs it
 * with tools/scripts/ensure-debian-packages.sh) and checks that it renders: no console errors or failed
 * requests, every figure present with a non-empty SVG, every table filled.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { fixtureRuns } from '../testing/fixture-runs.fixture';
import { buildReport } from './build-report';
import { writeRunDirectory } from './write-run-directory';

const CHROMIUM = process.env.PRUNERL_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const FIGURES = [
  'aggregate-intervals',
  'probability-of-improvement',
  'performance-profile',
  'sample-efficiency',
  'learning-curves',
  'width-scaling',
  'sparsity-sweep',
  'sparsity-schedule',
  'diagnostics',
  'gradient-covariance',
];

jest.setTimeout(120_000);

describe('HTML report in headless Chromium', () => {
  let dir: string;
  let browser: Browser;
  let reportPath: string;
  const runs = fixtureRuns();

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`${CHROMIUM} not found: run tools/scripts/ensure-debian-packages.sh (apt-get install chromium) or set PRUNERL_CHROMIUM.`);
    }
    dir = mkdtempSync(join(tmpdir(), 'prunerl-report-'));
    for (const run of runs) writeRunDirectory(join(dir, run.id), run);
    reportPath = (await buildReport(dir, { generatedAt: '2025-01-01T00:00:00Z', bootstrap: { reps: 500 } })).path;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('should load with no console errors and show every figure and table', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(`${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()}`));
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(pathToFileURL(reportPath).href, { waitUntil: 'load' });

    expect(problems).toEqual([]);
    expect(requests).toEqual([pathToFileURL(reportPath).href]); // self-contained: nothing else is fetched
    expect(await page.title()).toBe('prunerl report');

    const found = await page.$$eval('figure.plot', (figures) => figures.map((f) => f.getAttribute('data-plot')));
    expect(found).toEqual(FIGURES);
    for (const id of FIGURES) {
      const svg = page.locator(`figure[data-plot="${id}"] > svg`);
      expect(await svg.count()).toBe(1);
      const box = await svg.boundingBox();
      expect(box!.width).toBeGreaterThan(200);
      expect(box!.height).toBeGreaterThan(100);
      // Drawn marks (lines, bands, bars, cells) and some axis text, not an empty frame.
      const marks = await svg.locator('g.mark-line path, g.mark-area path, g.mark-rect path, g.mark-rule line, g.mark-symbol path, g.mark-tick path').count();
      expect(marks).toBeGreaterThan(5);
      expect((await svg.locator('text').allTextContents()).join(' ').length).toBeGreaterThan(20);
    }

    expect(await page.locator('#runs tbody tr').count()).toBe(runs.length);
    expect(await page.locator('#final table.data').first().locator('tbody tr').count()).toBe(7);
    expect(await page.locator('#curves table.data tbody tr').count()).toBe(3);
    await page.close();
  });
});
