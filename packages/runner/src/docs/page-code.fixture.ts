import { readFileSync } from 'node:fs';

/** Code with every line trimmed and blank lines dropped, so indentation and spacing never matter. */
export function normaliseCode(text: string): string {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .join('\n');
}

/**
 * The ```ts blocks of the page at `pagePath`, and those the file at `sourcePath` (a test that runs
 * them) does not contain verbatim: a docs test asserts there are none, so the page cannot show code
 * that no test runs.
 */
export function pageCodeCheck(pagePath: string, sourcePath: string): { readonly blocks: readonly string[]; readonly missing: readonly string[] } {
  const source = normaliseCode(readFileSync(sourcePath, 'utf8'));
  const blocks = [...readFileSync(pagePath, 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
  return { blocks, missing: blocks.filter((block) => !source.includes(normaliseCode(block))) };
}
