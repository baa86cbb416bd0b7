import { emptyChartData } from './chart-data';
import { chartSvgs, runningMean } from './chart-svgs';

describe(runningMean.name, () => {
  it('should average the last episodes and keep at most the given number of points, the last one included', () => {
    const points = Array.from({ length: 10 }, (_, i) => ({ step: (i + 1) * 10, value: i }));
    expect(runningMean(points, 2, 100).map((p) => p.value)).toEqual([0, 0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5]);
    const thinned = runningMean(points, 2, 4);
    expect(thinned.map((p) => p.step)).toEqual([10, 40, 70, 100]);
  });
});

describe(chartSvgs.name, () => {
  it('should say what is missing before any data, then draw the three plots as SVG', async () => {
    const empty = await chartSvgs(emptyChartData());
    expect(empty.curve).toMatch(/appear with the first episode/);
    expect(empty.schedule).toMatch(/no pruner/);
    const data = emptyChartData();
    data.episodes.push({ step: 10, value: 1 }, { step: 30, value: 2 });
    data.iterations.push({ step: 30, value: 1.5 });
    data.measured.push({ step: 10, value: 0 }, { step: 30, value: 0.5 });
    data.scheduled.push({ step: 10, value: 0.1 }, { step: 30, value: 0.5 });
    data.finalTarget = 0.9;
    data.layers = [{ name: 'torso/dense/kernel', size: 4, sparsity: 0.5, target: 0.5, density: new Float32Array([1, 0]), rows: 1, cols: 2 }];
    const svgs = await chartSvgs(data);
    for (const svg of [svgs.curve, svgs.schedule, svgs.layers]) expect(svg.startsWith('<svg')).toBe(true);
    expect(svgs.curve).toContain('iteration mean');
    expect(svgs.schedule).toContain('final target');
    expect(svgs.layers).toContain('torso/dense');
  });
});
