import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { checkEnv, make } from '../../src/envs/index.js';

describe('the README examples', () => {
  it('shows examples/train_dqn.ts verbatim (tsc type-checks that file)', () => {
    const source = readFileSync(new URL('../../examples/train_dqn.ts', import.meta.url), 'utf8');
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    expect(readme).toContain(source.trim());
  });
});

describe('the custom env of the README', () => {
  it('is the README example verbatim, and it runs', async () => {
    const source = readFileSync(new URL('../../examples/custom_env.ts', import.meta.url), 'utf8');
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    expect(readme).toContain(source.trim());
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    await import('../../examples/custom_env.js');
    expect(log).toHaveBeenCalledWith(expect.stringMatching(/^reached 1 after [1-4] steps$/));
    log.mockRestore();
    const env = make('Corridor-v0');
    expect(checkEnv(env).failures).toEqual([]);
  });
});
