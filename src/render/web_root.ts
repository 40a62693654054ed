/**
 * Where the viewer page's files are: `dist/web` of the build. When tfgym runs from its TypeScript
 * sources, the page is bundled first (esbuild, a dev dependency) into a folder of this process's
 * own, so it is never stale and parallel processes never write the same files.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { TfgymError } from '../core/errors.js';

let built: string | null = null;

export async function viewerWebRoot(): Promise<string> {
  if (import.meta.url.endsWith('.ts')) {
    if (built) return built;
    const { buildPage } = (await import(new URL('../../scripts/web-bundle.mjs', import.meta.url).href)) as { buildPage: (u: URL, o: { sourcemap: boolean }) => Promise<string> };
    const dir = mkdtempSync(join(tmpdir(), 'tfgym-web-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true })); // the page is this process's own
    built = await buildPage(pathToFileURL(`${dir}/`), { sourcemap: true });
    return built;
  }
  const dir = fileURLToPath(new URL('../web/', import.meta.url));
  if (!existsSync(join(dir, 'index.html'))) throw new TfgymError(`the viewer page is not built (${join(dir, 'index.html')} is missing); run npm run build`);
  return dir;
}
