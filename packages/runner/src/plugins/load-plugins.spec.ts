import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, updateHooks } from '@prunerl/core';
import { loadPlugins, resolvePlugin } from './load-plugins';

describe(loadPlugins.name, () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'prunerl-plugins-'));
  });
  afterAll(async () => {
    updateHooks.unregister('test-noop');
    await rm(dir, { recursive: true, force: true });
  });

  it('should import a plugin file and call its register export with the registries', async () => {
    await writeFile(
      join(dir, 'noop.cjs'),
      "exports.register = ({ updateHooks }) => updateHooks.register('test-noop', () => ({ name: 'test-noop', afterUpdate() {} }), { override: true });\n",
    );
    const paths = await loadPlugins(['./noop.cjs'], dir);
    expect(paths).toEqual([join(dir, 'noop.cjs')]);
    expect(updateHooks.has('test-noop')).toBe(true);
  });

  it('should name a missing file by its position', async () => {
    await expect(loadPlugins(['./noop.cjs', './missing.js'], dir)).rejects.toThrow(/^plugins\[1\]: expected an existing plugin file/);
  });

  it('should name a package that is not installed', () => {
    expect(() => resolvePlugin('prunerl-plugin-that-does-not-exist', dir, '--plugin')).toThrow(ConfigError);
    expect(() => resolvePlugin('prunerl-plugin-that-does-not-exist', dir, '--plugin')).toThrow(/--plugin: expected an installed package/);
  });

  it('should report a plugin that fails to load', async () => {
    await writeFile(join(dir, 'broken.cjs'), 'throw new Error("boom");\n');
    await expect(loadPlugins(['./broken.cjs'], dir)).rejects.toThrow(/plugins\[0\]: expected a module that loads \(boom\)/);
  });
});
