/**
 * The `tfgym` commands (train, resume, eval, watch, list-envs, list-agents, experiment): each
 * parses its options (parse.ts), calls the runs library and prints. Every command prints
 * progress for people; with --json, the last line printed is one JSON summary for scripts.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { agentEntry, listAgents } from '../agents/registry.js';
import { TfgymError, InvalidArgumentError, describe } from '../core/errors.js';
import { listEnvs, spec } from '../envs/registry.js';
import { readCheckpoint } from '../trainers/checkpoint_io.js';
import { backendFor, intOption, pluginFiles, readJson, runSetup, trainingOptions, type CliIo, type Parsed } from './options.js';
import { experiment, isSupervisedTrain, trainTask } from './supervised.js';
import { COMMANDS, helpText, parse } from './parse.js';
import { trainConfig } from '../runs/config.js';
import { resolveTrainConfig } from '../runs/hyperparams.js';
import { hyperparamsCommand } from './hyperparams.js';
import { benchmarkCommand } from './benchmark.js';
import { evaluateAgent, runRl, type RlRunResult } from '../runs/rl.js';
import { loadRasterBackend } from '../runs/video.js';
import { videoFormat } from '../render/video.js';
import { loadCheckpointAgent, newestCheckpoint } from '../runs/checkpoints.js';
import { watchCheckpoint } from '../runs/watch.js';
import { actorCommand, distributedOptions, workerCommand } from './distributed.js';

async function train(p: Parsed, io: CliIo): Promise<Record<string, unknown>> {
  if (isSupervisedTrain(p)) return trainTask(p, io);
  const v = p.values;
  for (const k of ['task', 'data', 'epochs']) if (v[k] !== undefined) throw new InvalidArgumentError(`--${k} goes with --task (supervised training)`);
  const file = typeof v.config === 'string' ? (readJson(v.config, 'config file') as object) : {};
  const flags = { env: v.env, agent: v.agent, seed: intOption(v, 'seed'), steps: intOption(v, 'steps'), videoEvery: intOption(v, 'video-every') };
  const { config, description } = resolveTrainConfig(typeof v.preset === 'string' ? v.preset : undefined, file, flags);
  io.print(description);
  const setup = await runSetup(v, io, `${config.env}-${config.agent}-s${config.seed}`);
  const session = await runRl({ config, ...setup, ...distributedOptions(v, io, setup.runDir, false) });
  return report(session);
}

/** The run's summary for --json (runRl printed the lines for people); a failed run is an error. */
function report(session: RlRunResult): Record<string, unknown> {
  if (session.result.reason === 'error') throw new TfgymError(`training failed: ${session.result.message}`);
  return session.summary;
}

async function resumeRun(p: Parsed, io: CliIo): Promise<Record<string, unknown>> {
  const runDir = p.positionals[0];
  if (!runDir) throw new InvalidArgumentError('resume needs a run folder: tfgym resume RUN_DIR');
  const config0 = trainConfig(readJson(join(runDir, 'config.json'), 'run config'));
  const steps = intOption(p.values, 'steps');
  const config = steps === undefined ? config0 : trainConfig({ ...config0, steps });
  const checkpoint = newestCheckpoint(runDir);
  const snapshot = readCheckpoint(checkpoint);
  if (snapshot.run.task !== config.env) throw new InvalidArgumentError(`checkpoint ${checkpoint} is for ${snapshot.run.task}, but the run config says ${config.env}`);
  if (snapshot.step >= config.steps) {
    // A finished run: nothing to train, and its evaluation, logs and best model stay as they are.
    io.print(`${runDir} is complete: its newest checkpoint is at step ${snapshot.step.toLocaleString('en-US')} of ${config.steps.toLocaleString('en-US')}; give --steps N to train further`);
    const summaryFile = join(runDir, 'summary.json');
    return existsSync(summaryFile) ? (readJson(summaryFile, 'run summary') as Record<string, unknown>) : { run_dir: resolve(runDir), steps: snapshot.step, reason: 'completed' };
  }
  const options = await trainingOptions(p.values, io);
  io.print(`resuming ${runDir} from ${checkpoint} (step ${snapshot.step}${snapshot.midEpisode ? ', taken mid-episode: a new episode starts' : ''})`);
  const session = await runRl({ config, runDir: resolve(runDir), resume: snapshot, ...options, ...distributedOptions(p.values, io, resolve(runDir), true) });
  return report(session);
}

/** The checkpoint a command names (its first positional), its agent loaded on the chosen backend. */
async function checkpointAgent(command: string, p: Parsed, io: CliIo) {
  const path = p.positionals[0];
  if (!path) throw new InvalidArgumentError(`${command} needs a checkpoint: tfgym ${command} CHECKPOINT`);
  await backendFor(p.values, io);
  return loadCheckpointAgent(path);
}

async function evalCheckpoint(p: Parsed, io: CliIo): Promise<Record<string, unknown>> {
  const video = typeof p.values.video === 'string' ? p.values.video : null;
  if (video !== null) videoFormat(video);
  const episodes = intOption(p.values, 'episodes') ?? (video ? 1 : 100);
  if (episodes < 1) throw new InvalidArgumentError(`--episodes must be at least 1, got ${episodes}`);
  const { checkpoint, config, agent } = await checkpointAgent('eval', p, io);
  if (video || config.pixels) await loadRasterBackend();
  io.print(`evaluating ${checkpoint} on ${config.env} for ${episodes} episodes${video ? `, recorded into ${video}` : ''}`);
  try {
    const r = evaluateAgent(config, agent, episodes, intOption(p.values, 'seed') ?? 0, video ?? undefined);
    io.print(`mean return ${r.mean.toFixed(2)} ± ${r.std.toFixed(2)}${r.video ? `; wrote ${r.video.path} (${r.video.frames} frames)` : ''}`);
    return { env: config.env, episodes, mean_return: r.mean, std_return: r.std, returns: r.returns, ...(r.video ? { video: resolve(r.video.path), frames: r.video.frames } : {}) };
  } finally {
    agent.dispose();
  }
}

