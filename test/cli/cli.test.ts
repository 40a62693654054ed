/**
 * The tfgym command end to end, as a user runs it: `node bin/tfgym.js ...` in a child process.
 */
import { appendFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, lastJson, tfgym } from './run_cli.js';

describe('tfgym CLI', () => {
  it('trains, writes a run folder, resumes, and evaluates with --json summaries', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'tfgym-cli-')), 'run');
    const config = join(out, '..', 'config.json');
    writeFileSync(config, JSON.stringify({ agentConfig: { hiddenLayers: [16], learningStarts: 200 }, evalEvery: 1000, evalEpisodes: 2, checkpointEvery: 1000 }));
    const train = await tfgym('train', '--env', 'CartPole-v1', '--config', config, '--steps', '2500', '--seed', '3', '--out', out, '--json', '--no-progress');
    expect(train.code, train.stderr).toBe(0);
    expect(train.stdout).toContain('tensor backend: wasm');
    expect(train.stdout).toContain('hyperparameters: entry dqn/CartPole-v1 (');
    const summary = lastJson(train.stdout);
    expect(summary).toMatchObject({ run_dir: out, env: 'CartPole-v1', agent: 'dqn', seed: 3, steps: 2500, reason: 'completed' });
    expect(summary.steps_per_second).toBeGreaterThan(0);
    expect((summary.final_eval as { episodes: number }).episodes).toBe(2);
    for (const f of ['config.json', 'metrics.jsonl', 'metrics.csv', 'eval.json', 'summary.json']) expect(existsSync(join(out, f)), f).toBe(true);
    expect(readdirSync(join(out, 'tb'))[0]).toMatch(/^events\.out\.tfevents\./);
    // The delivered model is RUN/best, tested on 100 fresh episodes; summary.json is the --json summary.
    const delivered = summary.delivered as { path: string; episodes: number; mean_return: number; step: number };
    expect([delivered.path, delivered.episodes]).toEqual([join(out, 'best', 'step-' + String(delivered.step).padStart(9, '0')), 100]);
    expect(train.stdout).toContain(`delivered model: ${delivered.path} (step ${delivered.step.toLocaleString('en-US')}): mean return ${delivered.mean_return.toFixed(2)}`);
    expect(train.stdout).toContain(`next: tfgym eval ${delivered.path}   tfgym watch ${delivered.path}   tensorboard --logdir ${join(out, 'tb')}`);
    expect(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'))).toEqual(summary);
    const again = await tfgym('eval', delivered.path, '--episodes', '100', '--seed', '1000000000', '--json');
    expect(lastJson(again.stdout).mean_return).toBeCloseTo(delivered.mean_return, 9);
    expect(readdirSync(join(out, 'checkpoints')).length).toBeGreaterThan(0);

    // As if the run had been killed after logging past its last checkpoint (step 2,500).
    appendFileSync(join(out, 'metrics.jsonl'), '{"step":2900,"charts/episodic_return":1}\n');
    appendFileSync(join(out, 'metrics.csv'), '2900,charts/episodic_return,1\n');
    const resumed = await tfgym('resume', out, '--steps', '3000', '--json', '--no-progress');
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(lastJson(resumed.stdout)).toMatchObject({ steps: 3000, reason: 'completed' });
    // The logs stay well-formed across the resume: one CSV header, steps never going backwards.
    const csv = readFileSync(join(out, 'metrics.csv'), 'utf8').trim().split('\n');
    expect(csv.filter((l) => l === 'step,name,value')).toHaveLength(1);
    expect(csv[0]).toBe('step,name,value');
    const steps = readFileSync(join(out, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { step: number }).step);
    expect(steps).toEqual([...steps].sort((a, b) => a - b));
    expect(csv.slice(1).map((l) => Number(l.split(',')[0]))).toEqual(csv.slice(1).map((l) => Number(l.split(',')[0])).sort((a, b) => a - b));
    // Resuming a finished run trains nothing and leaves its files alone.
    const rows = readFileSync(join(out, 'metrics.jsonl'), 'utf8');
    const done = await tfgym('resume', out, '--json');
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toContain(`${out} is complete: its newest checkpoint is at step 3,000 of 2,500; give --steps N to train further`);
    expect(lastJson(done.stdout)).toEqual(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')));
    expect(readFileSync(join(out, 'metrics.jsonl'), 'utf8')).toBe(rows);

    const evaluated = await tfgym('eval', out, '--episodes', '3', '--json');
    expect(evaluated.code, evaluated.stderr).toBe(0);
    const ev = lastJson(evaluated.stdout);
    expect(Object.keys(ev).sort()).toEqual(['env', 'episodes', 'mean_return', 'returns', 'std_return']);
    expect(ev).toMatchObject({ env: 'CartPole-v1', episodes: 3 });
    expect((ev.returns as number[]).reduce((a, b) => a + b, 0) / 3).toBeCloseTo(ev.mean_return as number, 9);

    const watched = await tfgym('watch', out, '--episodes', '1', '--json');
    expect(watched.code, watched.stderr).toBe(0);
    expect(watched.stdout).toMatch(/viewer: http:\/\/127\.0\.0\.1:\d+\//);
    expect(lastJson(watched.stdout)).toMatchObject({ env: 'CartPole-v1', episodes: 1 });

    // A checkpoint from another env is refused, and the run's files are left alone.
    const cfg = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8'));
    writeFileSync(join(out, 'config.json'), JSON.stringify({ ...cfg, env: 'Acrobot-v1' }));
    const mismatched = await tfgym('resume', out);
    expect(mismatched.code).toBe(1);
    expect(mismatched.stderr.trim()).toMatch(/^tfgym: checkpoint .*step-000003000 is for CartPole-v1, but the run config says Acrobot-v1$/);
    writeFileSync(join(out, 'config.json'), JSON.stringify(cfg));

    // A corrupt checkpoint is reported and left as it is.
    const ckpt = join(out, 'checkpoints', readdirSync(join(out, 'checkpoints')).at(-1)!);
    writeFileSync(join(ckpt, 'arrays.bin'), 'garbage');
    const broken = await tfgym('eval', ckpt);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/^tfgym: checkpoint .* is corrupt: arrays.bin has 7 bytes, meta.json says \d+/m);
    expect(readFileSync(join(ckpt, 'arrays.bin'), 'utf8')).toBe('garbage');
  }, 120_000);

  it('trains tabular Q-learning on the delayed-reward game and prints its table', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'tfgym-cli-')), 'qt');
    const r = await tfgym('train', '--env', 'tutorial/DelayedReward-v0', '--agent', 'qtable', '--steps', '20000', '--out', out, '--json', '--no-progress');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Q-table \(\* marks the greedy action\):\nstate\s+a=0\s+a=1\n\s+0\s+[\d.]+\*/);
    expect(lastJson(r.stdout)).toMatchObject({ agent: 'qtable', final_eval: { mean_return: 1960 } });
  }, 60_000);

  it('trains A2C on vector envs and evaluates its best model', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'tfgym-cli-')), 'a2c');
    const r = await tfgym('train', '--env', 'CartPole-v1', '--agent', 'a2c', '--steps', '4000', '--out', out, '--json', '--no-progress');
    expect(r.code, r.stderr).toBe(0);
    expect(lastJson(r.stdout)).toMatchObject({ agent: 'a2c', steps: 4000, reason: 'completed' });
    const e = await tfgym('eval', join(out, 'best'), '--episodes', '2', '--json');
    expect(lastJson(e.stdout)).toMatchObject({ env: 'CartPole-v1', episodes: 2 });
  }, 60_000);

  it('trains PPO on Pendulum (a Gaussian policy, scaled rewards, unscaled reports), resumes and evaluates it', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'tfgym-cli-')), 'ppo');
    const config = join(out, '..', 'config.json');
    writeFileSync(config, JSON.stringify({ numEnvs: 2, normalizeReward: true, checkpointEvery: 400, evalEvery: 0, evalEpisodes: 1, agentConfig: { nSteps: 64, epochs: 1 } }));
    const r = await tfgym('train', '--env', 'Pendulum-v1', '--agent', 'ppo', '--config', config, '--steps', '800', '--out', out, '--json', '--no-progress');
    expect(r.code, r.stderr).toBe(0);
    expect(lastJson(r.stdout)).toMatchObject({ agent: 'ppo', steps: 800, reason: 'completed' });
    // Logged returns are Pendulum's own (about -1000 to -1800 per 200-step episode), not the scaled ones.
    const log = readFileSync(join(out, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, number>);
    const raw = log.map((l) => l['charts/raw_episodic_return']).filter((v): v is number => typeof v === 'number');
    expect(raw.length).toBeGreaterThan(0);
    expect(Math.max(...raw)).toBeLessThan(-100);
    const resumed = await tfgym('resume', out, '--steps', '1200', '--json', '--no-progress');
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain('(step 800, taken mid-episode: a new episode starts)');
    expect(lastJson(resumed.stdout)).toMatchObject({ steps: 1200, reason: 'completed' });
    const e = await tfgym('eval', out, '--episodes', '1', '--json');
    expect(e.code, e.stderr).toBe(0);
    expect(lastJson(e.stdout).mean_return as number).toBeLessThan(0);
  }, 120_000);

  it.each(['sac', 'td3', 'ddpg'])('trains %s on Pendulum, resumes and evaluates it', async (agent) => {
    const out = join(mkdtempSync(join(tmpdir(), 'tfgym-cli-')), agent);
    const config = join(out, '..', 'config.json');
    writeFileSync(config, JSON.stringify({ checkpointEvery: 300, evalEvery: 300, evalEpisodes: 1, testEpisodes: 2, agentConfig: { hiddenLayers: [16], batchSize: 16, bufferSize: 2_000, learningStarts: 100 } }));
    const r = await tfgym('train', '--env', 'Pendulum-v1', '--agent', agent, '--config', config, '--steps', '300', '--out', out, '--json', '--no-progress');
    expect(r.code, r.stderr).toBe(0);
    expect(lastJson(r.stdout)).toMatchObject({ agent, steps: 300, reason: 'completed' });
    const log = readFileSync(join(out, 'metrics.jsonl'), 'utf8');
    expect(log).toContain('losses/critic_loss');
    expect(log).toContain('losses/actor_loss');
    if (agent === 'sac') expect(log).toContain('charts/ent_coef');
    const resumed = await tfgym('resume', out, '--steps', '400', '--json', '--no-progress');
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(lastJson(resumed.stdout)).toMatchObject({ steps: 400, reason: 'completed' });
    const e = await tfgym('eval', out, '--episodes', '1', '--json');
    expect(e.code, e.stderr).toBe(0);
    expect(lastJson(e.stdout).mean_return as number).toBeLessThan(0);
    const wrong = await tfgym('train', '--env', 'CartPole-v1', '--agent', agent, '--json');
    expect(wrong.code).toBe(1);
    expect(wrong.stderr.trim()).toMatch(new RegExp(`^tfgym: agent ${agent} needs a Box observation space and a Box action space; CartPole-v1 has observation space Box\\(.*\\) and action space Discrete\\(2\\)$`));
  }, 120_000);

  it('records videos: train --video-every (GIFs in RUN/videos, filmstrips in TensorBoard) and eval --video', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tfgym-cli-'));
    const out = join(dir, 'run');
    const config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ evalEvery: 0, evalEpisodes: 1, testEpisodes: 1, checkpointEvery: 600, agentConfig: { hiddenLayers: [8], learningStarts: 100, batchSize: 8 } }));
    const r = await tfgym('train', '--env', 'CartPole-v1', '--agent', 'dqn', '--config', config, '--steps', '600', '--video-every', '250', '--out', out, '--json', '--no-progress');
    expect(r.code, r.stderr).toBe(0);
    const videos = readdirSync(join(out, 'videos')).sort();
    expect(videos.length).toBe(2);
    expect(videos.every((v) => /^step-\d+\.gif$/.test(v))).toBe(true);
    expect(readFileSync(join(out, 'videos', videos[0] as string)).subarray(0, 6).toString()).toBe('GIF89a');
    const tb = readdirSync(join(out, 'tb')).map((f) => readFileSync(join(out, 'tb', f)).toString('latin1')).join('');
    expect(tb).toContain('videos/episode');
    const gif = join(dir, 'eval.gif');
    const e = await tfgym('eval', out, '--video', gif, '--episodes', '2', '--json');
    expect(e.code, e.stderr).toBe(0);
    const summary = lastJson(e.stdout);
    expect(summary).toMatchObject({ episodes: 2, video: gif });
    expect(summary.frames).toBe((summary.mean_return as number) * 2 + 2); // CartPole: one frame per step (reward 1) plus each reset's
    const bad = await tfgym('eval', out, '--video', join(dir, 'eval.avi'));
    expect([bad.code, bad.stderr.trim()]).toEqual([1, `tfgym: video file "${join(dir, 'eval.avi')}": unknown extension ".avi"; use .gif or .mp4`]);
    const table = await tfgym('train', '--env', 'tutorial/RewardTable-v0', '--agent', 'qtable', '--video-every', '10', '--steps', '20', '--out', join(dir, 'table'), '--json');
    expect(table.code, table.stderr).toBe(0);
    expect(readdirSync(join(dir, 'table', 'videos'))).toEqual(['step-12.gif']); // the first episode end past step 10
  }, 120_000);

  it('lists envs, prints help, and rejects bad input with the rule and the value', async () => {
    const list = await tfgym('list-envs', '--json');
    expect((lastJson(list.stdout).envs as { id: string }[]).map((e) => e.id)).toContain('MountainCar-v0');
    const help = await tfgym('--help');
    expect(help.stdout).toContain('tfgym train [--preset NAME]');
    const dir = mkdtempSync(join(tmpdir(), 'tfgym-cli-'));
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ agentConfig: { learningRate: -1 } }));
    const r1 = await tfgym('train', '--config', bad, '--out', join(dir, 'r'));
    expect([r1.code, r1.stderr.trim()]).toEqual([1, 'tfgym: dqn.learningRate must be a number > 0 and <= 1, got -1']);
    const r2 = await tfgym('train', '--env', 'MountainCar-v9', '--json');
    expect(r2.stderr.trim()).toBe("tfgym: Environment MountainCar-v9 doesn't exist; registered versions of MountainCar: MountainCar-v0");
    expect(lastJson(r2.stdout)).toEqual({ error: "Environment MountainCar-v9 doesn't exist; registered versions of MountainCar: MountainCar-v0" });
    const r3 = await tfgym('train', '--steps', 'many');
    expect(r3.stderr.trim()).toBe('tfgym: --steps must be a non-negative integer, got "many"');
    const r4 = await tfgym('train', '--backend', 'tpu');
    expect(r4.stderr.trim()).toBe('tfgym: --backend must be one of auto, node-gpu, node, webgl, wasm, cpu, got "tpu"');
    const r6 = await tfgym('eval', 'runs/x', '--steps', '5');
    expect([r6.code, r6.stderr.split('\n')[0]]).toEqual([2, 'tfgym: eval takes no option --steps; it takes --json, --help, --import, --backend, --episodes, --seed, --video']);
    expect(r6.stderr).toContain('tfgym eval CHECKPOINT [--episodes N]');
    const evalHelp = await tfgym('eval', '--help');
    expect([evalHelp.code, evalHelp.stdout.includes('tfgym eval CHECKPOINT'), evalHelp.stdout.includes('tfgym train [')]).toEqual([0, true, false]);
    const agents = await tfgym('list-agents', '--json');
    expect((lastJson(agents.stdout).agents as { kind: string; loop: string }[]).map((a) => `${a.kind}:${a.loop}`)).toEqual(['dqn:single', 'reinforce:single', 'a2c:vector', 'ppo:vector', 'sac:single', 'td3:single', 'ddpg:single', 'qtable:single']);
    const r7 = await tfgym('train', '--env', 'Pendulum-v1', '--agent', 'dqn');
    expect([r7.code, r7.stderr.trim()]).toEqual([1, 'tfgym: agent dqn needs a Box observation space and a Discrete action space; Pendulum-v1 has observation space Box([-1, -1, -8], [1, 1, 8], [3], float32) and action space Box(-2, 2, [1], float32)']);
    // Integers are decimal digits; stray arguments, prototype keys and absurd sizes are refused before anything is written.
    const r8 = await tfgym('train', '--steps', '0x10');
    expect([r8.code, r8.stderr.trim()]).toEqual([1, 'tfgym: --steps must be a non-negative integer, got "0x10"']);
    const r9 = await tfgym('train', 'CartPole-v1');
    expect([r9.code, r9.stderr.split('\n')[0]]).toEqual([2, 'tfgym: train takes no arguments besides its options, got "CartPole-v1"']);
    const proto = join(dir, 'proto.json');
    writeFileSync(proto, '{"agentConfig": {"__proto__": {"gamma": 0.5}}}');
    const r10 = await tfgym('train', '--config', proto);
    expect([r10.code, r10.stderr.trim()]).toEqual([1, `tfgym: config file ${proto} has a key that is not allowed at agentConfig.__proto__ (__proto__, constructor and prototype are refused)`]);
    const huge = join(dir, 'huge.json');
    writeFileSync(huge, '{"steps": 1e300}');
    const r11 = await tfgym('train', '--config', huge, '--out', join(dir, 'huge-run'));
    expect([r11.code, r11.stderr.trim(), existsSync(join(dir, 'huge-run'))]).toEqual([1, 'tfgym: train.steps must be an integer >= 1, got 1e+300', false]);
    const giant = join(dir, 'giant.json');
    writeFileSync(giant, '{"agentConfig": {"hiddenLayers": [1000000000]}}');
    const r12 = await tfgym('train', '--config', giant, '--out', join(dir, 'giant-run'));
    expect([r12.code, existsSync(join(dir, 'giant-run'))]).toEqual([1, false]);
    expect(r12.stderr.trim()).toBe('tfgym: this DQN config would need about 104.3 GiB (networks (4 x 7,000,000,002 parameters) 104.3 GiB, replay (100,000 transitions) 0.005 GiB), more than the limit of 8.0 GiB; make it smaller, or raise the limit with setMemoryLimit');
    const r5 = await tfgym('frobnicate');
    expect([r5.code, r5.stderr.trim()]).toEqual([2, 'tfgym: unknown command "frobnicate"; commands: train, resume, eval, watch, list-envs, list-agents, experiment, hyperparams, benchmark, actor, worker']);
    // Distributed options: each names what is wrong, and none echoes a password.
    const r13 = await tfgym('train', '--actors', '2', '--out', join(dir, 'no-redis'));
    expect([r13.code, r13.stderr.trim(), existsSync(join(dir, 'no-redis'))]).toEqual([1, 'tfgym: --actors goes with --redis', false]);
    const r14 = await tfgym('actor', '--run', 'x');
    expect([r14.code, r14.stderr.trim()]).toEqual([1, "tfgym: actor needs --redis URL (the run's Redis server)"]);
    const r15 = await tfgym('worker', '--redis', 'http://user:s3cret@host:1');
    expect([r15.code, r15.stderr.trim()]).toEqual([1, 'tfgym: --redis must start with redis:// or rediss:// (TLS), got "http://…"']);
    const r16 = await tfgym('actor', '--redis', 'redis://h:1/0', '--run', 'a b');
    expect(r16.code).toBe(1);
    expect(r16.stderr).toMatch(/run id must be 1-100 letters, digits, '\.', '_' or '-', got "a b"/);
  }, 120_000);
});

