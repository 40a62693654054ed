/**
 * The playground page: a run described by its URL (`?env=CartPole-v1&agent=ppo&seed=3&steps=100000
 * &autostart=1`) or by the form, trained in a Web Worker so the page stays responsive, shown as
 * it goes (env scene and charts). The worker keeps the run's agent as the current model: download
 * it as a checkpoint, load one, watch it play greedy episodes. `window.tfgym.run` exposes the
 * run's state for tests and embedding.
 */
import { HyperparameterForm } from './form.js';
import type { FromWorker, ModelInfo, PageBackend, PageFile, PresetInfo, ToWorker } from './protocol.js';
import { RunView } from './view.js';

/** The run as scripts see it (`window.tfgym.run`). */
export interface PlaygroundRun {
  state: 'idle' | 'running' | 'paused' | 'done' | 'error';
  steps: number;
  episodes: number;
  lastEvalReturn: number | null;
  /** Every greedy evaluation of the run: env step and mean return. */
  evaluations: { step: number; meanReturn: number }[];
  lastReturn: number | null;
  stepsPerSecond: number | null;
  backend: string | null;
  /** Why that backend (e.g. `wasm (WebGL here is a software renderer …)`). */
  backendNote: string | null;
  /** The run's whole config (the tuned entry or preset, the URL's and the form's values, the agent's defaults). */
  config: Record<string, unknown> | null;
  /** The model the worker holds (the last run's agent, or a loaded checkpoint), or null. */
  model: ModelInfo | null;
  /** Greedy episodes watched: their returns, in order. */
  watchReturns: number[];
  error: string | null;
}

const PARAMS = ['env', 'agent', 'preset', 'seed', 'steps', 'numEnvs', 'backend', 'autostart', 'envModule'] as const;
const BACKEND_CHOICES: readonly PageBackend[] = ['auto', 'webgl', 'wasm', 'cpu'];
const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const run: PlaygroundRun = { state: 'idle', steps: 0, episodes: 0, lastEvalReturn: null, evaluations: [], lastReturn: null, stepsPerSecond: null, backend: null, backendNote: null, config: null, model: null, watchReturns: [], error: null };
const view = new RunView($<HTMLCanvasElement>('scene'), $('episode'), $('charts'));
/** What scripts see as `window.tfgym`. */
(window as unknown as { tfgym: unknown }).tfgym = { run, chartPoints: () => view.charts.points(), sceneFrames: () => view.scene.frames, frameTimes: () => [...view.frameTimes] };
const rows: string[] = ['step,episode,return,length'];
const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
const form = new HyperparameterForm($('hyper'));
let formFor = '';
let watching = false;
let presetList: PresetInfo[] = [];

const send = (m: ToWorker, transfer: Transferable[] = []): void => worker.postMessage(m, transfer);

function fill(select: HTMLSelectElement, items: readonly string[], value: string): void {
  select.replaceChildren(...items.map((v) => new Option(v, v, false, v === value)));
}

function showError(message: string, state: PlaygroundRun['state'] = 'error'): void {
  run.state = state;
  run.error = message;
  $('errors').textContent = message;
  status();
}

/** The form's values as config flags; the worker checks them with the run config's schema. */
function flags(): Record<string, unknown> {
  const num = (id: string): number | undefined => ($<HTMLInputElement>(id).value === '' ? undefined : Number($<HTMLInputElement>(id).value));
  return { env: $<HTMLSelectElement>('env').value, agent: $<HTMLSelectElement>('agent').value, seed: num('seed'), steps: num('steps'), numEnvs: num('numEnvs') };
}

const preset = (): string | null => $<HTMLSelectElement>('preset').value || null;

function status(): void {
  const parts = [`${run.state}`, `${run.steps.toLocaleString('en-US')} steps`, `${run.episodes} episodes`];
  if (run.lastReturn !== null) parts.push(`last return ${run.lastReturn.toFixed(1)}`);
  if (run.lastEvalReturn !== null) parts.push(`evaluation ${run.lastEvalReturn.toFixed(1)}`);
  if (run.stepsPerSecond !== null) parts.push(`${Math.round(run.stepsPerSecond).toLocaleString('en-US')} steps/s`);
  if (run.backendNote) parts.push(`backend ${run.backendNote}, in a Web Worker`);
  $('status').textContent = parts.join(' · ');
  const m = run.model;
  $('model').textContent = m ? `model: ${m.agent} on ${m.env} at step ${m.step.toLocaleString('en-US')} (${m.source})` : 'model: none yet';
  const busy = run.state === 'running' || run.state === 'paused';
  $<HTMLButtonElement>('start').disabled = busy;
  $<HTMLButtonElement>('pause').disabled = !busy;
  $<HTMLButtonElement>('stop').disabled = !busy;
  $<HTMLButtonElement>('save').disabled = !m;
  $<HTMLButtonElement>('watch').disabled = !m || busy;
  $<HTMLInputElement>('load').disabled = busy;
  $('watch').textContent = watching ? 'Stop watching' : 'Watch (greedy)';
}

