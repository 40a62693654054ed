// Shared by `npm run build` and by the render server when tfgym runs from its sources.
import { copyFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

/** `sourcemap`: for running from the sources; the package's page ships without its 3 MB map. */
export async function buildPage(outDirUrl, { sourcemap = false } = {}) {
  const out = fileURLToPath(outDirUrl);
  mkdirSync(out, { recursive: true });
  await esbuild.build({
    entryPoints: [fileURLToPath(new URL('../src/render/client/main.ts', import.meta.url))],
    bundle: true, format: 'esm', platform: 'browser', target: 'es2022', minify: true, sourcemap,
    outfile: `${out}/app.js`, logLevel: 'warning',
  });
  copyFileSync(fileURLToPath(new URL('../src/render/client/index.html', import.meta.url)), `${out}/index.html`);
  return out;
}
