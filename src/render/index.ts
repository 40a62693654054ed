export { RenderServer, type RenderServerOptions } from './server.js';
export { LiveRenderer, type LiveRendererOptions } from './live.js';
export { viewerWebRoot } from './web_root.js';
export { openViewer, closeViewer, type RenderOptions } from './run_viewer.js';
