/**
 * Plays recorded episodes (the viewer's `episodeFrames` messages) on a scene at the env's frame
 * rate times a speed: the newest episode offered is played next, whole, one frame per tick of the
 * clock. The viewer (pixi.js) and the playground (canvas 2D) use it with their own painters.
 */
import type { Frame } from '../protocol.js';

export interface RecordedEpisode {
  episode: number;
  copy: number;
  initialState: number[];
  frames: Frame[];
  /** What the page says while it plays (default: `episode N (copy C): L steps`). */
  label?: string;
}

/** What the player draws on. */
export interface SceneTarget {
  draw(state: readonly number[], action: number | readonly number[] | null): void;
}

export class EpisodePlayer {
  /** Env frames per second at speed 1 (the env's `renderFps`). */
  fps = 30;
  /** Playback speed (1 = real time; >= 1000 draws only the last frame of a tick). */
  speed = 1;
  paused = false;
  /** The episode being played, or the last one played. */
  lastPlayed: { copy: number; episode: number } | null = null;
  private playing: RecordedEpisode | null = null;
  private next: RecordedEpisode | null = null;
  private index = 0;
  private clock = 0;

  /** `onStart` is told each episode as its playing begins (for a caption). */
  constructor(private readonly scene: SceneTarget, private readonly onStart: (e: RecordedEpisode) => void = () => undefined) {}

  /** Queues `e` to play after the current episode (replacing any queued one). */
  offer(e: RecordedEpisode): void {
    this.next = e;
  }

  /** Whether an episode is playing or queued. */
  get busy(): boolean {
    return this.playing !== null || this.next !== null;
  }

  /** Forgets the playing and queued episodes. */
  clear(): void {
    this.playing = null;
    this.next = null;
  }

  /** Advances the clock by `deltaMS` and draws the frames it passed. */
  tick(deltaMS: number): void {
    if (this.paused) return;
    if (!this.playing && this.next) {
      this.playing = this.next;
      this.next = null;
      this.index = -1;
      this.clock = 0;
      this.scene.draw(this.playing.initialState, null);
      this.lastPlayed = { copy: this.playing.copy, episode: this.playing.episode };
      this.onStart(this.playing);
    }
    if (!this.playing) return;
    this.clock += (deltaMS / 1000) * this.fps * this.speed;
    while (this.clock >= 1 && this.playing) {
      this.clock -= 1;
      this.index += 1;
      const f = this.playing.frames[this.index];
      if (!f) {
        this.playing = null;
        break;
      }
      if (this.clock < 1 || this.speed < 1000) this.scene.draw(f.state, f.action);
    }
  }
}
