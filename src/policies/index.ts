export { constantSchedule, linearSchedule, exponentialSchedule, makeSchedule, type Schedule, type ScheduleSpec } from './schedules.js';
export { argmax, GreedyPolicy, EpsilonGreedyPolicy, BoltzmannPolicy, type ExplorationPolicy } from './exploration.js';
