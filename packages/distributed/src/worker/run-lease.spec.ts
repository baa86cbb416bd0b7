import { existsSync } from 'node:fs';
import { mkdtemp, rm, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquireRunLease } from './run-lease';

describe(acquireRunLease.name, () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'prunerl-lease-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('should let one holder at a time train a run directory', async () => {
    const run = join(dir, 'sweep', 'a', 'seed-0');
    const first = await acquireRunLease(run, { staleMs: 10_000, onLost: () => undefined });
    expect(first).toBeDefined();
    expect(existsSync(join(dir, 'sweep', 'a', '.seed-0.lock'))).toBe(true);
    expect(await acquireRunLease(run, { staleMs: 10_000, onLost: () => undefined })).toBeUndefined();
    await first!.release();
    const second = await acquireRunLease(run, { staleMs: 10_000, onLost: () => undefined });
    expect(second).toBeDefined();
    await second!.release();
    await second!.release();
  });

  it('should take over a lease its holder stopped refreshing (a dead machine), and tell the old holder', async () => {
    const run = join(dir, 'sweep', 'b', 'seed-0');
    const lost: Error[] = [];
    const dead = await acquireRunLease(run, { staleMs: 2_000, onLost: (error) => lost.push(error) });
    expect(dead).toBeDefined();
    // The holder's clock stops: its lock directory looks 10 s old.
    const old = new Date(Date.now() - 10_000);
    await utimes(join(dir, 'sweep', 'b', '.seed-0.lock'), old, old);
    const taker = await acquireRunLease(run, { staleMs: 2_000, onLost: () => undefined });
    expect(taker).toBeDefined();
    // The old holder notices at its next refresh (every staleMs / 2).
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(lost.length).toBe(1);
    await taker!.release();
    await dead!.release();
  });
});
