/** `tfgym benchmark`: parses the matrix, runs it (src/runs/benchmark.ts) and prints the table. */
import { join, resolve } from 'node:path';
import { InvalidArgumentError, describe } from '../core/errors.js';
import { runBenchmark } from '../runs/benchmark.js';
import { markdownTable } from '../runs/benchmark_report.js';
import { parseBackend } from '../backend/index.js';
import { intOption, readJson, timestamp, type CliIo, type Parsed } from './options.js';
import { redisOption } from './distributed.js';

/** `0-9`, `1,3,5`, `0-2,7`: distinct non-negative integers in the order given. */
export function parseSeeds(text: string): number[] {
  const seeds: number[] = [];
  for (const part of text.split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!m) throw new InvalidArgumentError(`--seeds takes seeds and ranges such as 0-9, 1,3,5 or 0-2,7, got ${describe(text)} (bad part ${describe(part)})`);
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to)) throw new InvalidArgumentError(`--seeds: ${describe(part)} is too large`);
    if (to < from) throw new InvalidArgumentError(`--seeds: the range ${describe(part)} ends before it starts (write ${to}-${from})`);
    for (let s = from; s <= to; s++) if (!seeds.includes(s)) seeds.push(s);
  }
  return seeds;
}

function list(v: Parsed['values'], name: string): string[] {
  const raw = v[name];
  if (typeof raw !== 'string' || raw.trim() === '') throw new InvalidArgumentError(`benchmark needs --agents and --envs (comma-separated lists, e.g. --agents dqn,ppo --envs CartPole-v1,Acrobot-v1) or --pairs dqn/CartPole-v1,ppo/Acrobot-v1; --${name} is missing`);
  const items = raw.split(',').map((s) => s.trim());
  if (items.some((s) => s === '')) throw new InvalidArgumentError(`--${name} has an empty name: ${describe(raw)}`);
  return [...new Set(items)];
}

export async function benchmarkCommand(p: Parsed, io: CliIo): Promise<Record<string, unknown>> {
  const v = p.values;
  let matrix: { pairs: [string, string][] } | { agents: string[]; envs: string[] };
  if (v.pairs !== undefined) {
    if (v.agents !== undefined || v.envs !== undefined) throw new InvalidArgumentError('benchmark takes --pairs, or --agents and --envs, not both');
    matrix = { pairs: list(v, 'pairs').map((p) => {
      const [agent, env, ...rest] = p.split('/');
      if (!agent || !env || rest.length) throw new InvalidArgumentError(`--pairs takes AGENT/ENV items, e.g. dqn/CartPole-v1,ppo/Acrobot-v1, got ${describe(p)}`);
      return [agent, env] as [string, string];
    }) };
  } else {
    matrix = { agents: list(v, 'agents'), envs: list(v, 'envs') };
  }
  const seeds = parseSeeds(typeof v.seeds === 'string' ? v.seeds : '0-9');
  const steps = intOption(v, 'steps');
  if (steps === 0) throw new InvalidArgumentError('--steps must be at least 1, got 0');
  const jobs = intOption(v, 'jobs');
  if (jobs === 0) throw new InvalidArgumentError('--jobs must be at least 1, got 0');
  const testEpisodes = intOption(v, 'test-episodes');
  if (testEpisodes === 0) throw new InvalidArgumentError('--test-episodes must be at least 1, got 0');
  const backend = typeof v.backend === 'string' ? (parseBackend(v.backend, '--backend'), v.backend) : undefined;
  const config = typeof v.config === 'string' ? (readJson(v.config, 'config file') as Record<string, unknown>) : undefined;
  const out = resolve(typeof v.out === 'string' ? v.out : join('runs', `benchmark-${timestamp()}`));
  const report = await runBenchmark({
    ...matrix, seeds, out, print: io.print,
    ...(steps !== undefined ? { steps } : {}), ...(jobs !== undefined ? { jobs } : {}), ...(testEpisodes !== undefined ? { testEpisodes } : {}),
    ...(backend ? { backend } : {}), ...(config ? { config } : {}), ...(v.import ? { imports: v.import as string[] } : {}), ...(io.signal ? { signal: io.signal } : {}),
    ...(typeof v.redis === 'string' ? { redis: redisOption(v.redis, io) } : {}),
  });
  io.print(`\n${markdownTable(report.pairs)}\n`);
  for (const r of report.runs.filter((x) => x.status !== 'finished')) io.print(`${r.id}: ${r.status}: ${r.error}`);
  io.print(`wrote ${report.files.markdown}, ${report.files.json} and ${report.files.plots.length} plots in ${join(out, 'plots')}`);
  const failed = report.runs.filter((r) => r.status !== 'finished').length;
  return {
    out, runs: report.runs.length, finished: report.runs.length - failed, failed, not_started: report.notStarted.length,
    reason: report.notStarted.length || report.runs.some((r) => r.status === 'interrupted') ? 'interrupted' : 'completed',
    pairs: report.pairs.map(({ curve: _curve, ...rest }) => rest), results: report.files.json,
  };
}
