/**
 * The live viewer's server: an HTTP server for the built page (static files, no network access
 * needed) and a WebSocket endpoint (`/ws`) that broadcasts {@link ServerMessage}s. It binds to
 * 127.0.0.1 unless told otherwise, refuses paths outside its web root, keeps a bounded history
 * so that late joiners see the run so far, and never lets a client's message throw into the
 * trainer: bad ones are dropped, with warnings at most once a second.
 *
 * Who may connect: a WebSocket upgrade whose `Host` is not the address served (DNS rebinding) or
 * whose `Origin` is not the viewer's own page (another site the user has open) is refused. Bound
 * to anything but loopback, it also requires an access token, generated at start and carried in
 * the printed URL. A client that does not read (its send buffer past `maxBufferedBytes`) is
 * dropped, and each client's pings are answered at most `maxPingsPerSecond` times a second.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { warn } from '../core/logger.js';
import { MAX_CLIENT_MESSAGE_BYTES, parseClientMessage, type ServerMessage } from './protocol.js';

export interface RenderServerOptions {
  /** Port to listen on; 0 picks a free one. Default 0. */
  port?: number;
  /** Interface to bind. Default 127.0.0.1 (this machine only). */
  host?: string;
  /** Folder with the built page (index.html and its assets). */
  webRoot: string;
  /** Messages kept for late joiners (oldest dropped first; `hello` is always kept). Default 5000. */
  historyLimit?: number;
  /**
   * Browser scripts (ES modules) the page imports before connecting, e.g. to add a scene for
   * your env with `window.tfgym.registerDrawer(envId, drawer)`. Served as /plugins/N.js.
   */
  plugins?: readonly string[];
  /** A client whose unsent data passes this many bytes is dropped. Default 16 MiB. */
  maxBufferedBytes?: number;
  /** Pings answered per client per second (more are ignored). Default 20. */
  maxPingsPerSecond?: number;
  /** Require this access token on WebSocket connections (`/ws?token=…`). Default: a new one when not bound to loopback, else none. */
  token?: string | null;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.png': 'image/png', '.svg': 'image/svg+xml', '.map': 'application/json',
};

export class RenderServer {
  private readonly http: Server;
  private readonly wss: WebSocketServer;
  private readonly root: string;
  private readonly historyLimit: number;
  private hello: ServerMessage | null = null;
  private history: string[] = [];
  /** The latest recorded episode, replayed to late joiners. */
  private lastFrames: string | null = null;
  /** Client messages dropped so far (for tests and logs). */
  dropped = 0;
  /** Clients disconnected for not reading (for tests and logs). */
  evicted = 0;
  /** WebSocket upgrades refused (wrong Host, Origin or token). */
  refused = 0;
  /** The access token, when one is required. */
  readonly token: string | null;
  private readonly maxBuffered: number;
  private readonly maxPings: number;
  private lastWarning = Number.NEGATIVE_INFINITY;
  private unwarned = 0;
  private address = '';

  constructor(private readonly options: RenderServerOptions) {
    this.root = resolve(options.webRoot);
    this.historyLimit = options.historyLimit ?? 5000;
    const host = options.host ?? '127.0.0.1';
    this.token = options.token !== undefined ? options.token : LOOPBACK.has(host) ? null : randomBytes(18).toString('base64url');
    this.maxBuffered = options.maxBufferedBytes ?? 16 * 1024 * 1024;
    this.maxPings = options.maxPingsPerSecond ?? 20;
    this.http = createServer((req, res) => this.serve(req, res));
    this.wss = new WebSocketServer({ server: this.http, path: '/ws', maxPayload: 64 * 1024, verifyClient: (info, done) => this.verify(info.req, done) });
    this.wss.on('connection', (ws) => this.welcome(ws));
  }

  /** Starts listening; resolves to the URL to open. */
  async start(): Promise<string> {
    const host = this.options.host ?? '127.0.0.1';
    await new Promise<void>((ok, fail) => {
      this.http.once('error', fail);
      this.http.listen(this.options.port ?? 0, host, () => ok());
    });
    const { port } = this.http.address() as AddressInfo;
    this.address = `${host.includes(':') ? `[${host}]` : host}:${port}`;
    if (!LOOPBACK.has(host)) warn(`viewer: listening on ${host}, reachable from other machines; connections need the token in the URL`);
    return `http://${this.address}/${this.token ? `?token=${this.token}` : ''}`;
  }

  /** Whether an upgrade may proceed: the Host served, the viewer's own Origin (or none), the token. */
  private verify(req: IncomingMessage, done: (ok: boolean, code?: number, message?: string) => void): void {
    const [, port] = /:(\d+)$/.exec(this.address) ?? [];
    const host = req.headers.host ?? '';
    const hostName = host.replace(/:\d+$/, '');
    const local = LOOPBACK.has(this.options.host ?? '127.0.0.1');
    // On loopback only loopback names reach us (a rebound DNS name is refused); elsewhere the name is the user's.
    const hostOk = host.endsWith(`:${port}`) && (!local || LOOPBACK.has(hostName));
    const origin = req.headers.origin;
    const originOk = origin === undefined || origin === `http://${host}` || origin === `https://${host}`;
    const token = new URL(req.url ?? '/', 'http://x').searchParams.get('token');
    const tokenOk = this.token === null || token === this.token;
    if (hostOk && originOk && tokenOk) return done(true);
    this.refused += 1;
    this.warnLimited(`viewer: refused a connection (${!hostOk ? `Host ${JSON.stringify(host)}` : !originOk ? `Origin ${JSON.stringify(origin)}` : 'no valid token'})`);
    done(false, tokenOk ? 403 : 401, tokenOk ? 'Forbidden' : 'Unauthorized');
  }

