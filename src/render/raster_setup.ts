/**
 * Loaded by tfgym's Node entry: makes `render()` in `rgb_array` mode draw with Skia (CanvasKit),
 * and `renderMode: 'human'` play in the live viewer. Costs about 0.1-0.2 s once (the wasm's
 * compilation and Skia's start), so the CLI loads it only for runs that draw.
 */
import { setHumanViewFactory } from '../core/render.js';
import { rasterBackend, setRasterBackend } from '../scenes/index.js';
import { openHumanViewer } from './human.js';
import { loadCanvasKit } from './raster.js';

if (rasterBackend() === null) setRasterBackend(await loadCanvasKit());
setHumanViewFactory(openHumanViewer);
