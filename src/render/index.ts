export { RenderServer, type RenderServerOptions } from './server.js';
export { LiveRenderer, type LiveRendererOptions, type ViewerSink } from './live.js';
export { viewerWebRoot } from './web_root.js';
export { openViewer, closeViewer, type RenderOptions } from './run_viewer.js';
export { RecordVideo, cappedCubicVideoSchedule, type RecordVideoOptions } from './record_video.js';
export { openVideo, videoFormat, requireFfmpeg, type VideoWriter } from './video.js';
export { loadCanvasKit, rgbaToRgb } from './raster.js';
