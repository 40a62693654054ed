/**
 * Scenes: what each env looks like, written once against {@link Painter} and drawn by the browser
 * viewer (pixi.js) and by `render()` (a raster backend). Loading this module registers the
 * built-in scenes and makes `rgb_array` rendering draw through them.
 */
import { setFrameRenderer } from '../core/render.js';
import { acrobotScene, boxesScene, cartPoleScene, mountainCarScene, pendulumScene } from './classic_control.js';
import { rasterize } from './raster.js';
import { registerScene, sceneFor } from './registry.js';

export { type Color, type Painter, type Scene, rgb } from './painter.js';
export { registerScene, sceneFor, hasScene, barsScene } from './registry.js';
export { rasterize, setRasterBackend, rasterBackend, type RasterBackend, type RasterSurface } from './raster.js';
export { acrobotScene, boxesScene, cartPoleScene, mountainCarScene, pendulumScene } from './classic_control.js';

registerScene('CartPole', cartPoleScene);
registerScene('MountainCar', mountainCarScene(0.5));
registerScene('MountainCarContinuous', mountainCarScene(0.45));
registerScene('Acrobot', acrobotScene);
registerScene('Pendulum', pendulumScene);
registerScene('tutorial/RewardTable', boxesScene(3));
registerScene('tutorial/DelayedReward', boxesScene(4));

setFrameRenderer(({ envId, state, action }) => rasterize(sceneFor(envId), state, action, envId));
