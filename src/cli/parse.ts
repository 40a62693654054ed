/**
 * The command line's grammar: each command's options (parsed strictly: an option another command
 * takes is still an error here), its usage and its help (`tfgym COMMAND --help`). Built on
 * `node:util` parseArgs; see docs/decisions.md for why not commander.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { listAgents } from '../agents/registry.js';
import { InvalidArgumentError } from '../core/errors.js';
import { listHyperparams } from '../runs/hyperparams.js';
import { SUPERVISED_PRESETS } from '../supervised/config.js';
import type { Parsed } from './options.js';

type Options = NonNullable<ParseArgsConfig['options']>;

const str = { type: 'string' } as const;
const flag = { type: 'boolean' } as const;
/** Every command takes these. */
const COMMON: Options = { json: flag, help: { type: 'boolean', short: 'h' }, import: { type: 'string', multiple: true } };
const RENDER: Options = { render: flag, port: str, host: str, linger: str, 'viewer-plugin': { type: 'string', multiple: true } };
const RUN: Options = { backend: str, 'no-progress': flag, ...RENDER };
const REDIS: Options = { redis: str, actors: str, 'run-id': str };

interface CommandSpec {
  options: Options;
  /** Positional arguments it takes (after the command). Default 0. */
  positionals?: number;
  usage: readonly string[];
  /** What the command does, for its help. */
  text: () => string;
}

