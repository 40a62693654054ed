export { DqnAgent, NonFiniteLossError, type DqnOptions } from './dqn/dqn.js';
export { dqnConfig, DQN_DEFAULTS, DQN_TUTORIAL, type DqnConfig } from './dqn/config.js';
export { tdTarget, tdLoss, huber, selectActionValues, type TdTargetInputs } from './dqn/losses.js';
export { QNetwork, forwardJs, initialWeights, weightShapes, type MlpSpec } from './networks.js';
export { QTableAgent, qtableConfig, QTABLE_DEFAULTS, type QTableConfig, type QTableOptions } from './qtable.js';
export { entropy, crossEntropy, klDivergence, selfInformation, softmax, entropyFromLogits, entropyOp, crossEntropyOp, klOp, checkDistribution, type InfoUnit } from './information.js';
export { ReinforceAgent, reinforceConfig, REINFORCE_DEFAULTS, type ReinforceConfig, type ReinforceOptions } from './pg/reinforce.js';
export { discountedReturns } from './pg/returns.js';
