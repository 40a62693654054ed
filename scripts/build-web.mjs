// Bundles the viewer page (src/render/client) into dist/web with esbuild.
import { buildPage } from './web-bundle.mjs';

const out = await buildPage(new URL('../dist/web/', import.meta.url));
console.log(`built the viewer page into ${out}`);
