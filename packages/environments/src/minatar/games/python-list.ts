/**
 * Python's `list.remove(item)` on lists of small number lists: removes the FIRST element equal to
 * `item` by value (Python compares lists element-wise), which need not be `item` itself. Seaquest's
 * reference removes entities this way while iterating, and a faithful port must too.
 */
export function removeFirstEqual(list: number[][], item: readonly number[]): void {
  for (let i = 0; i < list.length; i++) {
    const candidate = list[i]!;
    if (candidate === item || sameValues(candidate, item)) {
      list.splice(i, 1);
      return;
    }
  }
  // Python would raise ValueError; the reference only removes items it just read from the list.
  throw new Error('removeFirstEqual: item not in list');
}

function sameValues(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
