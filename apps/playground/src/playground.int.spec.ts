/**
 * The built playground (apps/playground/dist, made by `vite build`) in Debian's headless Chromium
 * (`tools/scripts/ensure-debian-packages.sh` installs it; `npm test` runs that first), served on a free
 * loopback port by the same static server as `npm run playground`. It trains DQN + GMP on MinAtar
 * Breakout in the page's worker, pauses, finishes at the target sparsity, saves the policy, frees
 * every tensor on reset, then plays a CartPole policy that `prunerl train` + `prunerl export` made in Node,
 * and writes the README's screenshot to docs/playground.png.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { runCli, type CliIo } from '@prunerl/cli';
import { decodePolicy } from '@prunerl/networks';
import { chromium, type Browser, type Page } from 'playwright-core';
import { serveDirectory, type StaticServer } from '../scripts/static-server';
import { BROWSER_TEST_SETTINGS } from './testing/browser-test-settings';

const CHROMIUM = process.env.PRUNERL_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const DIST = resolve(__dirname, '..', 'dist');
const SCREENSHOT = resolve(__dirname, '..', '..', '..', 'docs', 'playground.png');
/** Chromium's words when a page asks for WebGPU on a machine without an adapter (the page then offers no webgpu). */
const NO_WEBGPU_ADAPTER = 'No available adapters.';

jest.setTimeout(150_000);

/** A `CliIo` that keeps what the command prints. */
function quietIo(cwd: string): CliIo & { text(): string } {
  let text = '';
  const sink = (): Writable => new Writable({ write: (chunk: Buffer, _encoding, done) => ((text += chunk.toString()), done()) });
  return { stdout: sink(), stderr: sink(), cwd, text: () => text };
}

const number = async (page: Page, testId: string, attribute = 'data-value'): Promise<number> => Number(await page.getAttribute(`[data-testid="${testId}"]`, attribute));
const text = async (page: Page, testId: string): Promise<string> => (await page.textContent(`[data-testid="${testId}"]`)) ?? '';

