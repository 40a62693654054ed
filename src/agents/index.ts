export { DqnAgent, NonFiniteLossError, type DqnOptions } from './dqn/dqn.js';
export { dqnConfig, DQN_DEFAULTS, DQN_TUTORIAL, type DqnConfig } from './dqn/config.js';
export { tdTarget, tdLoss, huber, selectActionValues, type TdTargetInputs } from './dqn/losses.js';
export { QNetwork, forwardJs, initialWeights, weightShapes, type MlpSpec } from './networks.js';
