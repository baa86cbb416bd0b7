/** `low < value < high`, Gymnasium's chained comparison for its open health ranges. */
export function inside(value: number, [low, high]: readonly [number, number]): boolean {
  return low < value && value < high;
}

/**
 * Copies `parts` into one float32 observation: each part is a float64 array (a slice of MuJoCo's
 * data) and an optional clip bound `[low, high]` applied to every entry (`np.clip`).
 */
export function concatObservation(parts: ReadonlyArray<readonly [Float64Array, (readonly [number, number])?]>): Float32Array {
  const out = new Float32Array(parts.reduce((n, [values]) => n + values.length, 0));
  let offset = 0;
  for (const [values, clip] of parts) {
    if (clip) {
      const [low, high] = clip;
      for (let i = 0; i < values.length; i++) out[offset + i] = Math.min(Math.max(values[i]!, low), high);
    } else {
      out.set(values, offset);
    }
    offset += values.length;
  }
  return out;
}

/** The `info` positions of the free-floating bodies (Ant, Humanoid): `qpos[0:2]` and its norm. */
export function planePositionInfo(qpos: Float64Array): Record<string, number> {
  const x = qpos[0]!;
  const y = qpos[1]!;
  return { x_position: x, y_position: y, distance_from_origin: Math.sqrt(x * x + y * y) };
}
