/**
 * Users' env modules in the playground's worker. A module is the same JavaScript one gives
 * `tfgym train --import`: it imports from `'tfgym'` and calls `register({ id, entryPoint })`. Its
 * `'tfgym'` imports are pointed at the library the worker already runs (one registry, one `Box`),
 * it is imported from a blob URL, and every env it registered is made and put through the env
 * checker; a module that throws, registers nothing or breaks the Env contract is refused with
 * the checker's message, and what it registered is taken back.
 */
import * as tfgym from '../browser.js';

const GLOBAL = '__tfgymPlayground';
let shimUrl: string | null = null;

/** A module that re-exports the worker's tfgym (what `import … from 'tfgym'` gets). */
function shim(): string {
  if (!shimUrl) {
    (globalThis as Record<string, unknown>)[GLOBAL] = tfgym;
    const names = Object.keys(tfgym).filter((n) => /^[A-Za-z_$][\w$]*$/.test(n) && n !== 'default');
    const source = `const t = globalThis.${GLOBAL};\nexport const { ${names.join(', ')} } = t;\nexport default t;\n`;
    shimUrl = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  }
  return shimUrl;
}

/** `source` with its `'tfgym'` (and `'tfgym/browser'`) imports pointed at the worker's library. */
export function pointImportsAtTfgym(source: string): string {
  const url = shim();
  return source.replace(/(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])tfgym(?:\/browser)?\2/g, (_m, head: string, quote: string) => `${head}${quote}${url}${quote}`);
}

/**
 * Imports the module `source` (named `name` in messages) and checks the envs it registers;
 * returns their ids. Throws an Error whose message says what was wrong.
 */
export async function importEnvModule(name: string, source: string): Promise<string[]> {
  const before = new Set(tfgym.listEnvs());
  const url = URL.createObjectURL(new Blob([pointImportsAtTfgym(source)], { type: 'text/javascript' }));
  try {
    await import(/* @vite-ignore */ url);
  } catch (e) {
    throw new Error(`env module ${name} failed to load: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    URL.revokeObjectURL(url);
  }
  const added = tfgym.listEnvs().filter((id) => !before.has(id));
  if (added.length === 0) throw new Error(`env module ${name} registered no env: it must call register({ id, entryPoint }) imported from 'tfgym' (as for tfgym train --import)`);
  for (const id of added) {
    try {
      const env = tfgym.make(id);
      try {
        tfgym.checkEnv(env);
      } finally {
        env.close();
      }
    } catch (e) {
      for (const a of added) tfgym.unregister(a);
      throw new Error(`env module ${name}: ${id} breaks the Env contract: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return added;
}

/** Fetches the module at `url` (relative to the page) and imports it as {@link importEnvModule} does. */
export async function importEnvModuleUrl(url: string, base: string): Promise<string[]> {
  let source: string;
  const href = new URL(url, base).href;
  try {
    const response = await fetch(href);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    source = await response.text();
  } catch (e) {
    throw new Error(`env module ${url} could not be fetched from ${href}: ${e instanceof Error ? e.message : String(e)}`);
  }
  return importEnvModule(url, source);
}
