#!/usr/bin/env node
// The tfgym command. Runs the build (dist/) when there is one; in a checkout without a build it
// runs the TypeScript sources through tsx, so `npx tfgym …` works right after `npm ci`.
import { existsSync } from 'node:fs';

const built = new URL('../dist/cli/bin.js', import.meta.url);
if (existsSync(built)) {
  await import(built.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('../src/cli/bin.ts', import.meta.url).href);
}
