import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@prunerl/core';
import { getPath, parsePath, setPath } from './config-path';
import { parseConfigText, parseOverride, readConfigFile, stringifyConfig } from './load-config-file';

describe(readConfigFile.name, () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'prunerl-cfg-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('should read YAML and JSON', async () => {
    await writeFile(join(dir, 'a.yaml'), 'agent: { name: dqn }\nseeds: [1, 2]\n');
    await writeFile(join(dir, 'a.json'), '{"agent": {"name": "rainbow"}}');
    expect(await readConfigFile(join(dir, 'a.yaml'))).toEqual({ agent: { name: 'dqn' }, seeds: [1, 2] });
    expect(await readConfigFile(join(dir, 'a.json'))).toEqual({ agent: { name: 'rainbow' } });
  });

  it('should name a missing file', async () => {
    await expect(readConfigFile(join(dir, 'nope.yaml'))).rejects.toThrow(/config file: expected an existing YAML or JSON file, got ".*nope\.yaml"/);
  });

  it('should report YAML syntax errors and duplicate keys', () => {
    expect(() => parseConfigText('agent: [1, 2', 'x.yaml')).toThrow(ConfigError);
    expect(() => parseConfigText('a: 1\na: 2\n', 'x.yaml')).toThrow(/valid YAML/);
    expect(() => parseConfigText('{"a": }', 'x.json')).toThrow(/valid JSON/);
  });

  it('should round-trip through stringifyConfig', () => {
    const config = { name: 'x', network: { width: 3, options: { hiddenSizes: [64, 64] } }, pruner: null };
    expect(parseConfigText(stringifyConfig(config), 'x.yaml')).toEqual(config);
  });
});

describe(parseOverride.name, () => {
  it('should read values as YAML scalars and flow collections', () => {
    expect(parseOverride('network.width=3')).toEqual({ path: 'network.width', value: 3 });
    expect(parseOverride('pruner=none')).toEqual({ path: 'pruner', value: 'none' });
    expect(parseOverride('seeds=[0, 1]')).toEqual({ path: 'seeds', value: [0, 1] });
    expect(parseOverride('environment.id=MinAtar/Breakout-v1')).toEqual({ path: 'environment.id', value: 'MinAtar/Breakout-v1' });
    expect(parseOverride('pruner={name: gmp, options: {sparsity: 0.9}}').value).toEqual({ name: 'gmp', options: { sparsity: 0.9 } });
    expect(parseOverride('name=')).toEqual({ path: 'name', value: '' });
  });

  it('should refuse text without "="', () => {
    expect(() => parseOverride('network.width')).toThrow(/--set: expected path=value/);
  });
});

describe(setPath.name, () => {
  it('should set nested fields without touching the input', () => {
    const input = { a: { b: 1 } };
    expect(setPath(input, 'a.c.d', 2)).toEqual({ a: { b: 1, c: { d: 2 } } });
    expect(setPath(input, 'hooks[1].name', 'x')).toEqual({ a: { b: 1 }, hooks: [undefined, { name: 'x' }] });
    expect(input).toEqual({ a: { b: 1 } });
    expect(getPath({ hooks: [{ name: 'redo' }] }, 'hooks[0].name')).toBe('redo');
    expect(getPath({}, 'a.b')).toBeUndefined();
  });

  it('should refuse malformed paths', () => {
    expect(() => parsePath('a..b')).toThrow(ConfigError);
    expect(() => parsePath('[0]')).toThrow(/config path/);
    expect(parsePath('a.b[2].c')).toEqual(['a', 'b', 2, 'c']);
  });
});
