/**
 * Running mean and variance (Chan et al.'s parallel algorithm), as Gymnasium's `RunningMeanStd`,
 * in float64. Used by NormalizeObservation and NormalizeReward.
 */
export class RunningMeanStd {
  readonly mean: Float64Array;
  readonly var: Float64Array;
  count: number;

  constructor(size: number, epsilon = 1e-4) {
    this.mean = new Float64Array(size);
    this.var = new Float64Array(size).fill(1);
    this.count = epsilon;
  }

  /** Updates from a single sample (a batch of one: batch variance 0). */
  update(x: ArrayLike<number>): void {
    const total = this.count + 1;
    for (let i = 0; i < this.mean.length; i++) {
      const mean = this.mean[i] as number;
      const delta = (x[i] as number) - mean;
      this.mean[i] = mean + delta / total;
      const m2 = (this.var[i] as number) * this.count + (delta * delta * this.count) / total;
      this.var[i] = m2 / total;
    }
    this.count = total;
  }
}
