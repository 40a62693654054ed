// Bundles the playground (src/playground) into dist/site with esbuild: a static site (page,
// training worker, tfjs's wasm binaries) that any static file server can serve, offline.
import { copyFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

export async function buildSite(outDirUrl, { sourcemap = false } = {}) {
  const out = fileURLToPath(outDirUrl);
  mkdirSync(out, { recursive: true });
  const src = (p) => fileURLToPath(new URL(`../src/playground/${p}`, import.meta.url));
  await esbuild.build({
    entryPoints: { playground: src('main.ts'), worker: src('worker.ts') },
    bundle: true, format: 'esm', platform: 'browser', target: 'es2022', minify: true, sourcemap,
    outdir: out, logLevel: 'warning', define: { 'process.env.NODE_ENV': '"production"' },
  });
  copyFileSync(src('index.html'), `${out}/index.html`);
  const wasm = fileURLToPath(new URL('../node_modules/@tensorflow/tfjs-backend-wasm/dist/', import.meta.url));
  for (const f of ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm']) copyFileSync(`${wasm}${f}`, `${out}/${f}`);
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const out = await buildSite(new URL('../dist/site/', import.meta.url));
  console.log(`built the playground into ${out}`);
}
