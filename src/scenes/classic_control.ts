/**
 * The classic-control scenes, with the geometry, colours and sizes of Gymnasium's pygame drawing
 * code (`gymnasium/envs/classic_control/*.py`, `render()`): CartPole and MountainCar 600x400,
 * Acrobot and Pendulum 500x500, white background. Gymnasium draws with y up and flips the surface
 * at the end; {@link PygameSpace} does the same mapping (pixel centres, y flipped).
 *
 * One difference: Pendulum's torque arrow is Gymnasium's bitmap `clockwise.png`, scaled by |u|;
 * here it is drawn as vectors (an arc of the same size with an arrowhead), so no asset ships.
 */
import { type Color, type Painter, type Scene, rgb } from './painter.js';

const WHITE = rgb(255, 255, 255);
const BLACK = rgb(0, 0, 0);

/** Maps pygame's pixel coordinates (y up, before the flip) to the painter's (y down). */
class PygameSpace {
  constructor(readonly height: number) {}

  x(x: number): number {
    return x + 0.5;
  }

  y(y: number): number {
    return this.height - y - 0.5;
  }

  /** `[x0, y0, x1, y1, ...]` in pygame space -> painter space. */
  points(xy: readonly (readonly [number, number])[]): number[] {
    return xy.flatMap(([x, y]) => [this.x(x), this.y(y)]);
  }
}

/** pygame's `Vector2(x, y).rotate_rad(angle)`. */
function rotate([x, y]: readonly [number, number], angle: number): [number, number] {
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  return [x * c - y * s, x * s + y * c];
}

/** A rectangle `l, r, t, b` rotated by `angle` and moved to `(ox, oy)`, as Gymnasium builds its bodies. */
function box(l: number, r: number, t: number, b: number, angle: number, ox: number, oy: number): [number, number][] {
  return ([[l, b], [l, t], [r, t], [r, b]] as const).map((c) => {
    const [x, y] = rotate(c, angle);
    return [x + ox, y + oy];
  });
}

/** A 1-pixel horizontal or vertical line on pygame's pixel grid (gfxdraw.hline / vline). */
function gridLine(p: Painter, s: PygameSpace, x1: number, y1: number, x2: number, y2: number, color: Color): void {
  p.polyline([s.x(x1), s.y(y1), s.x(x2), s.y(y2)], color, 1);
}

/** CartPole-v1: `x` sets the cart, `theta` the pole (Gymnasium's cartpole.py). */
export const cartPoleScene: Scene = {
  width: 600,
  height: 400,
  draw(p, state) {
    const [x = 0, , theta = 0] = state;
    const s = new PygameSpace(400);
    const scale = 600 / 4.8;
    const poleWidth = 10;
    const poleLength = scale * (2 * 0.5);
    const cartX = x * scale + 300;
    const cartY = 100;
    const axle = 30 / 4;
    p.clear(WHITE);
    p.polygon(s.points(box(-25, 25, 15, -15, 0, cartX, cartY)), BLACK);
    p.polygon(s.points(box(-poleWidth / 2, poleWidth / 2, poleLength - poleWidth / 2, -poleWidth / 2, -theta, cartX, cartY + axle)), rgb(202, 152, 101));
    p.circle(s.x(Math.trunc(cartX)), s.y(Math.trunc(cartY + axle)), Math.trunc(poleWidth / 2), rgb(129, 132, 203));
    gridLine(p, s, 0, cartY, 600, cartY, BLACK);
  },
};

/** MountainCar-v0 / MountainCarContinuous-v0 (flag at `goal`): the hill, the car, the flag. */
export function mountainCarScene(goal: number): Scene {
  const minX = -1.2;
  const scale = 600 / (0.6 - minX);
  const height = (x: number): number => Math.sin(3 * x) * 0.45 + 0.55;
  const hill: [number, number][] = Array.from({ length: 100 }, (_, i) => {
    const x = minX + ((0.6 - minX) * i) / 99;
    return [(x - minX) * scale, height(x) * scale];
  });
  return {
    width: 600,
    height: 400,
    draw(p, state) {
      const [pos = 0] = state;
      const s = new PygameSpace(400);
      p.clear(WHITE);
      p.polyline(s.points(hill), BLACK, 1);
      const clearance = 10;
      // Gymnasium tilts the car by cos(3 * pos) radians (the slope's derivative up to a factor).
      const tilt = Math.cos(3 * pos);
      const baseX = (pos - minX) * scale;
      const baseY = clearance + height(pos) * scale;
      p.polygon(s.points(box(-20, 20, 20, 0, tilt, baseX, baseY)), BLACK);
      for (const dx of [10, -10]) {
        const [wx, wy] = rotate([dx, 0], tilt);
        p.circle(s.x(Math.trunc(wx + baseX)), s.y(Math.trunc(wy + baseY)), Math.trunc(20 / 2.5), rgb(128, 128, 128));
      }
      const flagX = Math.trunc((goal - minX) * scale);
      const flagY1 = Math.trunc(height(goal) * scale);
      const flagY2 = flagY1 + 50;
      gridLine(p, s, flagX, flagY1, flagX, flagY2, BLACK);
      p.polygon(s.points([[flagX, flagY2], [flagX, flagY2 - 10], [flagX + 25, flagY2 - 5]]), rgb(204, 204, 0));
    },
  };
}