  /** Number of connected pages. */
  get clients(): number {
    return this.wss.clients.size;
  }

  /** Sends a message to every page and keeps it for late joiners. Never throws, never waits. */
  broadcast(message: ServerMessage): void {
    const text = JSON.stringify(message);
    if (message.type === 'hello') {
      this.hello = message;
      this.history = [];
    } else if (message.type === 'episodeFrames') {
      this.lastFrames = text;
    } else {
      this.history.push(text);
      if (this.history.length > this.historyLimit) this.history.splice(0, this.history.length - this.historyLimit);
    }
    for (const ws of this.wss.clients) {
      // A slow page gets fewer frames rather than slowing the trainer: skip when its buffer is full.
      if (ws.readyState === ws.OPEN && (message.type !== 'episodeFrames' || ws.bufferedAmount < 1 << 20)) this.send(ws, text);
    }
  }

  /** Sends unless the client has stopped reading, in which case it is dropped. */
  private send(ws: WebSocket, text: string): void {
    if (ws.bufferedAmount > this.maxBuffered) {
      this.evicted += 1;
      this.warnLimited(`viewer: dropped a client that stopped reading (${ws.bufferedAmount} bytes unsent)`);
      ws.terminate();
      return;
    }
    ws.send(text);
  }

  async close(): Promise<void> {
    for (const ws of this.wss.clients) ws.terminate();
    await new Promise<void>((ok) => this.wss.close(() => ok()));
    // close() alone waits for every open HTTP connection (a browser may hold one mid-request);
    // a viewer that is going away ends them.
    const closed = new Promise<void>((ok) => this.http.close(() => ok()));
    this.http.closeAllConnections();
    await closed;
  }

  private welcome(ws: WebSocket): void {
    // The run so far is queued at once (it is bounded by historyLimit); reading is judged from then on.
    if (this.hello) ws.send(JSON.stringify(this.hello));
    for (const text of this.history) ws.send(text);
    if (this.lastFrames) ws.send(this.lastFrames);
    let second = 0;
    let pings = 0;
    ws.on('message', (data, isBinary) => {
      const size = Array.isArray(data) ? data.reduce((a, b) => a + b.length, 0) : (data as Buffer).byteLength;
      if (isBinary || size > MAX_CLIENT_MESSAGE_BYTES) return this.drop(`a ${isBinary ? 'binary ' : ''}message of ${size} bytes`);
      const parsed = parseClientMessage(String(data));
      if (!parsed.ok) return this.drop(parsed.error);
      if (parsed.message.type === 'ping') {
        const now = Math.floor(performance.now() / 1000);
        if (now !== second) [second, pings] = [now, 0];
        if (++pings <= this.maxPings) this.send(ws, JSON.stringify({ type: 'pong' }));
      }
    });
    ws.on('error', (e) => this.drop(`socket error: ${e.message}`));
  }

  private drop(reason: string): void {
    this.dropped += 1;
    this.warnLimited(`viewer: dropped ${reason}`);
  }

  /** Warns at most once a second, saying how many warnings were held back meanwhile. */
  private warnLimited(message: string): void {
    const now = performance.now();
    if (now - this.lastWarning < 1000) {
      this.unwarned += 1;
      return;
    }
    warn(this.unwarned > 0 ? `${message} (and ${this.unwarned} more since the last warning)` : message);
    this.lastWarning = now;
    this.unwarned = 0;
  }

  private serve(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const plugins = this.options.plugins ?? [];
    if (url.pathname === '/plugins.json') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(plugins.map((_, i) => `./plugins/${i}.js`)));
      return;
    }
    const plugin = /^\/plugins\/(\d+)\.js$/.exec(url.pathname);
    if (plugin) {
      const file = plugins[Number(plugin[1])];
      if (!file || !existsSync(file)) return this.fail(res, 404, 'not found');
      res.writeHead(200, { 'content-type': CONTENT_TYPES['.js'] as string, 'cache-control': 'no-cache' });
      createReadStream(file).pipe(res);
      return;
    }
    let path: string;
    try {
      path = decodeURIComponent(url.pathname);
    } catch {
      return this.fail(res, 400, 'bad path');
    }
    if (path.includes('\0')) return this.fail(res, 400, 'bad path');
    const file = normalize(join(this.root, path === '/' ? 'index.html' : path));
    if (file !== this.root && !file.startsWith(this.root + sep)) return this.fail(res, 403, 'outside the web root');
    if (!existsSync(file) || !statSync(file).isFile()) return this.fail(res, 404, 'not found');
    res.writeHead(200, { 'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
    createReadStream(file).pipe(res);
  }

  private fail(res: ServerResponse, status: number, text: string): void {
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(`${status} ${text}\n`);
  }
}
