import { meanStd } from '../../core/stats.js';

/**
 * Discounted returns of one episode, G_t = r_t + gamma G_{t+1}, started from `bootstrap`: 0 after
 * a termination, the value estimate of the last next observation after a truncation (the episode
 * was cut, not finished).
 */
export function discountedReturns(rewards: readonly number[], gamma: number, bootstrap: number): Float64Array {
  const out = new Float64Array(rewards.length);
  let g = bootstrap;
  for (let t = rewards.length - 1; t >= 0; t--) {
    g = (rewards[t] as number) + gamma * g;
    out[t] = g;
  }
  return out;
}

/** Scales `values` in place to mean 0 and standard deviation 1 (advantage normalisation); a single value is left as is. */
export function standardize<T extends Float32Array | Float64Array>(values: T): T {
  if (values.length < 2) return values;
  const { mean, std } = meanStd(values);
  for (let i = 0; i < values.length; i++) values[i] = ((values[i] as number) - mean) / (std + 1e-8);
  return values;
}
