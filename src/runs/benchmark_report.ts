/**
 * What `tfgym benchmark` writes: results.json (every run and every pair), results.md (one row
 * per pair, read beside RL Baselines3 Zoo's benchmark.md) and plots/AGENT-ENV.svg (evaluation
 * return against env steps: median and min-max band across seeds).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { meanStd } from '../core/stats.js';
import { pairThreshold, tunedEntry, type ZooResult } from './hyperparams.js';
import { writeFileAtomic } from './outputs.js';
import type { PlannedRun } from './benchmark.js';
import { learningCurveSvg, type CurvePoint } from './plots.js';

export type RunOutcome =
  | { run: PlannedRun; status: 'finished'; summary: Record<string, unknown>; skipped: boolean }
  | { run: PlannedRun; status: 'failed' | 'interrupted'; error: string; skipped: boolean };

/** One model's results across seeds. */
export interface ModelStats {
  /** Mean over seeds of each seed's test mean. */
  mean: number;
  /** Standard deviation over seeds of the seeds' test means. */
  std: number;
  /** The lowest seed's test mean, and that seed. */
  worst: number;
  worstSeed: number;
  /** Seeds whose test mean reached the pair's threshold (the env's, else its entry's goal; null without one). */
  atThreshold: number | null;
}

export interface RunRecord {
  id: string;
  agent: string;
  env: string;
  seed: number;
  steps: number;
  status: RunOutcome['status'];
  error: string | null;
  final: { mean: number; std: number } | null;
  delivered: { mean: number; std: number; step: number } | null;
  /** The env step of the first periodic evaluation at the threshold, or null. */
  firstAtThreshold: number | null;
  /** Env steps per second including learning, evaluation time excluded. */
  stepsPerSecond: number | null;
  wallSeconds: number | null;
  curve: { step: number; meanReturn: number }[];
}

export interface PairResult {
  agent: string;
  env: string;
  steps: number;
  threshold: number | null;
  seeds: number;
  finished: number;
  failed: string[];
  final: ModelStats | null;
  delivered: ModelStats | null;
  /** Median over seeds of the first step at the threshold (seeds that never reached it excluded), and how many reached it. */
  firstAtThreshold: { median: number | null; seeds: number };
  stepsPerSecond: number | null;
  zoo: ZooResult | null;
  curve: CurvePoint[];
  plot: string | null;
}

export interface BenchmarkReport {
  runs: RunRecord[];
  pairs: PairResult[];
  /** Runs not started because the benchmark was interrupted. */
  notStarted: string[];
  files: { json: string; markdown: string; plots: string[] };
}

function record(o: RunOutcome): RunRecord {
  const { run } = o;
  const base = { id: run.id, agent: run.agent, env: run.env, seed: run.seed, steps: run.config.steps, status: o.status };
  if (o.status !== 'finished') return { ...base, error: o.error, final: null, delivered: null, firstAtThreshold: null, stepsPerSecond: null, wallSeconds: null, curve: [] };
  const s = o.summary as {
    final_test: { mean_return: number; std_return: number }; delivered: { mean_return: number; std_return: number; step: number };
    evaluations: { step: number; mean_return: number }[]; training_steps_per_second: number; wall_seconds: number;
  };
  const threshold = pairThreshold(run.agent, run.env);
  const curve = s.evaluations.map((e) => ({ step: e.step, meanReturn: e.mean_return }));
  return {
    ...base, error: null,
    final: { mean: s.final_test.mean_return, std: s.final_test.std_return },
    delivered: { mean: s.delivered.mean_return, std: s.delivered.std_return, step: s.delivered.step },
    firstAtThreshold: threshold === null ? null : (curve.find((e) => e.meanReturn >= threshold)?.step ?? null),
    stepsPerSecond: s.training_steps_per_second, wallSeconds: s.wall_seconds, curve,
  };
}

