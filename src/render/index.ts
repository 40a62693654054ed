export { RenderServer, type RenderServerOptions } from './server.js';
export { LiveRenderer, type LiveRendererOptions } from './live.js';
export { viewerWebRoot } from './web_root.js';
export { parseClientMessage, PROTOCOL_VERSION, MAX_CLIENT_MESSAGE_BYTES, type ServerMessage, type ClientMessage, type Frame, type RunSummary } from './protocol.js';
