/**
 * One episode's running numbers, as every loop reports them: its return, the env's own return
 * where a wrapper changed the reward (it keeps it in `info.rawReward`, e.g. shaping), its length.
 * The single-env loop, the vector loop (one per copy) and remote actors all count with it.
 */
export interface EpisodeSummary {
  return: number;
  /** The unshaped return, or null when no step reported `info.rawReward`. */
  rawReturn: number | null;
  length: number;
}

export class EpisodeAccumulator {
  private total = 0;
  private raw = 0;
  private hasRaw = false;
  private steps = 0;

  /** Adds a step's reward and its info (for `rawReward`). */
  add(reward: number, info: { rawReward?: unknown } | undefined): void {
    this.total += reward;
    this.steps += 1;
    if (typeof info?.rawReward === 'number') {
      this.raw += info.rawReward;
      this.hasRaw = true;
    }
  }

  /** The finished episode's numbers; the next episode starts from zero. */
  end(): EpisodeSummary {
    const out = { return: this.total, rawReturn: this.hasRaw ? this.raw : null, length: this.steps };
    this.total = this.raw = this.steps = 0;
    this.hasRaw = false;
    return out;
  }
}
