/**
 * `npm run bench:package`: what installing tfgym costs. Builds and packs the package,
 * lists the tarball's size, unpacked size, files and source maps, installs it into a fresh
 * project from the registry's packages (nothing else), and measures that project's node_modules
 * by top-level package.
 *
 * Options: --json
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { printTable, writeResults, type Row } from './report.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MB = 1024 * 1024;

/** Bytes under `path` (files only; links are not followed). */
function size(path: string): number {
  const s = statSync(path, { throwIfNoEntry: false });
  if (!s) return 0;
  if (!s.isDirectory()) return s.size;
  return readdirSync(path).reduce((sum, name) => sum + size(join(path, name)), 0);
}

const dir = mkdtempSync(join(tmpdir(), 'tfgym-bench-package-'));
execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' }); // what prepare does before a pack
const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })) as {
  filename: string; size: number; unpackedSize: number; entryCount: number; files: { path: string; size: number }[];
}[];
const pack = packed[0]!;
const maps = pack.files.filter((f) => f.path.endsWith('.map'));
const app = join(dir, 'app');
mkdirSync(app);
writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
execFileSync('npm', ['install', join(dir, pack.filename), '--no-audit', '--no-fund', '--prefer-offline', '--silent'], { cwd: app, stdio: 'ignore' });
const modules = join(app, 'node_modules');
const packages = readdirSync(modules).filter((n) => !n.startsWith('.')).flatMap((n) => (n.startsWith('@') ? readdirSync(join(modules, n)).map((m) => `${n}/${m}`) : [n]));
const bySize = packages.map((p) => ({ package: p, mb: size(join(modules, p)) / MB })).sort((a, b) => b.mb - a.mb);
const total = size(modules) / MB;

const summary: Row[] = [
  { measure: 'tarball (packed)', value: `${(pack.size / 1024).toFixed(0)} KB` },
  { measure: 'unpacked', value: `${(pack.unpackedSize / 1024).toFixed(0)} KB` },
  { measure: 'files', value: pack.entryCount },
  { measure: 'source maps', value: `${maps.length} (${(maps.reduce((s, f) => s + f.size, 0) / 1024).toFixed(0)} KB)` },
  { measure: "a consumer's node_modules", value: `${total.toFixed(0)} MB in ${packages.length} packages` },
];
printTable(`bench:package: ${pack.filename}`, summary);
printTable("The consumer's largest packages", bySize.slice(0, 10).map((p) => ({ package: p.package, MB: Number(p.mb.toFixed(1)) })));
writeResults('package', {
  tarball: { file: pack.filename, bytes: pack.size, unpackedBytes: pack.unpackedSize, files: pack.entryCount, sourceMaps: maps.length },
  consumer: { nodeModulesMB: Number(total.toFixed(1)), packages: packages.length, largest: bySize.slice(0, 10) },
});
