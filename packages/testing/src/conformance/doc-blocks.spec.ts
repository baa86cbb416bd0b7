import { docBlocksMissing } from './doc-blocks';

describe('docBlocksMissing', () => {
  it('should list the ts blocks of a page that the source lacks, ignoring whitespace', () => {
    const page = 'Text\n```ts\nconst a =  1;\n```\n```sh\nnpm test\n```\n```ts\nconst b = 2;\n```\n';
    expect(docBlocksMissing(page, 'const a = 1;\nconst c = 3;')).toEqual({ blocks: ['const a =  1;', 'const b = 2;'], missing: ['const b = 2;'] });
  });

  it('should rewrite blocks before looking for them', () => {
    const page = "```ts\nimport { x } from './x';\n```\n";
    expect(docBlocksMissing(page, "import { x } from '../lib/x';", { rewrite: (b) => b.replaceAll("from './", "from '../lib/") }).missing).toEqual([]);
  });
});
