export type { AutoresetMode, BatchArray, VectorEnv, VectorEnvOptions, VectorResetArgs, VectorResetResult, VectorStepResult } from './types.js';
export { AUTORESET_MODES } from './types.js';
export { SyncVectorEnv } from './sync.js';
export type { AsyncVectorEnvOptions } from './async.js';
export { makeVec, type MakeVecOptions } from './make_vec.js';
