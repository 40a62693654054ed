import { mkdtempSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { setWarningHandler } from '../../src/core/logger.js';
import { MAX_CLIENT_MESSAGE_BYTES, parseClientMessage, type ServerMessage } from '../../src/render/protocol.js';
import { RenderServer } from '../../src/render/server.js';
import { LiveRenderer } from '../../src/render/live.js';
import { makeVec } from '../../src/envs/vector/make_vec.js';
import '../../src/envs/index.js';

const hello: ServerMessage = {
  type: 'hello', protocol: 1, envId: 'CartPole-v1', renderFps: 50, observationSpace: null, actionSpace: null,
  run: { kind: 'rl', task: 'CartPole-v1', algorithm: 'dqn', seed: 0, total: 100, start: 0, config: {} },
};

const servers: RenderServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

async function serve(historyLimit?: number): Promise<{ server: RenderServer; url: string }> {
  const root = mkdtempSync(join(tmpdir(), 'tfgym-web-'));
  writeFileSync(join(root, 'index.html'), '<p>viewer</p>');
  const server = new RenderServer({ webRoot: root, ...(historyLimit ? { historyLimit } : {}) });
  servers.push(server);
  return { server, url: await server.start() };
}

function connect(url: string): Promise<{ ws: WebSocket; messages: ServerMessage[] }> {
  const ws = new WebSocket(`${url.replace('http', 'ws')}ws`);
  const messages: ServerMessage[] = [];
  ws.on('message', (d) => messages.push(JSON.parse(String(d))));
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws, messages }));
    ws.once('error', reject);
  });
}

const until = async (cond: () => boolean, ms = 3000): Promise<void> => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('viewer protocol', () => {
  it('accepts only small, well-formed client messages', () => {
    expect(parseClientMessage('{"type":"ping"}')).toEqual({ ok: true, message: { type: 'ping' } });
    expect(parseClientMessage('{"type":"hello","viewer":"x"}')).toEqual({ ok: true, message: { type: 'hello', viewer: 'x' } });
    expect(parseClientMessage('not json')).toEqual({ ok: false, error: 'message is not JSON: "not json"' });
    expect(parseClientMessage('[1]')).toEqual({ ok: false, error: 'message must be a JSON object' });
    expect(parseClientMessage('{"type":"exec","cmd":"rm"}')).toEqual({ ok: false, error: 'unknown or malformed message type "exec"' });
    expect(parseClientMessage('{"type":"ping","extra":1}').ok).toBe(false);
    expect(parseClientMessage('x'.repeat(MAX_CLIENT_MESSAGE_BYTES + 1))).toEqual({ ok: false, error: `message of ${MAX_CLIENT_MESSAGE_BYTES + 1} bytes exceeds the limit of ${MAX_CLIENT_MESSAGE_BYTES}` });
  });
});

