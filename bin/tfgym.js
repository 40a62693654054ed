#!/usr/bin/env node
// The tfgym command. In a checkout (TypeScript sources present) it runs the sources through tsx,
// so it is never behind the code; an installed package (dist/ only) runs the build.
import { existsSync } from 'node:fs';

const source = new URL('../src/cli/bin.ts', import.meta.url);
if (existsSync(source)) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(source.href);
} else {
  await import(new URL('../dist/cli/bin.js', import.meta.url).href);
}
