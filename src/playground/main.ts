/**
 * The playground page: a run described by its URL (`?env=CartPole-v1&agent=ppo&seed=3&steps=100000
 * &autostart=1`) or by the form, trained in a Web Worker so the page stays responsive, charted as
 * it goes. `window.tfgym.run` exposes the run's state for tests and embedding.
 */
import { LineChart } from '../render/client/charts.js';
import { HyperparameterForm } from './form.js';
import type { FromWorker, ToWorker } from './protocol.js';

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
  /** The run's whole config (the tuned entry, the URL's and the form's values, the agent's defaults). */
  config: Record<string, unknown> | null;
  error: string | null;
}

const PARAMS = ['env', 'agent', 'seed', 'steps', 'numEnvs', 'backend', 'autostart'] as const;
const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const run: PlaygroundRun = { state: 'idle', steps: 0, episodes: 0, lastEvalReturn: null, evaluations: [], lastReturn: null, stepsPerSecond: null, backend: null, config: null, error: null };
const returns = new LineChart($('charts'), 'Episode return', { yLabel: 'return' });
const losses = new LineChart($('charts'), 'Losses', { yLabel: 'loss', log: true });
/** What scripts see as `window.tfgym`: the run, and how many points each chart holds. */
(window as unknown as { tfgym: { run: PlaygroundRun; chartPoints: () => Record<string, number> } }).tfgym = { run, chartPoints: () => ({ returns: returns.size, losses: losses.size }) };
const rows: string[] = ['step,episode,return,length'];
let worker: Worker | null = null;
const form = new HyperparameterForm($('hyper'));
let formFor = '';

function fill(select: HTMLSelectElement, items: readonly string[], value: string): void {
  select.replaceChildren(...items.map((v) => new Option(v, v, false, v === value)));
}

function showError(message: string): void {
  run.state = 'error';
  run.error = message;
  $('errors').textContent = message;
  $('status').textContent = 'error';
}

/** The form's values as config flags; the worker checks them with the run config's schema. */
function flags(): Record<string, unknown> {
  const num = (id: string): number | undefined => ($<HTMLInputElement>(id).value === '' ? undefined : Number($<HTMLInputElement>(id).value));
  return { env: $<HTMLSelectElement>('env').value, agent: $<HTMLSelectElement>('agent').value, seed: num('seed'), steps: num('steps'), numEnvs: num('numEnvs') };
}

function status(): void {
  const parts = [`${run.state}`, `${run.steps.toLocaleString('en-US')} steps`, `${run.episodes} episodes`];
  if (run.lastReturn !== null) parts.push(`last return ${run.lastReturn.toFixed(1)}`);
  if (run.lastEvalReturn !== null) parts.push(`evaluation ${run.lastEvalReturn.toFixed(1)}`);
  if (run.stepsPerSecond !== null) parts.push(`${Math.round(run.stepsPerSecond).toLocaleString('en-US')} steps/s`);
  if (run.backend) parts.push(`backend ${run.backend} (in a Web Worker)`);
  $('status').textContent = parts.join(' · ');
}

function onMessage(m: FromWorker): void {
  switch (m.type) {
    case 'described':
      described(m.envs, m.agents);
      return;
    case 'agentForm':
      formFor = `${m.agent}/${m.env}`;
      form.show(m.schema, m.values);
      return;
    case 'invalid':
      showError(m.message);
      form.mark(m.message);
      finish();
      return;
    case 'started':
      run.backend = m.backend;
      run.config = m.config;
      break;
    case 'episode':
      run.steps = m.step;
      run.episodes = m.episode;
      run.lastReturn = m.return;
      returns.add('return', '#2563eb', m.step, m.return);
      rows.push(`${m.step},${m.episode},${m.return},${m.length}`);
      break;
    case 'update':
      for (const [k, v] of Object.entries(m.metrics)) if (k.startsWith('losses/') && k !== 'losses/q_values') losses.add(k.slice(7), k.includes('value') ? '#dc2626' : '#16a34a', m.step, v);
      break;
    case 'eval':
      run.lastEvalReturn = m.meanReturn;
      run.evaluations.push({ step: m.step, meanReturn: m.meanReturn });
      returns.add('evaluation', '#f59e0b', m.step, m.meanReturn);
      break;
    case 'progress':
      run.steps = m.step;
      run.stepsPerSecond = m.stepsPerSecond;
      break;
    case 'done':
      run.steps = m.step;
      run.stepsPerSecond = m.step / Math.max(m.seconds, 1e-9);
      run.state = m.reason === 'error' ? 'error' : 'done';
      if (m.reason === 'error') showError(m.message ?? 'training failed');
      finish();
      break;
    case 'error':
      showError(m.message);
      finish();
      break;
  }
  status();
}

