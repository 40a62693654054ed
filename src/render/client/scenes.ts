/**
 * pixi.js scenes for the built-in envs, keyed by env id, and a generic fallback that draws the
 * state vector as bars. `registerDrawer(envId, drawer)` adds a scene for your own env.
 */
import { Graphics, type Container } from 'pixi.js';

export const WIDTH = 600;
export const HEIGHT = 400;

/** Draws one env state (the numbers the env exposes as `unwrapped.state`). */
export type Drawer = (g: Graphics, state: readonly number[], action: number | number[] | null) => void;

const drawers = new Map<string, Drawer>();

export function registerDrawer(envId: string, drawer: Drawer): void {
  drawers.set(envId, drawer);
}

export function drawerFor(envId: string | null): Drawer {
  if (envId) {
    const exact = drawers.get(envId);
    if (exact) return exact;
    const family = drawers.get(envId.replace(/-v\d+$/, ''));
    if (family) return family;
  }
  return bars;
}

/** A scene: one Graphics redrawn per frame. */
export class Scene {
  readonly g = new Graphics();
  private drawer: Drawer = bars;
  /** How many frames were drawn (tests read it). */
  frames = 0;

  constructor(stage: Container) {
    stage.addChild(this.g);
  }

  use(envId: string | null): void {
    this.drawer = drawerFor(envId);
  }

  draw(state: readonly number[], action: number | number[] | null): void {
    this.g.clear();
    this.drawer(this.g, state, action);
    this.frames += 1;
  }
}

// --- MountainCar: the hill sin(3x), the car tilted along the slope, the flag at 0.5 -------------
function mountainCar(goal: number): Drawer {
  const minX = -1.2;
  const maxX = 0.6;
  const scale = WIDTH / (maxX - minX);
  const yScale = HEIGHT - 100; // the hill's height runs from 0.1 to 1: keep the flag on screen
  const height = (x: number) => Math.sin(3 * x) * 0.45 + 0.55;
  const toScreen = (x: number, y: number): [number, number] => [(x - minX) * scale, HEIGHT - 20 - y * yScale];
  return (g, [pos = 0]) => {
    for (let i = 0; i <= 100; i++) {
      const x = minX + ((maxX - minX) * i) / 100;
      const [sx, sy] = toScreen(x, height(x));
      if (i === 0) g.moveTo(sx, sy);
      else g.lineTo(sx, sy);
    }
    g.stroke({ width: 3, color: 0x444444 });
    const [fx, fy] = toScreen(goal, height(goal));
    g.moveTo(fx, fy).lineTo(fx, fy - 50).stroke({ width: 2, color: 0x333333 });
    g.poly([fx, fy - 50, fx + 25, fy - 42, fx, fy - 34]).fill(0xe6b800);
    const angle = Math.atan((Math.cos(3 * pos) * 0.45 * 3 * yScale) / scale);
    const [cx, cy] = toScreen(pos, height(pos));
    const cos = Math.cos(-angle);
    const sin = Math.sin(-angle);
    const corner = (dx: number, dy: number): [number, number] => [cx + dx * cos - dy * sin, cy + dx * sin + dy * cos];
    const body = [corner(-20, -6), corner(20, -6), corner(20, -22), corner(-20, -22)].flat();
    g.poly(body).fill(0x2563eb);
    for (const dx of [-12, 12]) {
      const [wx, wy] = corner(dx, -4);
      g.circle(wx, wy, 5).fill(0x111111);
    }
  };
}

// --- CartPole: track, cart, pole -----------------------------------------------------------------
const cartPole: Drawer = (g, [x = 0, , theta = 0], action) => {
  const scale = WIDTH / 4.8;
  const trackY = HEIGHT * 0.7;
  const cx = WIDTH / 2 + x * scale;
  g.moveTo(0, trackY).lineTo(WIDTH, trackY).stroke({ width: 2, color: 0x444444 });
  g.rect(cx - 25, trackY - 15, 50, 30).fill(0x111827);
  const poleLength = scale * 1.0;
  const px = cx + Math.sin(theta) * poleLength;
  const py = trackY - 15 - Math.cos(theta) * poleLength;
  g.moveTo(cx, trackY - 15).lineTo(px, py).stroke({ width: 10, color: 0xca8a04 });
  g.circle(cx, trackY - 15, 5).fill(0x64748b);
  if (typeof action === 'number') g.poly(action === 1 ? [cx + 30, trackY, cx + 45, trackY - 6, cx + 45, trackY + 6] : [cx - 30, trackY, cx - 45, trackY - 6, cx - 45, trackY + 6]).fill(0xdc2626);
};