export const COMMANDS: Readonly<Record<string, CommandSpec>> = {
  train: {
    options: { ...RUN, ...REDIS, preset: str, env: str, agent: str, config: str, seed: str, steps: str, out: str, overwrite: flag, task: str, data: str, epochs: str, 'video-every': str },
    usage: [
      'tfgym train [--preset NAME] [--env ID] [--agent KIND] [--config FILE] [--seed N] [--steps N] [--video-every N]',
      '            [--backend B] [--out DIR] [--json] [--no-progress] [--render [--port N] [--host H] [--linger S]]',
      '            [--redis redis://HOST:PORT[/DB] [--actors N] [--run-id ID]]',
      'tfgym train --task mnist|image-folder|cifar10 [--data DIR] [--preset mnist] [--config FILE] [--epochs N] [--seed N]',
      '            [--backend B] [--out DIR] [--json] [--no-progress] [--render …]',
    ],
    text: () => `Trains an agent and writes a run folder: config.json, metrics.jsonl, metrics.csv,
tb/ (TensorBoard event files), checkpoints/, best/, eval.json (final greedy evaluation on the
unshaped env) and summary.json. Options, in increasing priority: the tuned entry of the
(agent, env) pair (tfgym hyperparams; generic defaults where there is none) or the entry a
--preset names (--preset none: the generic defaults), a --config JSON file (any TrainConfig keys: env, agent, seed, steps, agentConfig, numEnvs, shaping,
normalizeReward, evalEvery, evalEpisodes, stopAtThreshold, checkpointEvery, keepCheckpoints,
logInterval, videoEvery), then --env/--agent/--seed/--steps/--video-every. --redis URL: this process
is the learner and --actors N (default 2) \`tfgym actor\` processes play (Ape-X; DQN); more join
with tfgym actor --redis URL --run ID (ID: --run-id, default the run folder's name; the password
goes in TFGYM_REDIS_PASSWORD, rediss:// is TLS, TFGYM_REDIS_CA a CA file). --video-every N: every
N env steps, a GIF of one greedy episode in RUN/videos/step-N.gif and its filmstrip in TensorBoard
(a video that cannot be written is reported; training goes on). Agents: ${listAgents().join(', ')}.
Entries: ${listHyperparams().join(', ')}; aliases mountaincar, cartpole, acrobot, pendulum.
Supervised (--task, or --preset ${Object.keys(SUPERVISED_PRESETS).join(', ')}): trains a conv net (head +
fc | fc-dropout | gap back-end) on MNIST (the mnist package's 10,000 digits), an image folder
root/<class>/*.jpg|png (--data; unreadable files are reported and skipped) or CIFAR-10 binary
batches (--data: their folder); writes config.json, metrics.jsonl, tb/ (scalars, kernel
histograms, sample images), checkpoints/epoch-N, best/ (tfjs format), eval.json (held-out test
split) and summary.json. Config keys: task, data, filters, backEnd, denseUnits, dropout,
batchNorm, imageSize, channels, split, epochs, batchSize, learningRate, augmentShift, seed,
earlyStoppingPatience, keepCheckpoints, restoreBest, samples.`,
  },
  resume: {
    positionals: 1,
    options: { ...RUN, ...REDIS, steps: str },
    usage: ['tfgym resume RUN_DIR [--steps N] [--backend B] [--json] [--no-progress] [--render …] [--redis URL] [--actors N]'],
    text: () => `Continues a run from its newest checkpoint, to its configured steps (or --steps). A distributed
run goes on with the actors still running (its Redis from distributed.json, or --redis; --actors N
starts N more here).`,
  },
  actor: {
    options: { backend: str, redis: str, run: str, index: str },
    usage: ['tfgym actor --redis redis://HOST:PORT[/DB] --run RUN_ID [--index N] [--backend B] [--json]'],
    text: () => `Acts for a distributed run: builds the run's env and agent from the config its learner put in
Redis, plays with the learner's newest weights and sends the transitions, until the learner
finishes (or Ctrl-C). --index N fixes its epsilon and seeds (default: the next free index).
The password goes in TFGYM_REDIS_PASSWORD (a password in the URL shows in the process list).`,
  },
  eval: {
    positionals: 1,
    options: { backend: str, episodes: str, seed: str, video: str },
    usage: ['tfgym eval CHECKPOINT [--episodes N] [--seed N] [--video FILE.gif|FILE.mp4] [--backend B] [--json]'],
    text: () => `Runs greedy episodes with a checkpoint (a step-… folder, RUN/best, or a run folder: its newest).
--video FILE records the episodes, one after another, into FILE (.gif; .mp4 needs ffmpeg);
with --video, --episodes defaults to 1.`,
  },
  watch: {
    positionals: 1,
    options: { backend: str, episodes: str, seed: str, port: str, host: str, 'viewer-plugin': { type: 'string', multiple: true } },
    usage: ['tfgym watch CHECKPOINT [--episodes N] [--seed N] [--port N] [--host H]'],
    text: () => "Plays greedy episodes of a checkpoint in the live viewer (prints its URL) at the env's\nframe rate, until --episodes are done or Ctrl-C.",
  },
  'list-envs': {
    options: {},
    usage: ['tfgym list-envs [--json]'],
    text: () => 'Lists the registered env ids with their time limits and reward thresholds.',
  },
  'list-agents': {
    options: {},
    usage: ['tfgym list-agents [--json]'],
    text: () => 'Lists the registered agent kinds (--agent KIND), the loop that trains each and the spaces it takes.',
  },
  hyperparams: {
    options: { agent: str, env: str },
    usage: ['tfgym hyperparams [--agent KIND] [--env ID] [--json]'],
    text: () => `Prints the table of tuned hyperparameters: per entry its agent, env, step budget,
source and RL Baselines3 Zoo's published result; with --agent and --env, that pair's whole run
config (entry over the defaults) as JSON.`,
  },
  benchmark: {
    options: { backend: str, agents: str, envs: str, pairs: str, config: str, seeds: str, steps: str, jobs: str, out: str, 'test-episodes': str, redis: str },
    usage: [
      'tfgym benchmark --agents A,B --envs E,F | --pairs A/E,B/F [--seeds 0-9] [--steps N] [--jobs N]',
      '                [--config FILE] [--test-episodes N] [--backend B] [--out DIR] [--redis URL] [--json]',
    ],
    text: () => `Trains every (agent, env) pair (agents x envs, or --pairs) on every seed with its tuned entry (budget: the entry's
steps, or --steps), each run a separate \`tfgym train\` process, --jobs at a time (default: the
number of cores). Each run's final model and delivered model (best/) are tested greedily on
--test-episodes (default 100) fresh episodes whose seeds no evaluation used. Writes DIR/runs/,
results.json, results.md (mean ± std across seeds, worst seed, seeds at the env's threshold,
steps/s, RL Zoo's published result) and DIR/plots/*.svg (evaluation return against env steps:
median and min-max band across seeds). Running the same command again skips finished runs; a
crashed run is reported and the others go on. --seeds takes 0-9, 1,3,5 or 0-2,7. --config FILE:
keys every run takes over its entry, as in train (agentConfig merged key by key). --redis URL:
the runs become jobs on a BullMQ queue in that Redis, trained by \`tfgym worker\`s on any machine
(a worker killed mid-job: the job goes to another once its lock expires); results, resume and
the report are the same, and each run's folder stays on its worker (OUT/runs/ID/worker.json).`,
  },
  worker: {
    options: { backend: str, redis: str, jobs: str, out: str, 'lock-seconds': str, 'max-jobs': str },
    usage: ['tfgym worker --redis URL [--jobs N] [--out DIR] [--lock-seconds S] [--max-jobs N] [--json]'],
    text: () => `Trains the runs that \`tfgym benchmark --redis URL\` queued, --jobs at a time (default 1), each a
\`tfgym train\` process with its folder in DIR/runs/ (default ./tfgym-worker), until Ctrl-C (its
running jobs go back to the queue) or --max-jobs are done. A job whose worker stops renewing its
lock for --lock-seconds (default 30) is given to another worker.`,
  },
  experiment: {
    positionals: 1,
    options: { backend: str, epochs: str, data: str, limit: str, 'per-class': str, seed: str, out: str, overwrite: flag },
    usage: ['tfgym experiment gap|init|transfer [--epochs N] [--data DIR] [--limit N] [--per-class N] [--seed N] [--out DIR] [--json]'],
    text: () => `gap: one conv head with the FC, FC + dropout and GAP back-ends (validation accuracy per
epoch, parameter counts, an SVG chart); init: naive vs Xavier vs He with sigmoid and ReLU
(pre-activation variances, histograms in tb/); transfer: a CNN pretrained on digits 0-4, frozen,
with a GAP + Dense head on --per-class labelled 5-9s, vs scratch. MNIST by default (--data DIR:
an image folder for gap and init); --limit N trains on N images.`,
  },
};