describe('viewer server', () => {
  it('binds to 127.0.0.1, serves the page and refuses paths outside its root', async () => {
    const { url } = await serve();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(await (await fetch(url)).text()).toBe('<p>viewer</p>');
    expect((await fetch(`${url}..%2F..%2F..%2Fetc%2Fpasswd`)).status).toBe(403);
    expect((await fetch(`${url}missing.js`)).status).toBe(404);
  });

  it('broadcasts in order to many clients and gives late joiners the run so far', async () => {
    const { server, url } = await serve();
    const early = await Promise.all(Array.from({ length: 5 }, () => connect(url)));
    server.broadcast(hello);
    for (let i = 1; i <= 20; i++) server.broadcast({ type: 'metrics', step: i * 10, values: { 'losses/td_loss': 1 / i } });
    server.broadcast({ type: 'episodeFrames', episode: 1, step: 200, copy: 0, initialState: [0], frames: [{ state: [1], action: 0, reward: 1 }] });
    await until(() => early.every((c) => c.messages.length === 22));
    for (const c of early) expect(c.messages.map((m) => (m.type === 'metrics' ? m.step : m.type))).toEqual(['hello', ...Array.from({ length: 20 }, (_, i) => (i + 1) * 10), 'episodeFrames']);
    const late = await connect(url);
    await until(() => late.messages.length === 22);
    expect(late.messages[0]?.type).toBe('hello');
    expect(late.messages.at(-1)?.type).toBe('episodeFrames');
    expect(server.clients).toBe(6);
    for (const c of [...early, late]) c.ws.close();
  });

  it('bounds its history and drops malformed or oversized messages without failing', async () => {
    const warnings: string[] = [];
    const restore = setWarningHandler((m) => warnings.push(m));
    const { server, url } = await serve(5);
    server.broadcast(hello);
    for (let i = 0; i < 50; i++) server.broadcast({ type: 'metrics', step: i, values: {} });
    const c = await connect(url);
    await until(() => c.messages.length === 6);
    expect(c.messages.slice(1).map((m) => (m as { step: number }).step)).toEqual([45, 46, 47, 48, 49]);
    c.ws.send('{"type":"launch"}');
    c.ws.send('x'.repeat(5000));
    c.ws.send(Buffer.from([1, 2, 3]));
    c.ws.send('{"type":"ping"}');
    await until(() => c.messages.some((m) => (m as { type: string }).type === 'pong'));
    expect(server.dropped).toBe(3);
    // Warnings come at most once a second, with a count of those held back.
    expect(warnings).toEqual(['viewer: dropped unknown or malformed message type "launch"']);
    await new Promise((r) => setTimeout(r, 1050));
    c.ws.send('{"type":"launch"}');
    await until(() => warnings.length === 2);
    expect(warnings[1]).toBe('viewer: dropped unknown or malformed message type "launch" (and 2 more since the last warning)');
    restore();
    c.ws.close();
  });

  it('refuses upgrades from another Host or Origin, and without the token when bound beyond loopback', async () => {
    const restore = setWarningHandler(() => {});
    const { server, url } = await serve();
    const port = new URL(url).port;
    const status = (target: string, options: ConstructorParameters<typeof WebSocket>[2] = {}): Promise<number> => new Promise((resolve) => {
      const ws = new WebSocket(target, options);
      ws.once('open', () => (ws.close(), resolve(101)));
      ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.once('error', () => {});
    });
    const ws = `${url.replace('http', 'ws')}ws`;
    expect(await status(ws)).toBe(101);
    expect(await status(ws, { origin: `http://127.0.0.1:${port}` })).toBe(101);
    expect(await status(ws, { origin: 'http://evil.example' })).toBe(403); // cross-site WebSocket hijacking
    expect(await status(ws, { headers: { host: `rebound.example:${port}` } })).toBe(403); // DNS rebinding
    expect(server.refused).toBe(2);
    // Beyond loopback: a token in the printed URL, required on the socket.
    const root = mkdtempSync(join(tmpdir(), 'tfgym-web-'));
    writeFileSync(join(root, 'index.html'), '<p>viewer</p>');
    const open = new RenderServer({ webRoot: root, host: '0.0.0.0' });
    servers.push(open);
    const openUrl = new URL(await open.start());
    const token = openUrl.searchParams.get('token');
    expect(token).toMatch(/^[\w-]{24}$/);
    const base = `ws://127.0.0.1:${openUrl.port}/ws`;
    expect(await status(base, { headers: { host: `0.0.0.0:${openUrl.port}` } })).toBe(401);
    expect(await status(`${base}?token=${token}`, { headers: { host: `0.0.0.0:${openUrl.port}` } })).toBe(101);
    restore();
  });

  it('drops a client that stops reading, and answers a flood of pings only so often', async () => {
    const restore = setWarningHandler(() => {});
    const root = mkdtempSync(join(tmpdir(), 'tfgym-web-'));
    writeFileSync(join(root, 'index.html'), '<p>viewer</p>');
    const server = new RenderServer({ webRoot: root, maxBufferedBytes: 256 * 1024, maxPingsPerSecond: 5 });
    servers.push(server);
    const url = new URL(await server.start());
    const { connect: tcp } = await import('node:net');
    const socket = tcp(Number(url.port), '127.0.0.1');
    socket.write(`GET /ws HTTP/1.1\r\nHost: 127.0.0.1:${url.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`);
    await until(() => server.clients === 1);
    socket.pause(); // never reads again
    const big = { type: 'samples', step: 0, images: [{ width: 1000, height: 100, pixels: Array.from({ length: 100_000 }, () => 255), label: 0, prediction: 0 }] } as ServerMessage;
    for (let i = 0; i < 400 && server.evicted === 0; i++) {
      server.broadcast(big);
      await new Promise((r) => setImmediate(r));
    }
    expect(server.evicted).toBe(1);
    await until(() => server.clients === 0);
    socket.destroy();
    const quiet = new RenderServer({ webRoot: root, maxPingsPerSecond: 5 });
    servers.push(quiet);
    const c = await connect(await quiet.start());
    for (let i = 0; i < 50; i++) c.ws.send('{"type":"ping"}');
    await new Promise((r) => setTimeout(r, 300));
    expect(c.messages.filter((m) => (m as { type: string }).type === 'pong').length).toBe(5);
    c.ws.close();
    restore();
  }, 60_000);

  it('closes with a connection held open mid-request and a client still connected', async () => {
    const { server, url } = await serve();
    const { ws } = await connect(url);
    const { port } = new URL(url);
    const held = createConnection(Number(port), '127.0.0.1');
    await new Promise<void>((ok) => held.once('connect', () => ok()));
    held.write('GET /index.html HTTP/1.1\r\nHost: 127.0.0.1\r\n'); // headers never finished
    await new Promise((r) => setTimeout(r, 50));
    const ended = new Promise<void>((ok) => held.once('close', () => ok()));
    const outcome = await Promise.race([server.close().then(() => 'closed'), new Promise((r) => setTimeout(() => r('still open after 5 s'), 5000))]);
    expect(outcome).toBe('closed');
    await ended; // the held connection was ended by the server
    expect(ws.readyState === WebSocket.CLOSED || ws.readyState === WebSocket.CLOSING).toBe(true);
  });

  it('records one episode per copy of a vector env and tags it with the copy', async () => {
    const { server, url } = await serve();
    const c = await connect(url);
    const live = new LiveRenderer({ server, episodeInterval: 0 });
    let copy = 0;
    const venv = makeVec('CartPole-v1', 2, { autoresetMode: 'same-step', wrappers: [(e) => live.wrap(e, copy++)] });
    venv.reset({ seed: 3 });
    const lengths: number[][] = [[], []];
    const running = [0, 0];
    for (let t = 0; t < 200; t++) {
      const r = venv.step([t % 2, (t >> 1) % 2]);
      for (let i = 0; i < 2; i++) {
        running[i]! += 1;
        if (r.terminations[i] || r.truncations[i]) {
          lengths[i]!.push(running[i]!);
          running[i] = 0;
        }
      }
    }
    venv.close();
    const expected = lengths[0]!.length + lengths[1]!.length;
    expect(expected).toBeGreaterThan(2);
    await until(() => c.messages.filter((m) => m.type === 'episodeFrames').length === expected);
    for (const i of [0, 1]) {
      const eps = c.messages.filter((m): m is Extract<ServerMessage, { type: 'episodeFrames' }> => m.type === 'episodeFrames' && m.copy === i);
      expect(eps.map((m) => m.frames.length)).toEqual(lengths[i]);
      expect(eps.map((m) => m.episode)).toEqual(lengths[i]!.map((_, k) => k + 1));
      expect(eps[0]!.initialState).toHaveLength(4);
    }
    c.ws.close();
  });
});