describe('playground in headless Chromium', () => {
  let dir: string;
  let server: StaticServer;
  let browser: Browser;
  let exportedPolicy: string;

  beforeAll(async () => {
    if (!existsSync(join(DIST, 'index.html'))) throw new Error(`${DIST} has no build: run \`npm run build -w @prunerl/playground\` first (nx runs it before this test)`);
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: run tools/scripts/ensure-debian-packages.sh (apt-get install chromium) or set PRUNERL_CHROMIUM.`);
    dir = mkdtempSync(join(tmpdir(), 'prunerl-playground-'));
    // A CartPole policy trained and exported by the CLI in Node, as a user would bring one to the page.
    const config = join(dir, 'cartpole.json');
    writeFileSync(
      config,
      JSON.stringify({
        environment: { id: 'CartPole-v1' },
        agent: { name: 'dqn', options: { minReplayHistory: 100, batchSize: 16 } },
        network: { torso: 'mlp', options: { hiddenSizes: [32, 32] } },
        pruner: { name: 'gmp', options: { sparsity: 0.5, updateFrequency: 20 } },
        budget: { iterations: 2, stepsPerIteration: 250 },
        outputDir: 'runs',
      }),
    );
    const train = quietIo(dir);
    expect(await runCli(['train', config, '--quiet'], train)).toBe(0);
    exportedPolicy = join(dir, 'cartpole-cli.policy.bin');
    const exported = quietIo(dir);
    expect(await runCli(['export', 'runs/cartpole-dqn-gmp-w1/seed-0', exportedPolicy], exported)).toBe(0);
    server = await serveDirectory(DIST);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('should train a pruned agent in its worker, pause, save, free its tensors and play a policy from prunerl export', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || (message.type() === 'warning' && message.text() !== NO_WEBGPU_ADAPTER)) problems.push(`${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()}`));
    await page.goto(server.url, { waitUntil: 'load' });

    // Loaded: the worker started tfjs on wasm with SIMD and says so.
    await page.waitForSelector('[data-testid="state"]:text-is("idle")', { timeout: 30_000 });
    expect(await text(page, 'backend')).toMatch(/^wasm \(SIMD on, 1 thread.*\), tfjs 4\.22\.0$/);
    const baseline = await number(page, 'tensors', 'data-baseline');

    // Settings the runner refuses come back as a message naming the field, and the page stays idle.
    await page.fill('[data-testid="width"]', '0');
    await page.click('[data-testid="start"]');
    await page.waitForSelector('[data-testid="message"]:has-text("width")');
    await page.waitForSelector('[data-testid="state"]:text-is("idle")');
    expect(await text(page, 'message')).toMatch(/^network\.width: /);

    // DQN + GMP on MinAtar Breakout, a short schedule.
    const s = BROWSER_TEST_SETTINGS;
    await page.fill('[data-testid="width"]', String(s.width));
    await page.selectOption('[data-testid="environment"]', s.environment);
    await page.selectOption('[data-testid="agent"]', s.agent);
    await page.selectOption('[data-testid="pruner"]', s.pruner);
    await page.fill('[data-testid="target-sparsity"]', String(s.sparsity));
    await page.fill('[data-testid="iterations"]', String(s.iterations));
    await page.fill('[data-testid="steps-per-iteration"]', String(s.stepsPerIteration));
    await page.fill('[data-testid="eval-episodes"]', String(s.evalEpisodes));
    await page.click('[data-testid="start"]');

    // Pause stops the step counter; resume continues. Paused early (the whole run lasts seconds).
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="steps"]')?.getAttribute('data-value')) > 200, null, { timeout: 60_000, polling: 20 });
    await page.click('[data-testid="pause"]', { timeout: 5_000 });
    expect(await number(page, 'tensors')).toBeGreaterThan(baseline);
    await page.waitForSelector('[data-testid="state"]:text-is("paused")');
    await page.waitForTimeout(300);
    const pausedAt = await number(page, 'steps');
    await page.waitForTimeout(1_500);
    expect(await number(page, 'steps')).toBe(pausedAt);
    expect(pausedAt).toBeLessThan(s.iterations * s.stepsPerIteration);
    await page.click('[data-testid="pause"]');

    // Several iterations trained in the worker; the curve has points; sparsity reached its target.
    await page.waitForSelector('[data-testid="state"]:text-is("complete")', { timeout: 90_000 });
    await page.waitForFunction(() => document.querySelector('[data-testid="curve"]')?.getAttribute('data-iterations') === '3', null, { timeout: 10_000 });
    expect(await number(page, 'steps')).toBeGreaterThanOrEqual(s.iterations * s.stepsPerIteration);
    expect(await number(page, 'updates')).toBeGreaterThan(900);
    expect(await page.locator('[data-testid="curve"] svg g.mark-symbol path').count()).toBeGreaterThanOrEqual(3 + 3);
    expect(Number(await page.getAttribute('[data-testid="curve"]', 'data-evaluations'))).toBe(3);
    const sparsity = await number(page, 'sparsity');
    expect(Math.abs(sparsity - s.sparsity)).toBeLessThan(0.005);
    expect(await page.locator('[data-testid="masks"] canvas').count()).toBe(3);
    expect(await page.locator('[data-testid="schedule"] svg').count()).toBe(1);
    expect(await page.locator('[data-testid="layers"] svg').count()).toBe(1);
    expect(Number(await page.textContent('[data-testid="frames-shown"]'))).toBeGreaterThan(0);
    const stepsPerSecond = await number(page, 'mean-steps-per-second');
    expect(stepsPerSecond).toBeGreaterThan(0);
    console.log(`in-browser training: ${stepsPerSecond.toFixed(0)} env steps/s (mean over ${s.iterations * s.stepsPerIteration} steps, ${await text(page, 'backend')})`);
    await page.waitForTimeout(1_000); // the last greedy episode on the canvas, the plots settled
    await page.screenshot({ path: SCREENSHOT, fullPage: true });

    // Save the trained policy: a file with its spec, weights and masks.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="save"]')]);
    const saved = decodePolicy(new Uint8Array(readFileSync((await download.path())!)));
    expect(saved.spec).toMatchObject({ agent: 'dqn', environment: { id: 'MinAtar/Breakout-v1' }, info: { trainedIn: 'playground' } });
    const kept = Object.values(saved.masks).reduce((sum, m) => sum + Array.from(m.values).reduce((a, b) => a + b, 0), 0);
    const total = Object.values(saved.masks).reduce((sum, m) => sum + m.values.length, 0);
    expect(Math.abs(1 - kept / total - s.sparsity)).toBeLessThan(0.005);

    // Reset leaves no tensor behind (the worker's memory report).
    await page.click('[data-testid="reset"]');
    await page.waitForSelector('[data-testid="state"]:text-is("idle")');
    expect(await number(page, 'tensors', 'data-after-reset')).toBe(baseline);

    // A policy trained by `prunerl train` and written by `prunerl export` loads and plays.
    await page.setInputFiles('[data-testid="load"]', exportedPolicy);
    await page.waitForSelector('[data-testid="policy"][data-environment="CartPole-v1"]');
    expect(await text(page, 'state')).toBe('playing');
    expect(await text(page, 'policy')).toMatch(/^cartpole-cli\.policy\.bin: dqn on CartPole-v1 · DQN gmp 50% w=1/);
    const shown = Number(await page.textContent('[data-testid="frames-shown"]'));
    await page.waitForFunction((before) => Number(document.querySelector('[data-testid="frames-shown"]')?.textContent) > before + 20, shown, { timeout: 10_000 });
    expect(await text(page, 'frame-source')).toBe('loaded policy, greedy');
    expect(await page.locator('[data-testid="masks"] canvas').count()).toBe(3);
    await page.click('[data-testid="reset"]');
    await page.waitForSelector('[data-testid="state"]:text-is("idle")');
    expect(await number(page, 'tensors', 'data-after-reset')).toBe(baseline);

    expect(problems).toEqual([]);
    await page.close();
  });
});
