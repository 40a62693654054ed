/**
 * `npm run bench:rl`: the README's results table. Every pair with its tuned entry and budget on
 * seeds 0-9 through `tfgym benchmark` (see bench/benchmark.ts for the options).
 */
import { README_PAIRS, benchmarkPairs } from './benchmark.js';

await benchmarkPairs('rl', README_PAIRS);
