/**
 * `apple-alibaba-high-visibility` — the deal approved with Alibaba's brand
 * visible in Apple's features. Shows how much of the iPhone usage Alibaba
 * gets credited for, and its usage share over time.
 *
 * Run: npm run example -- apple-alibaba-high-visibility [--runs 1000] [--seed 7] [--horizon 24]
 */
import { checkpoints, pct, printPath, runBundled } from './_summary.js';

const result = await runBundled('apple-alibaba-high-visibility');
const H = result.horizon;

console.log('\nUsage share every six months');
printPath(result, 'assistants', 'share', ['alibaba', 'bytedance', 'deepseek'], checkpoints(H));
const served = result.stat('assistants', 'servedUsers', 'alibaba', H).mean;
const credited = result.stat('assistants', 'users', 'alibaba', H).mean;
const own = result.stat('assistants', 'ownUsers', 'alibaba', H).mean;
console.log(`\nAlibaba at ${result.dates[H]} (means): ${served.toFixed(0)} M users served, ${credited.toFixed(0)} M credited to its brand ` +
  `(${pct(credited / served)}), ${own.toFixed(0)} M of them on its own app.`);
