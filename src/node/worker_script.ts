/**
 * A worker thread's script URL: `NAME.js` beside the caller in the build. When tfgym runs from its
 * TypeScript sources (tests, tsx), `NAME.ts` is bundled once with esbuild (a dev dependency):
 * loader hooks registered inside a worker would need the spawning thread's event loop, which may
 * be blocked (in Atomics.wait, or in a user's synchronous loop).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const bundled = new Map<string, URL>();

/** `callerUrl` is the caller's `import.meta.url`; `name` the worker module beside it, without extension. */
export function workerScript(callerUrl: string, name: string): URL {
  if (!callerUrl.endsWith('.ts')) return new URL(`./${name}.js`, callerUrl);
  const entry = fileURLToPath(new URL(`./${name}.ts`, callerUrl));
  const known = bundled.get(entry);
  if (known) return known;
  const require = createRequire(import.meta.url);
  const esbuild = require('esbuild') as typeof import('esbuild');
  const out = esbuild.buildSync({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', write: false, target: 'node20',
    // CommonJS dependencies (ws) require Node's built-ins: give the ESM bundle a require.
    banner: { js: "import { createRequire as __tfgymRequire } from 'node:module'; const require = __tfgymRequire(import.meta.url);" } });
  const dir = mkdtempSync(join(tmpdir(), 'tfgym-worker-'));
  const file = join(dir, `${name}.mjs`);
  writeFileSync(file, out.outputFiles[0]?.text ?? '');
  const url = pathToFileURL(file);
  bundled.set(entry, url);
  return url;
}