function modelStats(runs: RunRecord[], pick: (r: RunRecord) => number, threshold: number | null): ModelStats | null {
  if (runs.length === 0) return null;
  const values = runs.map(pick);
  const { mean, std } = meanStd(values);
  const worstAt = values.indexOf(Math.min(...values));
  return { mean, std, worst: values[worstAt] as number, worstSeed: (runs[worstAt] as RunRecord).seed, atThreshold: threshold === null ? null : values.filter((v) => v >= threshold).length };
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/**
 * Median and min-max over seeds of the k-th evaluation, at the median step of the seeds still
 * training (a vector env evaluates a few steps apart from seed to seed). A run that ended sooner
 * (it stopped at the threshold) holds its last evaluation: its model no longer changes, and
 * cutting every seed's curve at the shortest run's would hide the others' training.
 */
export function curveAcrossSeeds(runs: readonly Pick<RunRecord, 'curve'>[]): CurvePoint[] {
  const curves = runs.map((r) => r.curve).filter((c) => c.length > 0);
  if (curves.length === 0) return [];
  const count = Math.max(...curves.map((c) => c.length));
  return Array.from({ length: count }, (_, k) => {
    const values = curves.map((c) => (c[Math.min(k, c.length - 1)] as { meanReturn: number }).meanReturn);
    const step = median(curves.filter((c) => k < c.length).map((c) => (c[k] as { step: number }).step)) as number;
    return { step: Math.round(step), median: median(values) as number, min: Math.min(...values), max: Math.max(...values) };
  });
}

function pairResult(agent: string, env: string, records: RunRecord[]): Omit<PairResult, 'plot'> {
  const threshold = pairThreshold(agent, env);
  const done = records.filter((r) => r.status === 'finished');
  const reached = done.map((r) => r.firstAtThreshold).filter((s): s is number => s !== null);
  return {
    agent, env, steps: (records[0] as RunRecord).steps, threshold, seeds: records.length, finished: done.length,
    failed: records.filter((r) => r.status !== 'finished').map((r) => r.id),
    final: modelStats(done, (r) => (r.final as { mean: number }).mean, threshold),
    delivered: modelStats(done, (r) => (r.delivered as { mean: number }).mean, threshold),
    firstAtThreshold: { median: median(reached), seeds: reached.length },
    stepsPerSecond: done.length ? meanStd(done.map((r) => r.stepsPerSecond as number)).mean : null,
    zoo: tunedEntry(agent, env)?.zoo ?? null,
    curve: curveAcrossSeeds(done),
  };
}

const num = (v: number, digits = 1): string => v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const count = (n: number | null, of: number): string => (n === null ? '-' : `${n}/${of}`);

/** The Markdown table of the pairs. */
export function markdownTable(pairs: readonly PairResult[]): string {
  const head = ['pair', 'steps', 'seeds', 'delivered (best/)', 'worst seed', 'final model', 'worst seed', 'threshold', 'seeds >= threshold (delivered / final)', 'first eval >= threshold (median steps)', 'env steps/s', 'RL Zoo (one run)'];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map((_, i) => (i === 0 ? ':--' : '--:')).join('|')}|`];
  for (const p of pairs) {
    const model = (m: ModelStats | null) => (m ? `${num(m.mean)} ± ${num(m.std)}` : '-');
    const worst = (m: ModelStats | null) => (m ? `${num(m.worst)} (seed ${m.worstSeed})` : '-');
    lines.push(`| ${[
      `${p.agent} ${p.env}`, p.steps.toLocaleString('en-US'), p.failed.length ? `${p.finished} (failed: ${p.failed.length})` : String(p.seeds),
      model(p.delivered), worst(p.delivered), model(p.final), worst(p.final), p.threshold === null ? '-' : String(p.threshold),
      `${count(p.delivered?.atThreshold ?? null, p.finished)} / ${count(p.final?.atThreshold ?? null, p.finished)}`,
      p.firstAtThreshold.median === null ? '-' : `${Math.round(p.firstAtThreshold.median).toLocaleString('en-US')} (${p.firstAtThreshold.seeds}/${p.finished})`,
      p.stepsPerSecond === null ? '-' : Math.round(p.stepsPerSecond).toLocaleString('en-US'),
      p.zoo ? `${num(p.zoo.mean)} ± ${num(p.zoo.std)} at ${p.zoo.steps.toLocaleString('en-US')}` : '-',
    ].join(' | ')} |`);
  }
  return lines.join('\n');
}

/** Writes results.json, results.md and the plots; returns what it wrote. */
export async function writeBenchmarkReport(out: string, outcomes: readonly RunOutcome[], notStarted: readonly PlannedRun[]): Promise<BenchmarkReport> {
  const runs = outcomes.map(record);
  const pairs: PairResult[] = [];
  const plotsDir = join(out, 'plots');
  mkdirSync(plotsDir, { recursive: true });
  const plots: string[] = [];
  const keys = [...new Set(runs.map((r) => `${r.agent}\u0000${r.env}`))];
  for (const key of keys) {
    const [agent, env] = key.split('\u0000') as [string, string];
    const p = pairResult(agent, env, runs.filter((r) => r.agent === agent && r.env === env));
    let plot: string | null = null;
    if (p.curve.length > 0) {
      plot = join(plotsDir, `${agent}-${env}.svg`);
      writeFileAtomic(plot, await learningCurveSvg({ title: `${agent} on ${env}: evaluation return over ${p.finished} seeds (median, min-max band)`, points: p.curve, threshold: p.threshold }));
      plots.push(plot);
    }
    pairs.push({ ...p, plot });
  }
  const failed = runs.filter((r) => r.status !== 'finished');
  const md = [
    '# tfgym benchmark',
    '',
    'Greedy returns over fresh test episodes (seeds no periodic evaluation used), mean ± std across seeds of each seed\'s mean;',
    'the delivered model is the run\'s `best/` (its best periodic evaluation), the final model is the one training ended with.',
    'The envs are bit-exact to Gymnasium\'s, so the RL Zoo column (benchmark.md: one run of SB3, deterministic policy) is comparable.',
    '',
    markdownTable(pairs),
    ...(failed.length ? ['', 'Runs that did not finish:', ...failed.map((r) => `- ${r.id}: ${r.status}: ${r.error}`)] : []),
    ...(notStarted.length ? ['', `Not started (interrupted): ${notStarted.map((r) => r.id).join(', ')}`] : []),
    '',
  ].join('\n');
  const json = join(out, 'results.json');
  const markdown = join(out, 'results.md');
  writeFileAtomic(markdown, md);
  const report: BenchmarkReport = { runs, pairs, notStarted: notStarted.map((r) => r.id), files: { json, markdown, plots } };
  writeFileAtomic(json, `${JSON.stringify({ date: new Date().toISOString(), ...report }, null, 2)}\n`);
  return report;
}
