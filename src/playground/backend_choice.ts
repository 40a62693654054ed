/**
 * Which tensor backend the playground's worker asks for. `auto` takes WebGL when the worker can
 * draw on a hardware GPU, and wasm otherwise: WebGL on a software rasteriser (SwiftShader,
 * llvmpipe: what headless and GPU-less browsers have) is many times slower than wasm for the small
 * networks of RL. The note says which was taken and why; the page shows it.
 */
import type { BackendName } from '../backend/index.js';
import type { PageBackend } from './protocol.js';

/** The worker's WebGL2 renderer string, or null when it has no WebGL2 (no OffscreenCanvas, no GPU process). */
function webglRenderer(): string | null {
  try {
    const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
    if (!gl) return null;
    const debug = gl.getExtension('WEBGL_debug_renderer_info');
    return String(gl.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  } catch {
    return null;
  }
}

export function pointBackend(asked: PageBackend): { backend: BackendName; note: string } {
  if (asked !== 'auto') return { backend: asked, note: `${asked} (chosen)` };
  const renderer = webglRenderer();
  if (renderer === null) return { backend: 'wasm', note: 'wasm (this browser has no WebGL2 in workers)' };
  if (/swiftshader|llvmpipe|software|softpipe/i.test(renderer)) return { backend: 'wasm', note: `wasm (WebGL here is a software renderer, ${renderer}: slower than wasm)` };
  return { backend: 'webgl', note: `webgl on ${renderer}` };
}
