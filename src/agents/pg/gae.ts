/**
 * Generalized advantage estimation (Schulman et al., 2016) over a rollout of `nSteps` steps of
 * `nEnvs` envs (arrays indexed `t * nEnvs + i`):
 *
 *   delta_t = r_t + gamma (1 - done_t) V(s_{t+1}) - V(s_t)
 *   A_t     = delta_t + gamma lambda (1 - done_t) A_{t+1},      returns R_t = A_t + V(s_t)
 *
 * `done_t` marks a step that ended an episode. A truncated step still deserves the value of the
 * state it was cut at: the caller adds gamma V(s_final) to its reward (as Stable-Baselines3
 * does), so truncation bootstraps and termination does not. lambda = 1 gives n-step returns (A2C).
 */
export function gae(
  rewards: ArrayLike<number>,
  values: ArrayLike<number>,
  dones: ArrayLike<number>,
  lastValues: ArrayLike<number>,
  options: { gamma: number; lambda: number; nSteps: number; nEnvs: number },
): { advantages: Float64Array; returns: Float64Array } {
  const { gamma, lambda, nSteps, nEnvs } = options;
  const advantages = new Float64Array(nSteps * nEnvs);
  const running = new Float64Array(nEnvs);
  for (let t = nSteps - 1; t >= 0; t--) {
    for (let i = 0; i < nEnvs; i++) {
      const k = t * nEnvs + i;
      const next = t === nSteps - 1 ? (lastValues[i] as number) : (values[k + nEnvs] as number);
      const live = 1 - (dones[k] as number);
      const delta = (rewards[k] as number) + gamma * next * live - (values[k] as number);
      running[i] = delta + gamma * lambda * live * (running[i] as number);
      advantages[k] = running[i] as number;
    }
  }
  const returns = advantages.map((a, k) => a + (values[k] as number));
  return { advantages, returns };
}