/** Plays greedy episodes of a checkpoint in the live viewer (until --episodes are done, or Ctrl-C). */
async function watch(p: Parsed, io: CliIo): Promise<Record<string, unknown>> {
  const path = p.positionals[0];
  if (!path) throw new InvalidArgumentError('watch needs a checkpoint: tfgym watch CHECKPOINT');
  await backendFor(p.values, io);
  const episodes = intOption(p.values, 'episodes');
  const r = await watchCheckpoint({
    checkpoint: path, seed: intOption(p.values, 'seed') ?? 0, port: intOption(p.values, 'port') ?? 0, host: typeof p.values.host === 'string' ? p.values.host : '127.0.0.1',
    plugins: pluginFiles(p.values), print: io.print, ...(episodes !== undefined ? { episodes } : {}), ...(io.signal ? { signal: io.signal } : {}),
  });
  return { env: r.env, episodes: r.episodes, mean_return: r.meanReturn };
}

function listAgentsCommand(io: CliIo): Record<string, unknown> {
  const rows = listAgents().map((kind) => {
    const e = agentEntry(kind);
    return { kind, loop: e.loop, observation_spaces: [...e.spaces.observation], action_spaces: [...e.spaces.action], description: e.description, config_schema: e.jsonSchema?.() ?? null };
  });
  for (const r of rows) io.print(`${r.kind.padEnd(12)} ${r.loop === 'vector' ? 'vector env' : 'single env'}   observations ${r.observation_spaces.join('|').padEnd(12)} actions ${r.action_spaces.join('|').padEnd(13)} ${r.description}`);
  return { agents: rows };
}

function listEnvsCommand(io: CliIo): Record<string, unknown> {
  const rows = listEnvs().map((id) => {
    const s = spec(id);
    return { id, max_episode_steps: s.maxEpisodeSteps, reward_threshold: s.rewardThreshold };
  });
  for (const r of rows) io.print(`${r.id.padEnd(28)} time limit ${String(r.max_episode_steps ?? '-').padStart(4)}   reward threshold ${r.reward_threshold ?? '-'}`);
  return { envs: rows };
}

/** Loads the user's --import modules (which register envs and agents) before the command runs. */
async function importModules(files: string[] = []): Promise<void> {
  for (const f of files) {
    if (!existsSync(f)) throw new InvalidArgumentError(`--import ${f} does not exist`);
    await import(pathToFileURL(resolve(f)).href);
  }
}

/** Runs the CLI; returns the process exit code. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  let parsed: Parsed;
  try {
    parsed = parse(argv);
  } catch (e) {
    const command = argv[0] !== undefined && argv[0] in COMMANDS ? argv[0] : undefined;
    io.error(`tfgym: ${(e as Error).message}\n\n${helpText(command)}`);
    return 2;
  }
  if (parsed.values.help || parsed.command === undefined || parsed.command === 'help') {
    io.print(helpText(parsed.command));
    return parsed.command === undefined && !parsed.values.help ? 2 : 0;
  }
  const commands: Record<string, (p: Parsed, io: CliIo) => Promise<Record<string, unknown>> | Record<string, unknown>> = {
    train, resume: resumeRun, eval: evalCheckpoint, watch, 'list-envs': (_p, o) => listEnvsCommand(o), 'list-agents': (_p, o) => listAgentsCommand(o), experiment, hyperparams: hyperparamsCommand, benchmark: benchmarkCommand, actor: actorCommand, worker: workerCommand,
  };
  const command = commands[parsed.command];
  if (!command) {
    io.error(`tfgym: unknown command ${describe(parsed.command)}; commands: ${Object.keys(commands).join(', ')}`);
    return 2;
  }
  try {
    await importModules(parsed.values.import as string[] | undefined);
    const summary = await command(parsed, io);
    if (parsed.values.json) io.print(JSON.stringify(summary));
    // 130 only when Ctrl-C cut a run short; leaving the viewer after a finished run (or ending
    // `watch`) is a normal exit.
    return summary.reason === 'interrupted' ? 130 : 0;
  } catch (e) {
    const message = e instanceof TfgymError ? e.message : e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    io.error(`tfgym: ${message}`);
    if (parsed.values.json) io.print(JSON.stringify({ error: message }));
    return 1;
  }
}

/** Entry point when run as a program: wires Ctrl-C to a clean stop with a final checkpoint. */
export async function runCli(): Promise<void> {
  const controller = new AbortController();
  process.once('SIGINT', () => {
    process.stderr.write('\ntfgym: stopping (a run still training saves a checkpoint first; Ctrl-C again to quit at once)\n');
    controller.abort();
    process.once('SIGINT', () => process.exit(130));
  });
  // A run started by a process that may die without warning (a benchmark worker) ends itself,
  // with a checkpoint, when that parent is gone (it is then adopted by another process).
  if (process.env.TFGYM_EXIT_WITH_PARENT) {
    const parent = process.ppid;
    setInterval(() => { if (process.ppid !== parent) controller.abort(); }, 1000).unref();
  }
  // `tfgym list-envs | head -1`: a closed pipe ends the output quietly.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  const code = await main(process.argv.slice(2), { print: (l) => console.log(l), error: (l) => console.error(l), signal: controller.signal });
  process.exitCode = code;
}