// --- Acrobot: two links hanging from a pivot -------------------------------------------------------
const acrobot: Drawer = (g, [t1 = 0, t2 = 0]) => {
  const scale = HEIGHT / 5;
  const [ox, oy] = [WIDTH / 2, HEIGHT / 2];
  const x1 = ox + Math.sin(t1) * scale;
  const y1 = oy + Math.cos(t1) * scale;
  const x2 = x1 + Math.sin(t1 + t2) * scale;
  const y2 = y1 + Math.cos(t1 + t2) * scale;
  g.moveTo(0, oy - scale).lineTo(WIDTH, oy - scale).stroke({ width: 1, color: 0x999999 });
  g.moveTo(ox, oy).lineTo(x1, y1).stroke({ width: 10, color: 0x0ea5e9 });
  g.moveTo(x1, y1).lineTo(x2, y2).stroke({ width: 10, color: 0x0ea5e9 });
  g.circle(ox, oy, 6).fill(0x111111);
  g.circle(x1, y1, 6).fill(0xe6b800);
};

// --- Pendulum: the rod (theta = 0 is up) and the applied torque ----------------------------------
const pendulum: Drawer = (g, [theta = 0], action) => {
  const [ox, oy] = [WIDTH / 2, HEIGHT / 2];
  const r = HEIGHT / 3;
  const x = ox + Math.sin(theta) * r;
  const y = oy - Math.cos(theta) * r;
  g.moveTo(ox, oy).lineTo(x, y).stroke({ width: 14, color: 0xcc4c4c });
  g.circle(ox, oy, 6).fill(0x111111);
  const u = Array.isArray(action) ? (action[0] ?? 0) : 0;
  if (u !== 0) {
    g.arc(ox, oy, 40, -Math.PI / 2, -Math.PI / 2 + (u / 2) * Math.PI, u < 0).stroke({ width: 4, color: 0x111111 });
  }
};

// --- the tutorial's table games: one box per state, the current one filled -----------------------
function boxes(n: number): Drawer {
  return (g, [s = 0]) => {
    const w = WIDTH / (n + 1);
    for (let i = 0; i < n; i++) {
      const x = w / 2 + i * w;
      g.rect(x, HEIGHT / 2 - w / 3, w * 0.8, w * 0.66).fill(i === s ? 0x16a34a : 0xe5e7eb).stroke({ width: 2, color: 0x374151 });
    }
  };
}

/** The fallback for custom envs: each state number as a bar around the middle line. */
export const bars: Drawer = (g, state) => {
  const n = Math.max(state.length, 1);
  const w = WIDTH / n;
  const maxAbs = Math.max(1e-6, ...state.map((v) => Math.abs(v)));
  g.moveTo(0, HEIGHT / 2).lineTo(WIDTH, HEIGHT / 2).stroke({ width: 1, color: 0x999999 });
  state.forEach((v, i) => {
    const h = (v / maxAbs) * (HEIGHT / 2 - 20);
    g.rect(i * w + w * 0.15, h >= 0 ? HEIGHT / 2 - h : HEIGHT / 2, w * 0.7, Math.abs(h)).fill(v >= 0 ? 0x2563eb : 0xdc2626);
  });
};

registerDrawer('MountainCar', mountainCar(0.5));
registerDrawer('MountainCarContinuous', mountainCar(0.45));
registerDrawer('CartPole', cartPole);
registerDrawer('Acrobot', acrobot);
registerDrawer('Pendulum', pendulum);
registerDrawer('tutorial/RewardTable', boxes(3));
registerDrawer('tutorial/DelayedReward', boxes(4));
