/**
 * The page: settings, buttons, the game, the numbers and the plots. All training happens in the
 * worker (`worker/training-worker.ts`); this thread only draws what it reports.
 */
import type { PageMessage, ProgressView, WorkerMessage } from './protocol';
import { DEFAULT_SETTINGS, PLAYGROUND_AGENTS, PLAYGROUND_BACKENDS, PLAYGROUND_ENVIRONMENTS, PLAYGROUND_PRUNERS, type PlaygroundBackend, type PlaygroundSettings } from './settings';
import { emptyChartData, type ChartData } from './plots/chart-data';
import { Charts } from './ui/charts';
import { FramePlayer } from './ui/frame-player';
import { GameView } from './ui/game-view';
import { drawMasks } from './ui/mask-view';

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const form = $<HTMLFormElement>('settings');
const field = <T extends HTMLInputElement | HTMLSelectElement>(name: string): T => form.elements.namedItem(name) as T;
const buttons = { start: $<HTMLButtonElement>('start'), pause: $<HTMLButtonElement>('pause'), reset: $<HTMLButtonElement>('reset'), save: $<HTMLButtonElement>('save') };
const percent = (x: number | undefined): string => (x === undefined ? '–' : `${(x * 100).toFixed(1)}%`);
const count = (x: number): string => Math.round(x).toLocaleString('en-US');

const worker = new Worker(new URL('./worker/training-worker.ts', import.meta.url), { type: 'module' });
const send = (message: PageMessage, transfer: Transferable[] = []): void => worker.postMessage(message, transfer);

let data: ChartData = emptyChartData();
const charts = new Charts({ curve: $('curve'), schedule: $('schedule'), layers: $('layers') }, () => data, (text) => message(text));
const game = new GameView($<HTMLCanvasElement>('game'));
const player = new FramePlayer((frame) => {
  game.draw(frame);
  $('frames-shown').textContent = String(player.shown);
});
let state: ProgressView['state'] | 'starting' = 'starting';
let baselineTensors = 0;

function fillSelect(name: string, values: readonly string[], value: string): void {
  const select = field<HTMLSelectElement>(name);
  select.replaceChildren(...values.map((v) => new Option(v, v)));
  select.value = value;
}

function torsoChoices(): void {
  const minatar = field<HTMLSelectElement>('environment').value.startsWith('MinAtar/');
  const current = field<HTMLSelectElement>('torso').value;
  const torsos = minatar ? ['minatar-cnn', 'mlp'] : ['mlp'];
  fillSelect('torso', torsos, torsos.includes(current) ? current : torsos[0]!);
}