const OPTIONS_HELP = `Options:
  --import FILE   a JavaScript or TypeScript module to load first (repeatable): it can register
                  your own envs (register) and agents (registerAgent), so that --env and --agent
                  find them; give it again to resume, eval and watch such a run
  --backend B     tensor backend: auto (default: node-gpu, node, wasm, cpu, the first that loads),
                  or one of node-gpu, node, wasm, cpu (webgl: browsers). Also TFGYM_BACKEND.
  --out DIR       run folder (default runs/<env>-<agent>-s<seed>-<time>); a non-empty one is
                  refused unless --overwrite (which replaces what it holds)
  --json          end with one JSON summary line
  --no-progress   print a line every 10,000 steps instead of a progress bar
  --viewer-plugin FILE  a browser ES module the viewer imports first; it can add a scene for
                  your env with window.tfgym.registerDrawer(envId, (g, state, action) => …)
  --render        watch the run live in a browser: prints the viewer's URL (pixi.js page over a
                  WebSocket); --port N (default 0: any free port), --host H (default 127.0.0.1,
                  this machine only), --linger S (keep the viewer after the run; default: an hour
                  in a terminal, 0 otherwise)
  -h, --help      this help; after a command, that command's
  Ctrl-C          saves a checkpoint and exits; 'tfgym resume RUN_DIR' continues.`;

/** The whole help (`tfgym --help`), or one command's (`tfgym COMMAND --help`). */
export function helpText(command?: string): string {
  // Words re-wrapped to 79 columns after an 11-column indent.
  const indent = (text: string): string => {
    const lines: string[] = [''];
    for (const word of text.split(/\s+/)) {
      const last = lines.length - 1;
      if (((lines[last] as string) + word).length > 78 && lines[last] !== '') lines.push(word);
      else lines[last] = lines[last] ? `${lines[last]} ${word}` : word;
    }
    return lines.join(`\n${' '.repeat(11)}`);
  };
  const names = command && COMMANDS[command] ? [command] : Object.keys(COMMANDS);
  const usage = names.flatMap((n) => (COMMANDS[n] as CommandSpec).usage.map((u) => `  ${u}`));
  const texts = names.map((n) => `${n.padEnd(10)} ${indent((COMMANDS[n] as CommandSpec).text())}`);
  return `tfgym — reinforcement learning in TypeScript on TensorFlow.js

Usage:
${usage.join('\n')}
  tfgym ${command && COMMANDS[command] ? `${command} ` : ''}--help

${texts.join('\n')}

${OPTIONS_HELP}`;
}

/**
 * Splits `argv` into the command, its positionals and its options. An option the command does
 * not take is an InvalidArgumentError naming the command and the options it does take.
 */
export function parse(argv: readonly string[]): Parsed {
  const first = argv[0];
  const command = first !== undefined && !first.startsWith('-') ? first : undefined;
  const spec = command === undefined ? { options: {} } : COMMANDS[command];
  if (!spec) return { command, positionals: [], values: {} };
  const options = { ...COMMON, ...spec.options };
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: argv.slice(command === undefined ? 0 : 1), options, allowPositionals: true, strict: true });
  } catch (e) {
    const bad = /'(-[^']*)'/.exec((e as Error).message)?.[1];
    const takes = Object.keys(options).map((o) => `--${o}`).join(', ');
    if (bad && (e as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      throw new InvalidArgumentError(`${command ?? 'tfgym'} takes no option ${bad}; it takes ${takes}`);
    }
    throw new InvalidArgumentError(`${command ?? 'tfgym'}: ${(e as Error).message}`);
  }
  const { values, positionals } = parsed;
  const most = (spec as CommandSpec).positionals ?? 0;
  if (command !== undefined && positionals.length > most) {
    throw new InvalidArgumentError(`${command} takes ${most === 0 ? 'no arguments' : `${most} argument${most > 1 ? 's' : ''}`} besides its options, got ${positionals.map((a) => JSON.stringify(a)).join(' ')}`);
  }
  return { command, positionals, values: values as Parsed['values'] };
}
