import { loadSweep, sweepPresetPath } from '@prunerl/runner';
const { runs } = await loadSweep(sweepPresetPath('fig8-offline'), { outputDir: '/tmp/h3-fig8' });
console.log(runs.length);
for (const r of runs.slice(0, 3).concat(runs.slice(-2))) console.log(r.id, r.config.method, r.config.agent.name, JSON.stringify(r.config.agent.options), JSON.stringify(r.config.offline), r.dependsOn, r.config.replay.name);
