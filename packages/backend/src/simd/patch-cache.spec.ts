import { PatchCache } from './patch-cache';

/** A heap that records what is freed, and inputs that can be freed. */
function setup(limits?: { entries?: number; floats?: number }): { cache: PatchCache; freed: number[]; dead: Set<object> } {
  const freed: number[] = [];
  const dead = new Set<object>();
  const cache = new PatchCache({ free: (p) => freed.push(p) }, (id) => !dead.has(id), limits);
  return { cache, freed, dead };
}

describe(PatchCache, () => {
  it('should hand a kept matrix to the first taker with the same input and geometry, once', () => {
    const { cache, freed } = setup();
    const x = {};
    cache.put(x, '3x3', 100, 10);
    expect(cache.take({}, '3x3')).toBeUndefined();
    expect(cache.take(x, '2x2')).toBeUndefined();
    expect(cache.take(x, '3x3')).toBe(100);
    expect(cache.take(x, '3x3')).toBeUndefined();
    expect(cache.size).toEqual({ entries: 0, floats: 0 });
    expect(freed).toEqual([]); // the taker owns it now
  });

  it('should replace an entry of the same input and geometry, and drop entries of freed inputs', () => {
    const { cache, freed, dead } = setup();
    const [a, b] = [{}, {}];
    cache.put(a, 'g', 100, 10);
    cache.put(a, 'g', 200, 10);
    expect(freed).toEqual([100]);
    cache.put(b, 'g', 300, 5);
    dead.add(a);
    cache.put(b, 'h', 400, 5);
    expect(freed).toEqual([100, 200]);
    expect(cache.size).toEqual({ entries: 2, floats: 10 });
  });

  it('should keep within its entry and float budgets, oldest out first, and never keep a matrix over the budget', () => {
    const { cache, freed } = setup({ entries: 3, floats: 100 });
    const inputs = [{}, {}, {}, {}, {}];
    cache.put(inputs[0]!, 'g', 1, 10);
    cache.put(inputs[1]!, 'g', 2, 10);
    cache.put(inputs[2]!, 'g', 3, 10);
    cache.put(inputs[3]!, 'g', 4, 10); // fourth entry: the oldest goes
    expect(freed).toEqual([1]);
    cache.put(inputs[4]!, 'g', 5, 85); // 20 + 85 > 100: oldest out until it fits
    expect(freed).toEqual([1, 2, 3]);
    expect(cache.size).toEqual({ entries: 2, floats: 95 });
    cache.put({}, 'g', 6, 101); // larger than the whole budget: freed at once, nothing evicted
    expect(freed).toEqual([1, 2, 3, 6]);
    expect(cache.take(inputs[4]!, 'g')).toBe(5);
    expect(cache.take(inputs[3]!, 'g')).toBe(4);
  });
});
