/**
 * {@link PagePainter} on a 2D canvas: the playground draws the env scenes with it, keeping pixi.js
 * (WebGL, ~0.5 MB) out of a page whose first load must stay small; the scenes are the same.
 */
import type { Color } from '../../scenes/index.js';
import type { PagePainter } from './scenes.js';

const css = (c: Color): string => `#${c.toString(16).padStart(6, '0')}`;

export class CanvasPainter implements PagePainter {
  constructor(private readonly ctx: CanvasRenderingContext2D) {}

  get width(): number {
    return this.ctx.canvas.width;
  }

  set width(w: number) {
    this.ctx.canvas.width = w;
  }

  get height(): number {
    return this.ctx.canvas.height;
  }

  set height(h: number) {
    this.ctx.canvas.height = h;
  }

  begin(): void {
    this.ctx.setTransform(1, 0, 0, 1, 0, 0);
  }

  clear(color: Color): void {
    this.ctx.fillStyle = css(color);
    this.ctx.fillRect(0, 0, this.width, this.height);
  }

  polygon(points: readonly number[], color: Color): void {
    this.path(points);
    this.ctx.closePath();
    this.ctx.fillStyle = css(color);
    this.ctx.fill();
  }

  circle(x: number, y: number, radius: number, color: Color): void {
    this.ctx.beginPath();
    this.ctx.arc(x, y, radius, 0, 2 * Math.PI);
    this.ctx.fillStyle = css(color);
    this.ctx.fill();
  }

  polyline(points: readonly number[], color: Color, width: number): void {
    this.path(points);
    this.stroke(color, width);
  }

  arc(x: number, y: number, radius: number, start: number, end: number, color: Color, width: number): void {
    this.ctx.beginPath();
    this.ctx.arc(x, y, radius, start, end);
    this.stroke(color, width);
  }

  private path(points: readonly number[]): void {
    this.ctx.beginPath();
    this.ctx.moveTo(points[0] as number, points[1] as number);
    for (let i = 2; i + 1 < points.length; i += 2) this.ctx.lineTo(points[i] as number, points[i + 1] as number);
  }

  private stroke(color: Color, width: number): void {
    this.ctx.strokeStyle = css(color);
    this.ctx.lineWidth = width;
    this.ctx.stroke();
  }
}
