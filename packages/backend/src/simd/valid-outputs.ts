/**
 * The output coordinates `[first, end)` whose filter tap at `offset` (= di - padTop) reads inside
 * `[0, size)` of the input (an empty range when none does).
 */
export function validOutputs(offset: number, stride: number, size: number, outSize: number): readonly [number, number] {
  const first = Math.max(0, Math.ceil(-offset / stride));
  const end = Math.min(outSize, Math.floor((size - 1 - offset) / stride) + 1);
  return [first, Math.max(first, end)];
}
