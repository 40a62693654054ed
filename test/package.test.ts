/**
 * Installing tfgym as users do: the packed tarball into a fresh project, a strict NodeNext
 * TypeScript file importing it type-checked with TypeScript 5.9 and 7, run, and the bin run.
 * tfjs' own declaration files do not pass without `skipLibCheck`; the test holds that every such
 * error is in tfjs' (or its WebGPU types' clash with TypeScript's DOM library), none in tfgym's.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const run = (cmd: string, args: string[], cwd: string): string => execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 240_000, maxBuffer: 1 << 26 });
/** tsc's output and exit code (it exits non-zero on type errors). */
function tsc(bin: string, cwd: string, ...args: string[]): { code: number; errors: string[] } {
  try {
    run(bin, ['-p', 'tsconfig.json', '--noEmit', ...args], cwd);
    return { code: 0, errors: [] };
  } catch (e) {
    const out = `${(e as { stdout?: string }).stdout ?? ''}`;
    return { code: (e as { status: number }).status, errors: out.split('\n').filter((l) => /error TS\d+/.test(l)) };
  }
}

const MAIN = `import { DqnAgent, initBackend, make, trainAgent, listAgents, type TrainConfig } from 'tfgym';
const config: Partial<TrainConfig> = { env: 'CartPole-v1', agent: 'dqn', agentConfig: { gamma: 0.9 } };
const info = await initBackend({ backend: 'cpu' });
const env = make<Float32Array, number>('CartPole-v1');
const agent = new DqnAgent({ observationSpace: env.observationSpace, actionSpace: env.actionSpace, seed: 0, config: { hiddenLayers: [8] } });
const result = await trainAgent({ env, agent, totalSteps: 200, seed: 0 });
console.log(JSON.stringify({ backend: info.name, reason: result.reason, steps: result.steps, agents: listAgents(), env: config.env }));
`;

describe('the package, installed into a fresh project', () => {
  it('packs, installs from the tarball, type-checks (TypeScript 5.9 and 7), runs, and runs its bin', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tfgym-pack-'));
    run('npm', ['pack', '--pack-destination', dir, '--silent'], ROOT); // prepare builds dist/ first
    const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'));
    expect(tarball).toBeDefined();
    const app = join(dir, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
    writeFileSync(join(app, 'main.ts'), MAIN);
    writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, outDir: 'out', skipLibCheck: true, types: ['node'] }, files: ['main.ts'],
    }));
    run('npm', ['install', join(dir, tarball!), 'typescript@5.9.3', '@types/node@20.19.43', '--no-audit', '--no-fund', '--prefer-offline', '--silent'], app);
    const ts7 = join(dir, 'ts7');
    mkdirSync(ts7);
    writeFileSync(join(ts7, 'package.json'), JSON.stringify({ private: true }));
    run('npm', ['install', 'typescript@7.0.2', '--no-audit', '--no-fund', '--prefer-offline', '--silent'], ts7);
    // Nothing outside the registry came along: no native tfjs backend, no viewer page sources.
    expect(readdirSync(join(app, 'node_modules', '@tensorflow'))).not.toContain('tfjs-node');
    expect(readdirSync(join(app, 'node_modules'))).not.toContain('pixi.js');

    for (const bin of [join(app, 'node_modules', '.bin', 'tsc'), join(ts7, 'node_modules', '.bin', 'tsc')]) {
      expect(tsc(bin, app), bin).toEqual({ code: 0, errors: [] });
      const strict = tsc(bin, app, '--skipLibCheck', 'false');
      // tfjs' declarations (and @webgpu/types, which clashes with TypeScript's DOM library) fail
      // strict library checks; none of the errors may be in tfgym's declarations or the user's file.
      expect(strict.errors.filter((l) => /node_modules\/tfgym\/|^main\.ts/.test(l)), bin).toEqual([]);
      expect(strict.errors.every((l) => /node_modules\/(@tensorflow|@webgpu|@typescript|typescript)\//.test(l)), bin).toBe(true);
    }
    run(join(app, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.json'], app);
    const out = JSON.parse(run('node', ['out/main.js'], app).trim().split('\n').at(-1) ?? '{}');
    expect(out).toEqual({ backend: 'cpu', reason: 'completed', steps: 200, agents: ['dqn', 'reinforce', 'a2c', 'ppo', 'sac', 'td3', 'ddpg', 'qtable'], env: 'CartPole-v1' });
    const agents = JSON.parse(run(join(app, 'node_modules', '.bin', 'tfgym'), ['list-agents', '--json'], app).trim().split('\n').at(-1) ?? '{}');
    expect((agents.agents as { kind: string }[]).map((a) => a.kind)).toEqual(['dqn', 'reinforce', 'a2c', 'ppo', 'sac', 'td3', 'ddpg', 'qtable']);
  }, 300_000);
});
