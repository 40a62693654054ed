/**
 * `tfgym benchmark` end to end: runs in child processes, resumed, one killed, bad input refused.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { CHART_COLORS } from '../../src/render/chart_style.js';
import { InvalidArgumentError } from '../../src/core/errors.js';
import { parseSeeds } from '../../src/cli/benchmark.js';
import { finishedSummary, planBenchmark, runBenchmark } from '../../src/runs/benchmark.js';
import { writeBenchmarkReport } from '../../src/runs/benchmark_report.js';
import { tunedEntry } from '../../src/runs/hyperparams.js';
import { lastJson, tfgym } from '../cli/run_cli.js';

const folder = () => mkdtempSync(join(tmpdir(), 'tfgym-bench-'));
const quiet = () => undefined;

describe('tfgym benchmark', () => {
  it('runs a 2-seed matrix end to end, writes the table, JSON and plots, and skips finished runs when run again', async () => {
    const dir = folder();
    const out = join(dir, 'b');
    // A small network over the tuned entry (--config), to keep the test short.
    writeFileSync(join(dir, 'small.json'), JSON.stringify({ agentConfig: { hiddenLayers: [32, 32] } }));
    const args = ['benchmark', '--agents', 'dqn', '--envs', 'CartPole-v1', '--seeds', '0-1', '--steps', '2000', '--test-episodes', '5', '--jobs', '2', '--out', out, '--config', join(dir, 'small.json'), '--json'];
    const first = await tfgym(...args);
    expect(first.code, first.stderr).toBe(0);
    const summary = lastJson(first.stdout);
    expect(summary).toMatchObject({ out, runs: 2, finished: 2, failed: 0, reason: 'completed' });
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as {
      runs: { id: string; status: string; final: { mean: number }; delivered: { mean: number }; stepsPerSecond: number; curve: unknown[] }[];
      pairs: { agent: string; env: string; seeds: number; finished: number; threshold: number; delivered: { mean: number; worst: number; worstSeed: number }; zoo: { mean: number } }[];
    };
    expect(results.runs.map((r) => [r.id, r.status])).toEqual([['dqn-CartPole-v1-s0', 'finished'], ['dqn-CartPole-v1-s1', 'finished']]);
    // Each run's numbers are those its own summary.json reports.
    for (const r of results.runs) {
      expect(JSON.parse(readFileSync(join(out, 'runs', r.id, 'config.json'), 'utf8')).agentConfig).toMatchObject({ hiddenLayers: [32, 32], batchSize: 64 });
      const s = JSON.parse(readFileSync(join(out, 'runs', r.id, 'summary.json'), 'utf8'));
      expect([r.final.mean, r.delivered.mean, r.stepsPerSecond]).toEqual([s.final_test.mean_return, s.delivered.mean_return, s.training_steps_per_second]);
      expect(s.final_test.episodes).toBe(5);
    }
    const pair = results.pairs[0];
    if (!pair) throw new Error('no pair');
    const means = results.runs.map((r) => r.delivered.mean);
    expect(pair).toMatchObject({ agent: 'dqn', env: 'CartPole-v1', seeds: 2, finished: 2, threshold: 475, zoo: { mean: 500 } });
    expect(pair.delivered.mean).toBeCloseTo((means[0]! + means[1]!) / 2, 9);
    expect(pair.delivered.worst).toBe(Math.min(...means));
    const md = readFileSync(join(out, 'results.md'), 'utf8');
    expect(md).toMatch(/\| dqn CartPole-v1 \| 2,000 \| 2 \| [-\d.,]+ ± [\d.,]+ \| [-\d.,]+ \(seed [01]\) \|/);
    expect(md).toContain('500.0 ± 0.0 at 50,000');
    const svg = join(out, 'plots', 'dqn-CartPole-v1.svg');
    const meta = await sharp(readFileSync(svg)).metadata(); // a real SVG parser (librsvg)
    expect([meta.format, meta.width! > 300]).toEqual(['svg', true]);
    // The live charts' look: the evaluation colour, the same axis title.
    const text = readFileSync(svg, 'utf8');
    expect(text).toContain(`stroke="${CHART_COLORS.evaluation}"`);
    expect(text).toMatch(/>env steps</);

    const logs = ['s0', 's1'].map((s) => statSync(join(out, 'logs', `dqn-CartPole-v1-${s}.log`)).mtimeMs);
    // A folder written before config keys were added (they take their defaults) is the same benchmark.
    const older = join(out, 'configs', 'dqn-CartPole-v1-s0.json');
    const { videoEvery: _v, pixels: _p, ...withoutNewKeys } = JSON.parse(readFileSync(older, 'utf8')) as Record<string, unknown>;
    writeFileSync(older, JSON.stringify(withoutNewKeys));
    const again = await tfgym(...args);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('benchmark: 2 runs (2 finished before, skipped), 0 to train');
    expect(['s0', 's1'].map((s) => statSync(join(out, 'logs', `dqn-CartPole-v1-${s}.log`)).mtimeMs)).toEqual(logs);
    expect(lastJson(again.stdout).pairs).toEqual(summary.pairs);
  });

  it('counts a run stopped at its threshold as finished, and an interrupted or failed one as not', () => {
    const dir = folder();
    const tested = { final_test: { episodes: 5 }, delivered: { mean_return: 93 } };
    const cases = { completed: true, stopped: true, interrupted: false, error: false } as const;
    for (const [reason, finished] of Object.entries(cases)) {
      const run = join(dir, reason);
      mkdirSync(run);
      writeFileSync(join(run, 'summary.json'), JSON.stringify({ reason, ...tested }));
      expect(finishedSummary(run) !== null, reason).toBe(finished);
    }
    expect(finishedSummary(join(dir, 'missing'))).toBeNull();
  });

  it('reports a killed run and completes the others; the next run trains only the killed one', async () => {
    const out = join(folder(), 'b');
    const options = { agents: ['a2c'], envs: ['CartPole-v1'], seeds: [0, 1, 2], steps: 1000, testEpisodes: 3, jobs: 2, out, print: quiet };
    const report = await runBenchmark({ ...options, onSpawn: (run, child) => void (run.seed === 1 && setTimeout(() => child.kill('SIGKILL'), 300)) });
    expect(report.runs.map((r) => [r.seed, r.status])).toEqual([[0, 'finished'], [1, 'failed'], [2, 'finished']]);
    expect(report.runs[1]!.error).toMatch(/^killed by SIGKILL/);
    expect(report.pairs[0]).toMatchObject({ seeds: 3, finished: 2, failed: ['a2c-CartPole-v1-s1'] });
    expect(readFileSync(join(out, 'results.md'), 'utf8')).toContain('- a2c-CartPole-v1-s1: failed: killed by SIGKILL');
    const lines: string[] = [];
    const second = await runBenchmark({ ...options, print: (l) => void lines.push(l) });
    expect(lines[0]).toMatch(/^benchmark: 3 runs \(2 finished before, skipped\), 1 to train/);
    expect(second.runs.map((r) => r.status)).toEqual(['finished', 'finished', 'finished']);
  });

  it('refuses bad input with messages that name the value, and overwrites nothing', async () => {
    expect(parseSeeds('0-2,7,1')).toEqual([0, 1, 2, 7]);
    expect(() => parseSeeds('5-2')).toThrow(new InvalidArgumentError('--seeds: the range "5-2" ends before it starts (write 2-5)'));
    expect(() => parseSeeds('x')).toThrow(new InvalidArgumentError('--seeds takes seeds and ranges such as 0-9, 1,3,5 or 0-2,7, got "x" (bad part "x")'));
    expect(() => parseSeeds('1,,2')).toThrow(/bad part ""/);
    const plan = { seeds: [0], testEpisodes: 5 };
    expect(() => planBenchmark({ ...plan, agents: ['dqnn'], envs: ['CartPole-v1'] })).toThrow(/^unknown agent "dqnn"/);
    expect(() => planBenchmark({ ...plan, agents: ['dqn'], envs: ['CartPole-v9'] })).toThrow(/CartPole-v9/);
    expect(() => planBenchmark({ ...plan, agents: ['dqn'], envs: ['Pendulum-v1'] })).toThrow(/^agent dqn needs a Box observation space and a Discrete action space; Pendulum-v1 has/);
    expect(() => planBenchmark({ ...plan, agents: ['reinforce'], envs: ['CartPole-v1'] })).toThrow(new InvalidArgumentError(
      'benchmark: reinforce/CartPole-v1 has no tuned entry and so no step budget; give --steps N (tfgym hyperparams lists the entries)',
    ));
    expect(planBenchmark({ ...plan, agents: ['reinforce'], envs: ['CartPole-v1'], steps: 500 })[0]?.config.steps).toBe(500);
    // --config: keys over each pair's entry, agentConfig merged key by key.
    const [run] = planBenchmark({ ...plan, pairs: [['dqn', 'CartPole-v1']], config: { evalEvery: 1000, agentConfig: { batchSize: 32 } } });
    expect([run?.config.evalEvery, run?.config.agentConfig]).toEqual([1000, { ...tunedEntry('dqn', 'CartPole-v1')?.config.agentConfig, batchSize: 32 }]);
    expect(() => planBenchmark({ ...plan, pairs: [['dqn', 'CartPole-v1']], agents: ['dqn'] })).toThrow('benchmark takes pairs, or agents and envs, not both');

    // A folder with another benchmark's runs (another budget), or with something else.
    const out = join(folder(), 'b');
    await runBenchmark({ agents: ['a2c'], envs: ['CartPole-v1'], seeds: [0], steps: 600, testEpisodes: 2, out, print: quiet });
    const config = readFileSync(join(out, 'configs', 'a2c-CartPole-v1-s0.json'), 'utf8');
    const results = readFileSync(join(out, 'results.json'), 'utf8');
    await expect(runBenchmark({ agents: ['a2c'], envs: ['CartPole-v1'], seeds: [0], steps: 700, testEpisodes: 2, out, print: quiet })).rejects.toThrow(
      `benchmark --out ${out} holds another benchmark's run a2c-CartPole-v1-s0: its steps was 600, this benchmark asks 700; give another --out (nothing was changed)`,
    );
    expect([readFileSync(join(out, 'configs', 'a2c-CartPole-v1-s0.json'), 'utf8'), readFileSync(join(out, 'results.json'), 'utf8')]).toEqual([config, results]);
    const other = join(folder(), 'mine');
    mkdirSync(other);
    writeFileSync(join(other, 'notes.txt'), 'keep me');
    await expect(runBenchmark({ agents: ['a2c'], envs: ['CartPole-v1'], seeds: [0], steps: 600, out: other, print: quiet })).rejects.toThrow(/is not empty and holds no tfgym benchmark \(no benchmark\.json\)/);
    expect(existsSync(join(other, 'configs'))).toBe(false);
    const cli = await tfgym('benchmark', '--agents', 'dqn', '--envs', 'CartPole-v1', '--seeds', '3-1');
    expect([cli.code, cli.stderr.trim()]).toEqual([1, 'tfgym: --seeds: the range "3-1" ends before it starts (write 1-3)']);
  });
});

describe('benchmark report', () => {
  it('aligns the k-th evaluations of seeds evaluated a few steps apart, holds the last one of a seed that stopped, and counts seeds at the threshold', async () => {
    const out = folder();
    const planned = planBenchmark({ pairs: [['ppo', 'Pendulum-v1']], seeds: [0, 1, 2], testEpisodes: 5 });
    const summary = (evals: [number, number][], final: number, delivered: number) => ({
      final_test: { mean_return: final, std_return: 1 }, delivered: { mean_return: delivered, std_return: 1, step: 10 },
      evaluations: evals.map(([step, mean_return]) => ({ step, mean_return })), training_steps_per_second: 100, wall_seconds: 1,
    });
    const outcomes = [
      { run: planned[0]!, status: 'finished' as const, skipped: false, summary: summary([[10_112, -900], [20_224, -300], [30_000, -150]], -150, -150) },
      { run: planned[1]!, status: 'finished' as const, skipped: false, summary: summary([[10_240, -700], [20_480, -180]], -250, -180) },
      { run: planned[2]!, status: 'failed' as const, skipped: false, error: 'exited with code 1' },
    ];
    const report = await writeBenchmarkReport(out, outcomes, []);
    const pair = report.pairs[0]!;
    // Seed 1 stopped after two evaluations: it holds -180 where seed 0 trains on to 30,000 steps.
    expect(pair.curve).toEqual([{ step: 10_176, median: -800, min: -900, max: -700 }, { step: 20_352, median: -240, min: -300, max: -180 }, { step: 30_000, median: -165, min: -180, max: -150 }]);
    // Pendulum has no reward threshold in Gymnasium: its entry's goal (-200) stands in.
    expect([pair.threshold, pair.final?.atThreshold, pair.delivered?.atThreshold, pair.final?.worst, pair.final?.worstSeed]).toEqual([-200, 1, 2, -250, 1]);
    expect(pair.firstAtThreshold).toEqual({ median: 25_240, seeds: 2 });
    expect([pair.finished, pair.failed]).toEqual([2, ['ppo-Pendulum-v1-s2']]);
  });
});