/** Acrobot-v1: two links from the pivot, the target line one link-length above it (acrobot.py). */
export const acrobotScene: Scene = {
  width: 500,
  height: 500,
  draw(p, state) {
    const [t1 = 0, t2 = 0] = state;
    const s = new PygameSpace(500);
    const scale = 500 / (2 * 2.2);
    const offset = 250;
    p.clear(WHITE);
    gridLine(p, s, Math.trunc(-2.2 * scale + offset), Math.trunc(scale + offset), Math.trunc(2.2 * scale + offset), Math.trunc(scale + offset), BLACK);
    const joints: [number, number][] = [[0, 0], [Math.sin(t1) * scale, -Math.cos(t1) * scale]];
    const angles = [t1 - Math.PI / 2, t1 + t2 - Math.PI / 2];
    joints.forEach(([jx, jy], i) => {
      const x = jx + offset;
      const y = jy + offset;
      p.polygon(s.points(box(0, scale, 0.1 * scale, -0.1 * scale, angles[i] as number, x, y)), rgb(0, 204, 204));
      p.circle(s.x(Math.trunc(x)), s.y(Math.trunc(y)), Math.trunc(0.1 * scale), rgb(204, 204, 0));
    });
  },
};

/** Pendulum-v1: the rod (theta = 0 up), its ends, and the torque arrow scaled by |u| (pendulum.py). */
export const pendulumScene: Scene = {
  width: 500,
  height: 500,
  draw(p, state, action) {
    const [theta = 0] = state;
    const s = new PygameSpace(500);
    const scale = 500 / (2 * 2.2);
    const offset = 250;
    const rodWidth = 0.2 * scale;
    const red = rgb(204, 77, 77);
    p.clear(WHITE);
    p.polygon(s.points(box(0, scale, rodWidth / 2, -rodWidth / 2, theta + Math.PI / 2, offset, offset)), red);
    p.circle(s.x(offset), s.y(offset), Math.trunc(rodWidth / 2), red);
    const [ex, ey] = rotate([scale, 0], theta + Math.PI / 2);
    p.circle(s.x(Math.trunc(ex + offset)), s.y(Math.trunc(ey + offset)), Math.trunc(rodWidth / 2), red);
    const u = typeof action === 'number' ? action : (action?.[0] ?? null);
    if (u !== null && u !== 0) torqueArrow(p, (scale * Math.abs(u)) / 2, u > 0);
    p.circle(s.x(offset), s.y(offset), Math.trunc(0.05 * scale), BLACK);
  },
};

/**
 * Gymnasium's `clockwise.png` (an arc from 12 o'clock clockwise round to 9 o'clock, arrowhead up)
 * in a `size` x `size` box centred on the pivot; mirrored (counter-clockwise) for a positive torque.
 */
function torqueArrow(p: Painter, size: number, mirror: boolean): void {
  const cx = 250;
  const cy = 250;
  const r = 0.46 * size;
  const width = Math.max(1, 0.028 * size);
  const m = mirror ? -1 : 1;
  const end = Math.PI * 0.97;
  if (mirror) p.arc(cx, cy, r, Math.PI - end, 1.5 * Math.PI, BLACK, width);
  else p.arc(cx, cy, r, -Math.PI / 2, end, BLACK, width);
  const tipX = cx - m * r;
  const tipY = cy - 0.16 * size;
  const half = 0.07 * size;
  p.polygon([tipX, tipY, tipX - half, tipY + 0.17 * size, tipX + half, tipY + 0.17 * size], BLACK);
}

/** The tutorial's table games: one box per state, the current one filled. */
export function boxesScene(n: number): Scene {
  return {
    width: 600,
    height: 400,
    draw(p, state) {
      const [current = 0] = state;
      const w = 600 / (n + 1);
      p.clear(WHITE);
      for (let i = 0; i < n; i++) {
        const x = w / 2 + i * w;
        const y = 200 - w / 3;
        const rect = (inset: number): number[] => [x + inset, y + inset, x + w * 0.8 - inset, y + inset, x + w * 0.8 - inset, y + w * 0.66 - inset, x + inset, y + w * 0.66 - inset];
        p.polygon(rect(0), rgb(55, 65, 81));
        p.polygon(rect(2), i === current ? rgb(22, 163, 74) : rgb(229, 231, 235));
      }
    },
  };
}
