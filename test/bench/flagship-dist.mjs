/**
 * The flagship study on the built package (`npm run build` first), for
 * profilers that want plain JavaScript: `node test/bench/flagship-dist.mjs [runs]`.
 * See test/bench/callgrind.ts.
 */
import { scenarios, simulate } from '../../dist/index.js';

const runs = Number(process.argv[2] ?? 2048);
const t0 = performance.now();
await simulate(scenarios['apple-alibaba'], { runs, seed: 42 });
console.error(`${runs} runs in ${((performance.now() - t0) / 1000).toFixed(2)} s`);
