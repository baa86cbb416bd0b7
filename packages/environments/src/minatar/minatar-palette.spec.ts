import { minatarPalette } from './minatar-palette';

describe(minatarPalette, () => {
  it("should give black and then matplotlib's cubehelix sampled as seaborn samples it", () => {
    // matplotlib.colormaps['cubehelix'](np.linspace(0, 1, 6)[1:-1]) * 255, rounded (matplotlib 3.6).
    expect(Array.from(minatarPalette(4))).toEqual([0, 0, 0, 22, 61, 78, 84, 121, 47, 208, 126, 147, 193, 202, 243]);
    // ... and for Seaquest's 10 channels, np.linspace(0, 1, 12)[1:-1].
    const ten = minatarPalette(10);
    expect(Array.from(ten.subarray(3, 9))).toEqual([25, 18, 43, 23, 52, 76]);
    expect(Array.from(ten.subarray(30, 33))).toEqual([214, 240, 239]);
  });
});
