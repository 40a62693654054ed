// The trainer core that runs anywhere (Node.js and browsers); file loggers, checkpoints,
// TensorBoard files and the progress bar are exported by the Node entry (src/index.ts).
export { CallbackList, type Callback, type RunContext, type RunSnapshot } from './callback.js';
export { runLoop, describeRun, type TrainResult, type RunOptions, type LoopControl, type LoopOptions } from './loop.js';
export { trainAgent, envRng, restoreEnvRng, type TrainAgentOptions } from './rl.js';
export { trainVectorAgent, type TrainVectorAgentOptions } from './rl_vector.js';
export { trainSupervised, type SupervisedTask, type TrainSupervisedOptions } from './supervised.js';
export { MetricStream, type MetricRecord } from './metrics.js';
export { RecordingCallback, ConsoleLogger } from './callbacks/recording.js';
export { EvaluationCallback, StopOnRewardThreshold, evaluate, greedyEpisode, type EvaluationOptions } from './callbacks/evaluation.js';
export { encodeCheckpoint, decodeCheckpoint, checkpointTar, checkpointFromTar, checkpointName, CHECKPOINT_FORMAT } from './checkpoint_format.js';
