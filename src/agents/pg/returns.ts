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
