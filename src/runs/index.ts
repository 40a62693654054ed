export { runRl, buildEnv, buildAgent, evaluateAgent, rlRunInfo, type RlRunOptions, type RlRunResult, type EvalSummary, type BuiltAgent } from './rl.js';
export { runSupervised, supervisedRunInfo, type SupervisedRunOptions, type SupervisedRunResult } from './supervised.js';
export { newestCheckpoint, loadCheckpointAgent, type LoadedAgent } from './checkpoints.js';
export { openRunOutputs, writeFileAtomic, type RunOutputOptions, type RunOutputs } from './outputs.js';
export { watchCheckpoint, type WatchOptions } from './watch.js';
export { runExperiment, type ExperimentOptions } from './experiments.js';
