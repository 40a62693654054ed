/** renderMode 'human' in Node: the viewer's server runs in a worker and streams the episodes. */
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import '../../src/render/raster_setup.js';
import { make } from '../../src/envs/registry.js';
import type { HumanRendering } from '../../src/envs/wrappers/rendering.js';
import type { ServerMessage } from '../../src/render/protocol.js';

describe("renderMode 'human'", () => {
  it('serves the viewer from a worker and sends each finished episode, even from a synchronous loop', async () => {
    const env = make('CartPole-v1', { renderMode: 'human', maxEpisodeSteps: 15 }) as HumanRendering<Float32Array, number>;
    expect(env.render()).toBeNull();
    env.reset({ seed: 3 });
    let steps = 0;
    for (;;) {
      steps += 1;
      const r = env.step(steps % 2);
      if (r.terminated || r.truncated) break;
    }
    let url: string | null = null;
    for (let i = 0; i < 200 && url === null; i++) {
      url = env.viewerUrl;
      if (url === null) await new Promise((ok) => setTimeout(ok, 50));
    }
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await fetch(url as string);
    expect(page.status).toBe(200);
    const messages: ServerMessage[] = [];
    const ws = new WebSocket(`${(url as string).replace('http', 'ws')}ws`);
    await new Promise<void>((ok, fail) => {
      ws.on('message', (d) => {
        messages.push(JSON.parse(String(d)) as ServerMessage);
        if (messages.some((m) => m.type === 'episodeFrames')) ok();
      });
      ws.on('error', fail);
      setTimeout(() => fail(new Error(`no episode; got ${messages.map((m) => m.type).join(', ')}`)), 10_000);
    });
    ws.close();
    env.close();
    const hello = messages.find((m) => m.type === 'hello');
    expect(hello && hello.type === 'hello' && hello.envId).toBe('CartPole');
    const episode = messages.find((m) => m.type === 'episodeFrames');
    expect(episode?.type === 'episodeFrames' && episode.frames.length).toBe(steps);
    expect(episode?.type === 'episodeFrames' && episode.initialState).toHaveLength(4);
  }, 60_000);
});
