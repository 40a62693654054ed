export { TimeLimit, OrderEnforcing, PassiveEnvChecker, Autoreset, RecordEpisodeStatistics } from './common.js';
export type { EpisodeStatistics, RecordEpisodeStatisticsOptions } from './common.js';
export { ClipAction, RescaleAction } from './action.js';
export {
  ClipReward, TransformReward, NormalizeReward, ShapedReward, thresholdBonus, mountainCarTutorialShaping,
  MOUNTAIN_CAR_TUTORIAL_TIERS, PotentialShaping, mountainCarEnergy,
} from './reward.js';
export type { NormalizeRewardOptions, ShapingContext, ThresholdBonusOptions } from './reward.js';
export { TransformObservation, FlattenObservation, NormalizeObservation, FrameStackObservation } from './observation.js';
export type { NormalizeObservationOptions, FrameStackOptions } from './observation.js';
export { RunningMeanStd } from './running_mean_std.js';
export { HumanRendering, AddRenderObservation, ResizeObservation, GrayscaleObservation, renderInputOf } from './rendering.js';
export type { AddRenderObservationOptions, GrayscaleObservationOptions } from './rendering.js';