describe('tfgym CLI faults', () => {
  it('Ctrl-C saves a checkpoint and exits with 130; resume continues from it', async () => {
    const { spawn } = await import('node:child_process');
    const out = join(mkdtempSync(join(tmpdir(), 'tfgym-cli-')), 'run');
    const child = spawn('node', [BIN, 'train', '--env', 'CartPole-v1', '--steps', '500000', '--out', out, '--no-progress', '--json'], { env: { ...process.env, TFGYM_BACKEND: 'wasm' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    // Interrupt once training is under way (the run folder's metrics file exists).
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (existsSync(join(out, 'metrics.jsonl')) && readFileSync(join(out, 'metrics.jsonl'), 'utf8').length > 0) {
          clearInterval(poll);
          resolve();
        }
      }, 100);
    });
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code, stderr).toBe(130);
    expect(stderr).toContain('tfgym: stopping (a run still training saves a checkpoint first; Ctrl-C again to quit at once)');
    expect(lastJson(stdout)).toMatchObject({ reason: 'interrupted' });
    const checkpoints = readdirSync(join(out, 'checkpoints'));
    expect(checkpoints.length).toBe(1);
    const step = Number(checkpoints[0]!.slice(5));
    expect(step).toBeGreaterThan(0);
    const resumed = await tfgym('resume', out, '--steps', String(step + 300), '--json', '--no-progress');
    // Ctrl-C usually lands mid-episode; on a loaded machine it can land on an episode's end. The
    // resume says which, as the checkpoint records it.
    const { midEpisode } = JSON.parse(readFileSync(join(out, 'checkpoints', checkpoints[0]!, 'meta.json'), 'utf8')) as { midEpisode: boolean };
    expect(resumed.stdout).toContain(midEpisode ? `(step ${step}, taken mid-episode: a new episode starts)` : `(step ${step})`);
    expect(lastJson(resumed.stdout)).toMatchObject({ steps: step + 300, reason: 'completed' });
  }, 120_000);
});

