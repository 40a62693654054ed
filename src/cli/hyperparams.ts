/** `tfgym hyperparams [--agent A] [--env E]`: the table of tuned hyperparameters. */
import { InvalidArgumentError } from '../core/errors.js';
import { entryConfig, hyperparams, listHyperparams } from '../runs/hyperparams.js';
import type { CliIo, Parsed } from './options.js';

export function hyperparamsCommand(p: Parsed, io: CliIo): Record<string, unknown> {
  const agent = typeof p.values.agent === 'string' ? p.values.agent : undefined;
  const env = typeof p.values.env === 'string' ? p.values.env : undefined;
  const rows = listHyperparams()
    .map((name) => ({ name, ...hyperparams(name).entry }))
    .filter((e) => (agent === undefined || e.agent === agent) && (env === undefined || e.env === env));
  if (rows.length === 0) {
    throw new InvalidArgumentError(`no hyperparameters entry for ${agent ?? 'any agent'} on ${env ?? 'any env'} (that pair trains with its agent's generic defaults); entries: ${listHyperparams().join(', ')}`);
  }
  const zoo = (z: (typeof rows)[number]['zoo']) => (z ? `${z.mean.toFixed(1)} ± ${z.std.toFixed(1)} at ${z.steps.toLocaleString('en-US')}` : '-');
  io.print(`${'entry'.padEnd(20)} ${'agent'.padEnd(6)} ${'env'.padEnd(16)} ${'steps'.padStart(8)}  ${'RL Zoo result'.padEnd(26)} aliases`);
  for (const r of rows) io.print(`${r.name.padEnd(20)} ${r.agent.padEnd(6)} ${r.env.padEnd(16)} ${r.config.steps.toLocaleString('en-US').padStart(8)}  ${zoo(r.zoo).padEnd(26)} ${r.aliases.join(', ') || '-'}`);
  const entries = rows.map((r) => ({ name: r.name, agent: r.agent, env: r.env, aliases: r.aliases, source: r.source, zoo: r.zoo, config: entryConfig(r.name, r, 0) }));
  if (agent !== undefined && env !== undefined) {
    const pair = entries.find((e) => e.name === `${agent}/${env}`) ?? entries[0];
    if (pair) {
      io.print(`\n${pair.name}: ${pair.source}`);
      io.print(JSON.stringify(pair.config, null, 2));
    }
  }
  return { entries };
}