/** The GPU backends the browser has (the worker reaches WebGL through an OffscreenCanvas). */
async function availableBackends(): Promise<PlaygroundBackend[]> {
  const found: PlaygroundBackend[] = ['wasm'];
  if (typeof OffscreenCanvas !== 'undefined' && new OffscreenCanvas(1, 1).getContext('webgl2') !== null) found.push('webgl');
  const gpu = (navigator as { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
  if (gpu && (await gpu.requestAdapter().catch(() => null)) !== null) found.push('webgpu');
  return PLAYGROUND_BACKENDS.filter((b) => found.includes(b));
}

function readSettings(): PlaygroundSettings {
  const number = (name: string): number => {
    const value = Number(field<HTMLInputElement>(name).value);
    if (!Number.isFinite(value)) throw new Error(`${name}: expected a number, got "${field<HTMLInputElement>(name).value}"`);
    return value;
  };
  return {
    environment: field<HTMLSelectElement>('environment').value as PlaygroundSettings['environment'],
    agent: field<HTMLSelectElement>('agent').value as PlaygroundSettings['agent'],
    torso: field<HTMLSelectElement>('torso').value as PlaygroundSettings['torso'],
    width: number('width'),
    pruner: field<HTMLSelectElement>('pruner').value as PlaygroundSettings['pruner'],
    sparsity: number('sparsity'),
    seed: number('seed'),
    iterations: number('iterations'),
    stepsPerIteration: number('stepsPerIteration'),
    evalEpisodes: number('evalEpisodes'),
  };
}

function setState(next: typeof state): void {
  state = next;
  $('state').textContent = next;
  buttons.start.disabled = next === 'starting' || next === 'running';
  buttons.pause.disabled = !(next === 'running' || next === 'paused');
  buttons.pause.textContent = next === 'paused' ? 'Resume' : 'Pause';
  buttons.reset.disabled = next === 'starting' || next === 'idle';
  buttons.save.disabled = !(next === 'paused' || next === 'complete' || next === 'running');
  for (const element of Array.from(form.elements) as HTMLInputElement[]) element.disabled = next !== 'idle';
}

function showProgress(p: ProgressView): void {
  if (p.state !== state && state !== 'idle') setState(p.state);
  $('iteration').textContent = `${p.iteration + 1} / ${p.iterations} (${p.phase})`;
  $('steps').textContent = `${count(p.totalSteps)} / ${count(p.plannedSteps)}`;
  $('steps').dataset.value = String(p.totalSteps);
  $('updates').textContent = count(p.updates);
  $('updates').dataset.value = String(p.updates);
  $('episodes').textContent = count(p.episodes);
  $('sps').textContent = count(p.stepsPerSecond);
  $('ups').textContent = count(p.updatesPerSecond);
  $('mean-sps').textContent = count(p.meanStepsPerSecond);
  $('mean-sps').dataset.value = p.meanStepsPerSecond.toFixed(1);
  $('sparsity').textContent = percent(p.sparsity);
  if (p.sparsity !== undefined) $('sparsity').dataset.value = p.sparsity.toFixed(4);
  $('target').textContent = percent(p.targetSparsity);
  showMemory(p.memory.numTensors, p.memory.numBytes);
}

function showMemory(numTensors: number, numBytes: number): void {
  $('tensors').textContent = `${count(numTensors)} (${(numBytes / 1e6).toFixed(1)} MB)`;
  $('tensors').dataset.value = String(numTensors);
}

function message(text: string): void {
  $('message').textContent = text;
}

worker.onmessage = (event: MessageEvent<WorkerMessage>) => {
  const m = event.data;
  switch (m.type) {
    case 'ready':
      $('backend').textContent = m.backend;
      baselineTensors = m.memory.numTensors;
      $('tensors').dataset.baseline = String(baselineTensors);
      showMemory(m.memory.numTensors, m.memory.numBytes);
      setState('idle');
      break;
    case 'started':
      data.finalTarget = m.finalSparsity;
      $('policy').textContent = `${m.method} · ${m.parameters === undefined ? '?' : count(m.parameters)} parameters`;
      break;
    case 'progress':
      showProgress(m.progress);
      if (m.progress.sparsity !== undefined && m.progress.targetSparsity !== undefined && m.progress.totalSteps > 0) {
        data.measured.push({ step: m.progress.totalSteps, value: m.progress.sparsity });
        data.scheduled.push({ step: m.progress.totalSteps, value: m.progress.targetSparsity });
        charts.invalidate();
      }
      break;
    case 'episode':
      data.episodes.push(m.point);
      charts.invalidate();
      break;
    case 'iteration':
      if (m.trainReturn) data.iterations.push(m.trainReturn);
      if (m.evalReturn) data.evaluations.push(m.evalReturn);
      $('iteration').dataset.completed = String(m.iteration + 1);
      charts.invalidate();
      break;
    case 'sparsity':
      data.layers = m.layers;
      drawMasks($('masks'), m.layers);
      charts.invalidate();
      break;
    case 'frames':
      $('frame-source').textContent = { greedy: 'greedy episode after the iteration', live: 'training, live', policy: 'loaded policy, greedy' }[m.source];
      $('frame-return').textContent = String(m.episodeReturn);
      player.enqueue(m.frames, m.source === 'greedy');
      break;
    case 'saved': {
      const url = URL.createObjectURL(new Blob([m.bytes as BlobPart], { type: 'application/octet-stream' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = m.name;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      break;
    }
    case 'loaded':
      setState('playing');
      $('policy').textContent = `${m.name}: ${m.agent ?? 'agent'} on ${m.environment}${typeof m.info.method === 'string' ? ` · ${m.info.method}` : ''}${typeof m.info.envSteps === 'number' ? ` · ${count(m.info.envSteps)} steps` : ''}`;
      $('policy').dataset.environment = m.environment;
      break;
    case 'reset':
      showMemory(m.memory.numTensors, m.memory.numBytes);
      $('tensors').dataset.afterReset = String(m.memory.numTensors);
      setState('idle');
      break;
    case 'error':
      message(m.message);
      if (state === 'starting') setState('idle');
      break;
  }
};
worker.onerror = (event) => message(`worker error: ${event.message}`);

function clearRun(): void {
  data = emptyChartData();
  player.clear();
  player.shown = 0;
  $('masks').replaceChildren();
  $('policy').textContent = '';
  delete $('policy').dataset.environment;
  delete $('iteration').dataset.completed;
  delete $('sparsity').dataset.value;
  charts.reset();
}

buttons.start.onclick = () => {
  let settings: PlaygroundSettings;
  try {
    settings = readSettings();
  } catch (error) {
    message((error as Error).message);
    return;
  }
  message('');
  clearRun();
  setState('running');
  send({ type: 'start', settings });
};
buttons.pause.onclick = () => {
  send({ type: state === 'paused' ? 'resume' : 'pause' });
  if (state === 'running') setState('paused');
  else if (state === 'paused') setState('running');
};
buttons.reset.onclick = () => {
  clearRun();
  send({ type: 'reset' });
};
buttons.save.onclick = () => send({ type: 'save' });
$<HTMLInputElement>('load').onchange = async (event) => {
  const file = (event.target as HTMLInputElement).files?.[0];
  if (!file) return;
  clearRun();
  const bytes = new Uint8Array(await file.arrayBuffer());
  send({ type: 'load', bytes, name: file.name }, [bytes.buffer]);
  (event.target as HTMLInputElement).value = '';
};
const watchMode = $<HTMLSelectElement>('watch-mode');
const speed = $<HTMLInputElement>('speed');
const sendWatch = (): void => {
  $('speed-value').textContent = speed.value;
  player.setSpeed(Number(speed.value));
  send({ type: 'watch', mode: watchMode.value as 'iteration' | 'live', speed: Number(speed.value) });
};
watchMode.onchange = sendWatch;
speed.oninput = sendWatch;

async function init(): Promise<void> {
  fillSelect('environment', PLAYGROUND_ENVIRONMENTS, DEFAULT_SETTINGS.environment);
  fillSelect('agent', PLAYGROUND_AGENTS, DEFAULT_SETTINGS.agent);
  fillSelect('pruner', PLAYGROUND_PRUNERS, DEFAULT_SETTINGS.pruner);
  torsoChoices();
  field<HTMLSelectElement>('environment').onchange = torsoChoices;
  for (const name of ['width', 'sparsity', 'seed', 'iterations', 'stepsPerIteration', 'evalEpisodes'] as const) field<HTMLInputElement>(name).value = String(DEFAULT_SETTINGS[name]);
  const backends = await availableBackends();
  fillSelect('backend', backends, 'wasm');
  field<HTMLSelectElement>('backend').onchange = () => {
    setState('starting');
    send({ type: 'init', backend: field<HTMLSelectElement>('backend').value as PlaygroundBackend });
  };
  setState('starting');
  send({ type: 'init', backend: 'wasm' });
  sendWatch();
}

void init();
