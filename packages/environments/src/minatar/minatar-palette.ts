/**
 * The colours the reference's Gymnasium wrapper uses for `rgb_array` rendering: black for an empty
 * cell, then seaborn's `color_palette("cubehelix", C)`, i.e. matplotlib's cubehelix colormap
 * (gamma 1, s 0.5, r -1.5, h 1, a 256-entry lookup table) sampled at `linspace(0, 1, C + 2)[1:-1]`.
 * Returns `C + 1` RGB triples as bytes (`round(255 * v)`); checked against matplotlib 3.6.
 */
export function minatarPalette(channels: number): Uint8Array {
  const out = new Uint8Array((channels + 1) * 3);
  for (let c = 0; c < channels; c++) {
    const x = (c + 1) / (channels + 1);
    const index = Math.min(255, Math.floor(x * 256));
    const t = index / 255;
    const a = (t * (1 - t)) / 2;
    const phi = 2 * Math.PI * (0.5 / 3 - 1.5 * t);
    const cos = Math.cos(phi);
    const sin = Math.sin(phi);
    const rgb = [t + a * (-0.14861 * cos + 1.78277 * sin), t + a * (-0.29227 * cos - 0.90649 * sin), t + a * (1.97294 * cos)];
    for (let k = 0; k < 3; k++) out[(c + 1) * 3 + k] = Math.round(255 * Math.min(1, Math.max(0, rgb[k]!)));
  }
  return out;
}
