import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lastJson, tfgym } from '../cli/run_cli.js';

const EXAMPLE = new URL('../../examples/custom_agent.ts', import.meta.url).pathname;

describe("a user's agent registered from outside the package (examples/custom_agent.ts)", () => {
  it('is shown in the README as the example has it (its config declaration and registry entry)', () => {
    const squash = (text: string) => text.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('//')).join('\n');
    const source = readFileSync(EXAMPLE, 'utf8');
    const tail = source.slice(source.indexOf("declare module 'tfgym'"));
    expect(squash(readFileSync(new URL('../../README.md', import.meta.url), 'utf8'))).toContain(squash(tail));
  });

  it('trains through the CLI (tfgym train --import FILE --agent cem), learns, and evaluates its best model', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'tfgym-cem-')), 'run');
    const train = await tfgym('train', '--import', EXAMPLE, '--agent', 'cem', '--steps', '6000', '--out', out, '--no-progress', '--json');
    expect(train.code, train.stderr).toBe(0);
    expect(train.stdout).toContain('training cem on CartPole-v1, seed 0, 6,000 steps');
    const summary = lastJson(train.stdout);
    expect(summary).toMatchObject({ agent: 'cem', env: 'CartPole-v1', steps: 6000, reason: 'completed' });
    // A random policy averages about 22 on CartPole; CEM's mean policy does far better by 6,000 steps.
    expect((summary.final_eval as { mean_return: number }).mean_return).toBeGreaterThan(100);
    const evaluated = await tfgym('eval', join(out, 'best'), '--import', EXAMPLE, '--episodes', '3', '--json');
    expect(evaluated.code, evaluated.stderr).toBe(0);
    expect((lastJson(evaluated.stdout).mean_return as number)).toBeGreaterThan(100);
    const forgot = await tfgym('eval', join(out, 'best'));
    expect([forgot.code, forgot.stderr.trim()]).toEqual([1, 'tfgym: unknown agent "cem"; agents: dqn, reinforce, a2c, ppo, sac, td3, ddpg, qtable (a module of yours adds more with registerAgent; the CLI loads it with --import FILE)']);
    // best/ holds one checkpoint and its score; a resume that evaluates worse keeps it.
    expect(readdirSync(join(out, 'best')).sort()).toEqual(['best.json', basename((summary.delivered as { path: string }).path)]);
    const record = JSON.parse(readFileSync(join(out, 'best', 'best.json'), 'utf8')) as { step: number; meanReturn: number; checkpoint: string };
    writeFileSync(join(out, 'best', 'best.json'), JSON.stringify({ ...record, meanReturn: 1e9 })); // a score no evaluation beats
    const resumed = await tfgym('resume', out, '--import', EXAMPLE, '--steps', '7000', '--json', '--no-progress');
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(lastJson(resumed.stdout)).toMatchObject({ steps: 7000, best_eval: { step: record.step, mean_return: 1e9 }, delivered: { path: join(out, 'best', record.checkpoint), step: record.step } });
    expect(readdirSync(join(out, 'best')).sort()).toEqual(['best.json', record.checkpoint]);
    writeFileSync(join(out, 'best', 'best.json'), '{"step": -1}');
    const corrupt = await tfgym('resume', out, '--import', EXAMPLE, '--steps', '7500');
    expect([corrupt.code, corrupt.stderr.trim()]).toEqual([1, `tfgym: best model record ${join(out, 'best', 'best.json')} is corrupt: best.step must be an integer >= 0, got -1`]);
    writeFileSync(join(out, 'best', 'best.json'), JSON.stringify(record));
    // The folder belongs to that run: a second train into it is refused and changes nothing.
    const before = readdirSync(out).sort();
    const config = readFileSync(join(out, 'config.json'), 'utf8');
    const again = await tfgym('train', '--import', EXAMPLE, '--agent', 'cem', '--steps', '500', '--out', out, '--json');
    expect([again.code, again.stderr.trim()]).toEqual([1, `tfgym: run folder ${out} is not empty (${before.slice(0, 6).join(', ')}, … (${before.length} entries)): resume that run with tfgym resume ${out}, choose another --out, or give --overwrite to replace it`]);
    expect([readdirSync(out).sort(), readFileSync(join(out, 'config.json'), 'utf8')]).toEqual([before, config]);
    const replaced = await tfgym('train', '--import', EXAMPLE, '--agent', 'cem', '--steps', '500', '--out', out, '--overwrite', '--json', '--no-progress');
    expect(replaced.code, replaced.stderr).toBe(0);
    expect(readdirSync(join(out, 'checkpoints'))).toEqual(['step-000000500']);
    const missing = await tfgym('train', '--import', join(out, 'nope.ts'));
    expect([missing.code, missing.stderr.trim()]).toEqual([1, `tfgym: --import ${join(out, 'nope.ts')} does not exist`]);
  }, 120_000);
});

describe("the README's custom env from the CLI (examples/custom_env.ts)", () => {
  it('trains DQN on Corridor-v0 with --import, then evaluates its delivered model', async () => {
    const env = new URL('../../examples/custom_env.ts', import.meta.url).pathname;
    const out = join(mkdtempSync(join(tmpdir(), 'tfgym-corridor-')), 'run');
    const config = join(out, '..', 'config.json');
    writeFileSync(config, JSON.stringify({
      agentConfig: { hiddenLayers: [16], learningRate: 1e-3, learningStarts: 200, targetUpdateInterval: 200, trainFrequency: 1, exploration: { kind: 'linear', start: 1, end: 0.05, steps: 1500 } },
      evalEvery: 1000, evalEpisodes: 5,
    }));
    const train = await tfgym('train', '--import', env, '--env', 'Corridor-v0', '--agent', 'dqn', '--config', config, '--steps', '3000', '--out', out, '--no-progress', '--json');
    expect(train.code, train.stderr).toBe(0);
    const delivered = lastJson(train.stdout).delivered as { path: string; mean_return: number };
    // The goal is 7 cells right at most: walking straight there returns at least 1 - 6 x 0.01.
    expect(delivered.mean_return).toBeGreaterThan(0.9);
    const evaluated = await tfgym('eval', delivered.path, '--import', env, '--episodes', '5', '--json');
    expect(evaluated.code, evaluated.stderr).toBe(0);
    expect(lastJson(evaluated.stdout)).toMatchObject({ env: 'Corridor-v0', episodes: 5 });
  }, 120_000);
});
