/**
 * `npm run bench:replot`: redraws docs/benchmark/*.svg from the recorded benchmark results
 * (bench/results/rl.json, continuous.json, then the DQN rows' own records, which the README's
 * DQN rows come from), with the charts' current look, without training anything again. The
 * curves are the ones `tfgym benchmark` measured and recorded; where a record keeps each run's
 * evaluations (the DQN rows' do), the pair's curve is drawn again from them, as the benchmark
 * draws it now (a run that stopped at the threshold holds its last evaluation).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CurvePoint } from '../src/runs/plots.js';
import { learningCurveSvg } from '../src/runs/plots.js';
import { curveAcrossSeeds, type RunRecord } from '../src/runs/benchmark_report.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
/** Later records replace earlier ones' plots of the same pair. */
const RECORDS = ['rl', 'continuous', 'rl-dqn-CartPole-v1', 'rl-dqn-MountainCar-v0'];

type Pair = { agent: string; env: string; finished: number; threshold: number | null; curve: CurvePoint[] };
type Run = Pick<RunRecord, 'agent' | 'env' | 'status'> & { curve?: RunRecord['curve'] };
const plots = new Map<string, Pair>();
for (const name of RECORDS) {
  const file = join(ROOT, 'bench', 'results', `${name}.json`);
  if (!existsSync(file)) continue;
  const record = JSON.parse(readFileSync(file, 'utf8')) as { pairs: Pair[]; runs: Run[] };
  for (const p of record.pairs) {
    const runs = record.runs.filter((r) => r.agent === p.agent && r.env === p.env && r.status === 'finished');
    const curve = runs.length > 0 && runs.every((r) => r.curve) ? curveAcrossSeeds(runs as Pick<RunRecord, 'curve'>[]) : p.curve;
    if (curve.length > 0) plots.set(`${p.agent}-${p.env}`, { ...p, curve });
  }
}
for (const [key, p] of plots) {
  const svg = await learningCurveSvg({ title: `${p.agent} on ${p.env}: evaluation return over ${p.finished} seeds (median, min-max band)`, points: p.curve, threshold: p.threshold });
  writeFileSync(join(ROOT, 'docs', 'benchmark', `${key}.svg`), svg);
  console.log(`docs/benchmark/${key}.svg: ${p.curve.length} points`);
}