function onViewer(m: Extract<FromWorker, { type: 'viewer' }>['message']): void {
  view.handle(m, watching);
  if (watching) return;
  if (m.type === 'episode') {
    const ret = m.rawReturn ?? m.return;
    Object.assign(run, { steps: m.step, episodes: m.episode, lastReturn: ret });
    rows.push(`${m.step},${m.episode},${ret},${m.length}`);
  } else if (m.type === 'eval') {
    run.lastEvalReturn = m.meanReturn;
    run.evaluations.push({ step: m.step, meanReturn: m.meanReturn });
  }
}

function onMessage(m: FromWorker): void {
  switch (m.type) {
    case 'described':
      described(m.envs, m.agents, m.presets, m.added);
      return;
    case 'agentForm':
      formFor = `${m.agent}/${m.env}/${m.preset ?? ''}`;
      form.show(m.schema, m.values);
      return;
    case 'invalid':
      showError(m.message);
      form.mark(m.message);
      return;
    case 'started':
      Object.assign(run, { backend: m.backend, backendNote: m.backendNote, config: m.config, model: null });
      break;
    case 'viewer':
      onViewer(m.message);
      break;
    case 'progress':
      Object.assign(run, { steps: m.step, stepsPerSecond: m.stepsPerSecond });
      break;
    case 'done':
      Object.assign(run, { steps: m.step, stepsPerSecond: m.step / Math.max(m.seconds, 1e-9), state: m.reason === 'error' ? 'error' : 'done', model: m.model });
      if (m.reason === 'error') showError(m.message ?? 'training failed');
      finished();
      break;
    case 'model':
      download(m.name, m.bytes);
      break;
    case 'loaded':
      run.model = m.model;
      $('errors').textContent = '';
      break;
    case 'loadFailed':
      $('errors').textContent = m.message; // the current model is kept
      run.error = m.message;
      break;
    case 'watchEpisode':
      run.watchReturns.push(m.return);
      break;
    case 'watchEnded':
      watching = false;
      break;
    case 'error':
      showError(m.message, run.state === 'running' || run.state === 'paused' ? 'error' : run.state);
      break;
  }
  status();
}

/** Hands the model's checkpoint file to the browser as a download. */
function download(name: string, bytes: Uint8Array): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([bytes as BlobPart], { type: 'application/x-tar' }));
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

function finished(): void {
  const link = $<HTMLAnchorElement>('csv');
  link.href = URL.createObjectURL(new Blob([`${rows.join('\n')}\n`], { type: 'text/csv' }));
  link.hidden = false;
}

function start(): void {
  $('errors').textContent = '';
  if (watching) send({ type: 'stopWatch' });
  view.clear();
  rows.splice(1);
  Object.assign(run, { state: 'running', steps: 0, episodes: 0, lastEvalReturn: null, evaluations: [], lastReturn: null, stepsPerSecond: null, config: null, error: null, watchReturns: [] });
  const given: Record<string, unknown> = Object.fromEntries(Object.entries(flags()).filter(([, v]) => v !== undefined));
  if (formFor === `${given.agent}/${given.env}/${preset() ?? ''}`) {
    const read = form.read();
    if ('error' in read) {
      showError(read.error);
      return;
    }
    given.agentConfig = read.config;
  }
  send({ type: 'start', flags: given, preset: preset(), backend: $<HTMLSelectElement>('backend').value as PageBackend });
  status();
}

function togglePause(): void {
  const pausing = run.state === 'running';
  send({ type: pausing ? 'pause' : 'resume' });
  run.state = pausing ? 'paused' : 'running';
  $('pause').textContent = pausing ? 'Resume' : 'Pause';
  status();
}

/** Reads chosen or dropped files for the worker. */
async function pageFiles(list: FileList | readonly File[]): Promise<PageFile[]> {
  return Promise.all(Array.from(list).map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })));
}

async function loadModel(list: FileList | readonly File[]): Promise<void> {
  const files = await pageFiles(list);
  send({ type: 'load', files, env: $<HTMLSelectElement>('env').value, backend: $<HTMLSelectElement>('backend').value as PageBackend }, files.map((f) => f.bytes.buffer));
}

async function loadEnvModule(list: FileList | readonly File[]): Promise<void> {
  for (const file of await pageFiles(list)) send({ type: 'envModule', file }, [file.bytes.buffer]);
}

function toggleWatch(): void {
  watching = !watching;
  if (watching) {
    run.watchReturns = [];
    view.player.clear();
  }
  send(watching ? { type: 'watch', seed: Number($<HTMLInputElement>('seed').value || 0) } : { type: 'stopWatch' });
  status();
}

