/**
 * Where the viewer page's files are: `dist/web` of the build. When tfgym runs from its TypeScript
 * sources, the page is bundled there first (esbuild, a dev dependency), so it is never stale.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export async function viewerWebRoot(): Promise<string> {
  const fromSource = import.meta.url.endsWith('.ts');
  const root = new URL(fromSource ? '../../dist/web/' : '../web/', import.meta.url);
  if (fromSource) {
    const { buildPage } = (await import(new URL('../../scripts/web-bundle.mjs', import.meta.url).href)) as { buildPage: (u: URL) => Promise<string> };
    await buildPage(root);
  }
  const dir = fileURLToPath(root);
  if (!existsSync(`${dir}/index.html`)) throw new Error(`the viewer page is not built (${dir}index.html is missing); run npm run build`);
  return dir;
}
