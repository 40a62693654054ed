/**
 * The drawing interface every scene is written against. Three painters implement it: the browser
 * viewer's (pixi.js Graphics), the playground's (a 2D canvas) and the raster one behind `render()` in `rgb_array` mode (Skia via
 * CanvasKit, `src/render/raster.ts`). Scenes never import a drawing library.
 *
 * Coordinates are pixels, x to the right and y down, (0, 0) the top-left corner of the picture;
 * pixel (i, j) covers [i, i + 1) x [j, j + 1). Shapes are anti-aliased.
 */

/** A colour as 0xRRGGBB. */
export type Color = number;

/** `rgb(202, 152, 101)` -> 0xca9865. */
export function rgb(r: number, g: number, b: number): Color {
  return (r << 16) | (g << 8) | b;
}

export interface Painter {
  /** Fills the whole picture. */
  clear(color: Color): void;
  /** A filled polygon; `points` is `[x0, y0, x1, y1, ...]`. */
  polygon(points: readonly number[], color: Color): void;
  /** A filled circle. */
  circle(x: number, y: number, radius: number, color: Color): void;
  /** An open polyline of the given stroke width. */
  polyline(points: readonly number[], color: Color, width: number): void;
  /** A stroked arc from angle `start` to `end` (radians; 0 is +x, positive turns clockwise on screen). */
  arc(x: number, y: number, radius: number, start: number, end: number, color: Color, width: number): void;
}

/** A picture of an env: its size and how a state (and the last action) is drawn. */
export interface Scene {
  readonly width: number;
  readonly height: number;
  draw(painter: Painter, state: readonly number[], action: number | readonly number[] | null): void;
}