describe('tfgym CLI lifetime', () => {
  it('a closed stdout pipe ends a listing quietly', async () => {
    const { spawn } = await import('node:child_process');
    const child = spawn('node', [BIN, 'list-envs'], { env: { ...process.env, TFGYM_BACKEND: 'wasm' } });
    child.stdout.destroy(); // the reader is gone before the first line is written
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect([code, stderr]).toEqual([0, '']);
  });

  it('prints the summary before the viewer lingers, and leaving the viewer after a finished run exits 0', async () => {
    const { spawn } = await import('node:child_process');
    const out = join(mkdtempSync(join(tmpdir(), 'tfgym-cli-')), 'run');
    const child = spawn('node', [BIN, 'train', '--env', 'CartPole-v1', '--steps', '300', '--out', out, '--no-progress', '--render', '--linger', '60', '--json'], { env: { ...process.env, TFGYM_BACKEND: 'wasm' } });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    await new Promise<void>((resolve) => child.stdout.on('data', (d) => {
      stdout += d;
      if (stdout.includes('the viewer stays up for 60 s')) resolve();
    }));
    expect(stdout.indexOf('delivered model:')).toBeGreaterThan(-1);
    expect(stdout.indexOf('delivered model:')).toBeLessThan(stdout.indexOf('the viewer stays up'));
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code, stderr).toBe(0);
    expect(lastJson(stdout)).toMatchObject({ reason: 'completed', steps: 300 });
  }, 120_000);
});
