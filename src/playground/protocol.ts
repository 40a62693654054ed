/** Messages between the playground page and its training worker (plain data: structured clone). */
export type ToWorker =
  | { type: 'describe' }
  /** The agent's config schema and the values its tuned entry for `env` gives (for the form). */
  | { type: 'describeAgent'; agent: string; env: string }
  /** The run's keys over its (agent, env) tuned entry, checked by the config schema in the worker. */
  | { type: 'start'; flags: Record<string, unknown>; backend: 'wasm' | 'cpu' }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'stop' };

export type FromWorker =
  | { type: 'described'; envs: string[]; agents: string[] }
  | { type: 'agentForm'; agent: string; env: string; schema: Record<string, unknown> | null; values: Record<string, unknown> }
  | { type: 'invalid'; message: string }
  | { type: 'started'; backend: string; numEnvs: number; loop: 'single' | 'vector'; config: Record<string, unknown> }
  | { type: 'episode'; step: number; episode: number; return: number; length: number }
  | { type: 'update'; step: number; metrics: Record<string, number> }
  | { type: 'eval'; step: number; meanReturn: number }
  | { type: 'progress'; step: number; stepsPerSecond: number }
  | { type: 'done'; reason: string; step: number; seconds: number; message: string | null }
  | { type: 'error'; message: string };