/** The presets of the chosen env: its tuned entries (any agent), then the agent's generic defaults. */
function fillPresets(env: string, value: string | null): void {
  const mine = presetList.filter((p) => p.env === env);
  const select = $<HTMLSelectElement>('preset');
  select.replaceChildren(new Option('tuned entry of the pair (if any)', '', false, !value), ...mine.map((p) => new Option(`${p.name} (${p.agent})`, p.name, false, p.name === value)), new Option('none: generic defaults', 'none', false, value === 'none'));
  for (const o of Array.from(select.options)) o.title = presetList.find((p) => p.name === o.value)?.source ?? '';
}

let firstDescription = true;

/** With the registries' ids from the worker: fill the form (from the URL the first time), and start when it asks. */
function described(envs: string[], agents: string[], presets: PresetInfo[], added: string[]): void {
  presetList = presets;
  const url = new URL(location.href);
  const p = (k: string) => url.searchParams.get(k);
  const chosenEnv = added[0] ?? (firstDescription ? p('env') : null) ?? $<HTMLSelectElement>('env').value;
  fill($('env'), envs, chosenEnv || 'CartPole-v1');
  if (!firstDescription) {
    envChosen();
    return;
  }
  firstDescription = false;
  fill($('agent'), agents, p('agent') ?? 'ppo');
  fillPresets($<HTMLSelectElement>('env').value, p('preset'));
  for (const k of ['seed', 'steps', 'numEnvs'] as const) if (p(k) !== null) $<HTMLInputElement>(k).value = p(k) as string;
  if (p('backend') !== null) $<HTMLSelectElement>('backend').value = p('backend') as string;
  const unknown = [...url.searchParams.keys()].filter((k) => !(PARAMS as readonly string[]).includes(k));
  const known = { env: envs, agent: agents, backend: BACKEND_CHOICES, preset: ['none', ...presets.filter((x) => x.env === p('env')).map((x) => x.name)] };
  for (const [k, v] of Object.entries(known)) if (p(k) !== null && !(v as readonly string[]).includes(p(k) as string)) unknown.push(`${k}=${p(k)}`);
  if (unknown.length > 0) {
    showError(`the URL has parameters the playground does not take (or values it does not know): ${unknown.join(', ')}; it takes ${PARAMS.join(', ')}`);
    return;
  }
  presetChosen();
  if (run.state !== 'error' && p('autostart') === '1') start();
}

/** Another env: its presets, and the form for the agent on it. */
function envChosen(): void {
  fillPresets($<HTMLSelectElement>('env').value, null);
  requestForm();
}

/** A preset sets the agent it is tuned for. */
function presetChosen(): void {
  const chosen = presetList.find((x) => x.name === preset());
  if (chosen) $<HTMLSelectElement>('agent').value = chosen.agent;
  requestForm();
}

/** Asks the worker for the chosen agent's schema and the preset's (or tuned entry's) values. */
function requestForm(): void {
  const f = flags();
  send({ type: 'describeAgent', agent: String(f.agent), env: String(f.env), preset: preset() });
}

function setUp(): void {
  worker.onmessage = (e: MessageEvent<FromWorker>) => onMessage(e.data);
  worker.onerror = (e) => showError(`the training worker failed: ${e.message}`);
  $('env').addEventListener('change', envChosen);
  $('agent').addEventListener('change', () => {
    if (presetList.find((x) => x.name === preset())?.agent !== $<HTMLSelectElement>('agent').value) $<HTMLSelectElement>('preset').value = '';
    requestForm();
  });
  $('preset').addEventListener('change', presetChosen);
  $('form').addEventListener('submit', (e) => {
    e.preventDefault();
    start();
  });
  $('pause').addEventListener('click', togglePause);
  $('stop').addEventListener('click', () => send({ type: 'stop' }));
  $('save').addEventListener('click', () => send({ type: 'save' }));
  $('watch').addEventListener('click', toggleWatch);
  const load = $<HTMLInputElement>('load');
  load.addEventListener('change', () => void loadModel(load.files ?? []).finally(() => (load.value = '')));
  const envModule = $<HTMLInputElement>('envModule');
  envModule.addEventListener('change', () => void loadEnvModule(envModule.files ?? []).finally(() => (envModule.value = '')));
  document.addEventListener('dragover', (e) => e.preventDefault());
  document.addEventListener('drop', (e) => {
    e.preventDefault();
    const files = Array.from(e.dataTransfer?.files ?? []);
    const models = files.filter((f) => f.name.endsWith('.tar') || f.name === 'meta.json' || f.name === 'arrays.bin');
    if (models.length > 0) void loadModel(models);
    const modules = files.filter((f) => /\.m?js$/.test(f.name));
    if (modules.length > 0) void loadEnvModule(modules);
  });
  send({ type: 'describe', modules: new URL(location.href).searchParams.getAll('envModule'), base: location.href });
  status();
}

setUp();
