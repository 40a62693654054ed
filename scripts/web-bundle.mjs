// Shared by `npm run build` and by the render server when tfgym runs from its sources.
import { copyFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

export async function buildPage(outDirUrl) {
  const out = fileURLToPath(outDirUrl);
  mkdirSync(out, { recursive: true });
  await esbuild.build({
    entryPoints: [fileURLToPath(new URL('../src/render/client/main.ts', import.meta.url))],
    bundle: true, format: 'esm', platform: 'browser', target: 'es2022', minify: true, sourcemap: true,
    outfile: `${out}/app.js`, logLevel: 'warning',
  });
  copyFileSync(fileURLToPath(new URL('../src/render/client/index.html', import.meta.url)), `${out}/index.html`);
  return out;
}
