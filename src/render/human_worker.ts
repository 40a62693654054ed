/** The worker thread of `renderMode: 'human'` (see ./human.ts): serves the viewer and relays frames. */
import { writeSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';
import type { HumanWorkerInit, HumanWorkerMessage } from './human.js';
import { RenderServer } from './server.js';

const IDLE_MS = 60_000;
const init = workerData as HumanWorkerInit;

async function webRoot(): Promise<string> {
  if (init.webRoot) return init.webRoot;
  const { buildPage } = (await import(init.bundler as string)) as { buildPage: (u: URL, o: { sourcemap: boolean }) => Promise<string> };
  const dir = mkdtempSync(join(tmpdir(), 'tfgym-web-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return buildPage(pathToFileURL(`${dir}/`), { sourcemap: false });
}

const server = new RenderServer({ webRoot: await webRoot(), host: init.host, port: init.port });
const url = await server.start();
writeSync(2, `tfgym: ${init.envId} plays at ${url}\n`);
init.replies.postMessage({ url });

let framesSent = 0;
let idle: NodeJS.Timeout | null = null;
const finish = async (): Promise<void> => {
  await server.close();
  parentPort?.close();
};
const armIdle = (): void => {
  if (idle) clearTimeout(idle);
  idle = setTimeout(() => (server.clients > 0 ? armIdle() : void finish()), IDLE_MS);
};
armIdle();

parentPort?.on('message', (m: HumanWorkerMessage) => {
  if (m.type === 'send') {
    server.broadcast(m.message);
    if (m.message.type === 'episodeFrames') framesSent += m.message.frames.length;
    armIdle();
    return;
  }
  // close: give connected pages the time to play what they were sent (at most a minute).
  if (idle) clearTimeout(idle);
  const linger = server.clients > 0 ? Math.min(60_000, (framesSent / Math.max(1, init.fps)) * 1000) : 0;
  setTimeout(() => void finish(), linger);
});
