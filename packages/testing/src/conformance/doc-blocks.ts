/** What {@link docBlocksMissing} found. */
export interface DocBlocks {
  /** The ```ts blocks of the page. */
  readonly blocks: readonly string[];
  /** Those that do not appear in the source. */
  readonly missing: readonly string[];
}

/**
 * The ```ts blocks of a markdown page, and those of them that do not appear in `source`
 * (whitespace-insensitive), so that a test which runs a page's code can also fail when the page
 * and the code drift apart. `rewrite` adapts a block first, e.g. its imports when the page shows
 * the code where it would live in the package and the test sits elsewhere. Plain strings in and
 * out (the caller reads the files), so this runs anywhere.
 *
 * @example
 * ```ts
 * const { blocks, missing } = docBlocksMissing(readFileSync('docs/page.md', 'utf8'), readFileSync(__filename, 'utf8'));
 * expect(blocks.length).toBeGreaterThan(0);
 * expect(missing).toEqual([]);
 * ```
 */
export function docBlocksMissing(page: string, source: string, options: { readonly rewrite?: (block: string) => string } = {}): DocBlocks {
  const flat = (text: string): string => text.replace(/\s+/g, ' ').trim();
  const code = flat(source);
  const blocks = [...page.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => (options.rewrite ?? ((b: string) => b))(m[1]!).trimEnd());
  return { blocks, missing: blocks.filter((block) => !code.includes(flat(block))) };
}