function finish(): void {
  worker?.terminate();
  worker = newWorker(); // a fresh one, idle, for the form and the next run
  $<HTMLButtonElement>('start').disabled = false;
  $<HTMLButtonElement>('pause').disabled = true;
  $<HTMLButtonElement>('stop').disabled = true;
  const link = $<HTMLAnchorElement>('csv');
  link.href = URL.createObjectURL(new Blob([`${rows.join('\n')}\n`], { type: 'text/csv' }));
  link.hidden = false;
}

function newWorker(): Worker {
  const w = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
  w.onmessage = (e: MessageEvent<FromWorker>) => onMessage(e.data);
  w.onerror = (e) => showError(`the training worker failed: ${e.message}`);
  return w;
}

function start(): void {
  $('errors').textContent = '';
  returns.clear();
  losses.clear();
  rows.splice(1);
  Object.assign(run, { state: 'running', steps: 0, episodes: 0, lastEvalReturn: null, evaluations: [], lastReturn: null, stepsPerSecond: null, config: null, error: null });
  worker ??= newWorker();
  const given = Object.fromEntries(Object.entries(flags()).filter(([, v]) => v !== undefined));
  const f = flags();
  if (formFor === `${f.agent}/${f.env}`) {
    const read = form.read();
    if ('error' in read) {
      showError(read.error);
      return;
    }
    given.agentConfig = read.config;
  }
  const message: ToWorker = { type: 'start', flags: given, backend: $<HTMLSelectElement>('backend').value as 'wasm' | 'cpu' };
  worker.postMessage(message);
  $<HTMLButtonElement>('start').disabled = true;
  $<HTMLButtonElement>('pause').disabled = false;
  $<HTMLButtonElement>('stop').disabled = false;
  status();
}

function togglePause(): void {
  if (!worker) return;
  const pausing = run.state === 'running';
  worker.postMessage({ type: pausing ? 'pause' : 'resume' } satisfies ToWorker);
  run.state = pausing ? 'paused' : 'running';
  $('pause').textContent = pausing ? 'Resume' : 'Pause';
  status();
}

/** With the registries' ids from the worker: fill the form from the URL, and start when it asks. */
function described(envs: string[], agents: string[]): void {
  const url = new URL(location.href);
  const unknown = [...url.searchParams.keys()].filter((k) => !(PARAMS as readonly string[]).includes(k));
  const p = (k: string) => url.searchParams.get(k);
  fill($('env'), envs, p('env') ?? 'CartPole-v1');
  fill($('agent'), agents, p('agent') ?? 'ppo');
  requestForm();
  for (const k of ['seed', 'steps', 'numEnvs'] as const) if (p(k) !== null) $<HTMLInputElement>(k).value = p(k) as string;
  if (p('backend') !== null) $<HTMLSelectElement>('backend').value = p('backend') as string;
  for (const [k, v] of [['env', envs], ['agent', agents], ['backend', ['wasm', 'cpu']]] as const) {
    if (p(k) !== null && !(v as readonly string[]).includes(p(k) as string)) unknown.push(`${k}=${p(k)}`);
  }
  if (unknown.length > 0) {
    showError(`the URL has parameters the playground does not take (or values it does not know): ${unknown.join(', ')}; it takes ${PARAMS.join(', ')}`);
    return;
  }
  if (p('autostart') === '1') start();
}

/** Asks the worker for the chosen agent's schema and the tuned entry's values. */
function requestForm(): void {
  const f = flags();
  worker?.postMessage({ type: 'describeAgent', agent: String(f.agent), env: String(f.env) } satisfies ToWorker);
}

function setUp(): void {
  $('env').addEventListener('change', requestForm);
  $('agent').addEventListener('change', requestForm);
  $('form').addEventListener('submit', (e) => {
    e.preventDefault();
    start();
  });
  $('pause').addEventListener('click', togglePause);
  $('stop').addEventListener('click', () => worker?.postMessage({ type: 'stop' } satisfies ToWorker));
  const draw = () => {
    returns.draw();
    losses.draw();
    requestAnimationFrame(draw);
  };
  requestAnimationFrame(draw);
  worker = newWorker();
  worker.postMessage({ type: 'describe' } satisfies ToWorker);
}

setUp();
