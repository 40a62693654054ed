/**
 * Minimal line charts on a 2-D canvas (no chart library): a few named series, autoscaled.
 */
export interface Series {
  name: string;
  color: string;
  points: { x: number; y: number }[];
}

export class LineChart {
  readonly canvas: HTMLCanvasElement;
  readonly series = new Map<string, Series>();
  private dirty = true;

  constructor(parent: HTMLElement, readonly title: string) {
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'chart';
    this.canvas.width = 520;
    this.canvas.height = 180;
    this.canvas.dataset.title = title;
    parent.appendChild(this.canvas);
  }

  add(name: string, color: string, x: number, y: number): void {
    if (!Number.isFinite(y)) return;
    let s = this.series.get(name);
    if (!s) this.series.set(name, (s = { name, color, points: [] }));
    s.points.push({ x, y });
    if (s.points.length > 2000) s.points.splice(0, s.points.length - 2000);
    this.dirty = true;
  }

  /** Number of points drawn, over all series (tests read it). */
  get size(): number {
    let n = 0;
    for (const s of this.series.values()) n += s.points.length;
    return n;
  }

  draw(): void {
    if (!this.dirty) return;
    this.dirty = false;
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return;
    const { width: w, height: h } = this.canvas;
    ctx.clearRect(0, 0, w, h);
    ctx.fillStyle = '#222';
    ctx.font = '12px sans-serif';
    ctx.fillText(this.title, 8, 14);
    const all = [...this.series.values()].flatMap((s) => s.points);
    if (all.length === 0) return;
    let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
    for (const p of all) {
      x0 = Math.min(x0, p.x); x1 = Math.max(x1, p.x); y0 = Math.min(y0, p.y); y1 = Math.max(y1, p.y);
    }
    if (x1 === x0) x1 = x0 + 1;
    if (y1 === y0) { y1 += 1; y0 -= 1; }
    const px = (x: number) => 40 + ((x - x0) / (x1 - x0)) * (w - 50);
    const py = (y: number) => h - 20 - ((y - y0) / (y1 - y0)) * (h - 40);
    ctx.fillStyle = '#666';
    ctx.fillText(y1.toPrecision(3), 2, 28);
    ctx.fillText(y0.toPrecision(3), 2, h - 20);
    let legend = 120;
    for (const s of this.series.values()) {
      ctx.strokeStyle = s.color;
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      s.points.forEach((p, i) => (i === 0 ? ctx.moveTo(px(p.x), py(p.y)) : ctx.lineTo(px(p.x), py(p.y))));
      ctx.stroke();
      ctx.fillStyle = s.color;
      ctx.fillText(s.name, legend, 14);
      legend += ctx.measureText(s.name).width + 16;
    }
  }
}
