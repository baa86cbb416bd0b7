/**
 * `input` over `defaults`, where a key `input` leaves `undefined` keeps its default (a plain spread
 * would let an explicit `undefined` erase it). A non-object `input` is returned as is, so the agent's
 * constructor reports it.
 */
export function withDefaults<T extends object>(defaults: Readonly<Partial<T>>, input: T): T {
  if (input === null || typeof input !== 'object') return input;
  const merged: Record<string, unknown> = { ...defaults };
  for (const [key, value] of Object.entries(input)) if (value !== undefined) merged[key] = value;
  return merged as T;
}
