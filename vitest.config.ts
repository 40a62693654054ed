import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Examples import the package by name, as users do; tests run them against the sources.
    alias: { tfgym: fileURLToPath(new URL('./src/index.ts', import.meta.url)) },
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    pool: 'forks',
    // Under CI, also write a JSON report; .ci/run prints its totals as a plain summary line.
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    ...(process.env.CI ? { outputFile: { json: 'test-results.json' } } : {}),
  },
});
