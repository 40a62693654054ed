/**
 * The viewer's scene: tfgym's scenes (`src/scenes`, the same code that `render()` draws in Node)
 * painted with pixi.js. `window.tfgym.registerScene(envId, scene)` adds one for your env (the same
 * scene object works with `registerScene` in Node); `registerDrawer(envId, (g, state, action) => …)`
 * draws with pixi's Graphics directly, on a 600x400 canvas.
 */
import type { Graphics } from 'pixi.js';
import { type Color, type Painter, type Scene as SceneSpec, registerScene, sceneFor } from '../../scenes/index.js';

export { registerScene };

/** A pixi.js-level drawer (the viewer's plugin API before scenes were shared with Node). */
export type Drawer = (g: Graphics, state: readonly number[], action: number | readonly number[] | null) => void;

/** Registers a pixi drawer as a 600x400 scene. */
export function registerDrawer(envId: string, drawer: Drawer): void {
  registerScene(envId, { width: 600, height: 400, draw: (p, state, action) => drawer((p as PixiPainter).graphics, state, action) });
}

/** A painter the page's {@link Scene} can size and start afresh for each frame. */
export interface PagePainter extends Painter {
  width: number;
  height: number;
  /** Forgets the previous frame. */
  begin(): void;
}

/** {@link Painter} on a pixi.js Graphics. */
export class PixiPainter implements PagePainter {
  width = 600;
  height = 400;

  constructor(readonly graphics: Graphics) {}

  begin(): void {
    this.graphics.clear();
  }

  clear(color: Color): void {
    this.graphics.rect(0, 0, this.width, this.height).fill(color);
  }

  polygon(points: readonly number[], color: Color): void {
    this.graphics.poly(points as number[]).fill(color);
  }

  circle(x: number, y: number, radius: number, color: Color): void {
    this.graphics.circle(x, y, radius).fill(color);
  }

  polyline(points: readonly number[], color: Color, width: number): void {
    this.graphics.moveTo(points[0] as number, points[1] as number);
    for (let i = 2; i + 1 < points.length; i += 2) this.graphics.lineTo(points[i] as number, points[i + 1] as number);
    this.graphics.stroke({ width, color });
  }

  arc(x: number, y: number, radius: number, start: number, end: number, color: Color, width: number): void {
    this.graphics.moveTo(x + radius * Math.cos(start), y + radius * Math.sin(start)).arc(x, y, radius, start, end).stroke({ width, color });
  }
}

/** The scene on the page: the env's scene redrawn per frame by a painter, at the scene's size. */
export class Scene {
  private spec: SceneSpec = sceneFor(null);
  /** How many frames were drawn (tests read it). */
  frames = 0;

  constructor(private readonly painter: PagePainter, private readonly resize: (width: number, height: number) => void) {}

  use(envId: string | null): void {
    this.spec = sceneFor(envId);
    this.painter.width = this.spec.width;
    this.painter.height = this.spec.height;
    this.resize(this.spec.width, this.spec.height);
  }

  draw(state: readonly number[], action: number | readonly number[] | null): void {
    this.painter.begin();
    this.spec.draw(this.painter, state, action);
    this.frames += 1;
  }
}
