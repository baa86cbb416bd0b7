import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The `prunerl` command from the TypeScript sources, as a child process (tests only). */
export function cliCommand(): { command: string; args: string[] } {
  const tsx = createRequire(__filename).resolve('tsx');
  return { command: process.execPath, args: ['--import', pathToFileURL(tsx).href, '--conditions=@prunerl/source', join(__dirname, '..', 'bin.ts')] };
}

/** Starts `prunerl <args>`; the caller waits for it. */
export function startCli(args: readonly string[], options: { cwd?: string; env?: Record<string, string> } = {}): ChildProcess {
  const { command, args: prefix } = cliCommand();
  return spawn(command, [...prefix, ...args], { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** What a finished `prunerl` process left. */
export interface CliRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Collects a child's output until it exits. */
export function finished(child: ChildProcess): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** Runs `prunerl <args>` to completion. */
export function runCliProcess(args: readonly string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<CliRun> {
  return finished(startCli(args, options));
}

/** Resolves when the child's stderr contains `text`. */
export function waitForStderr(child: ChildProcess, text: string | RegExp, timeoutMs = 90_000): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${String(text)}; stderr so far:\n${seen.slice(-2000)}`)), timeoutMs);
    child.stderr?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (typeof text === 'string' ? seen.includes(text) : text.test(seen)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', () => {
      clearTimeout(timer);
      reject(new Error(`exited before ${String(text)}; stderr:\n${seen.slice(-2000)}`));
    });
  });
}
