/**
 * The flagship: `apple-alibaba` — the Apple–Alibaba deal approved, go-live
 * uncertain, Alibaba's cloud sized for China's iPhone users. 10,000 runs by
 * default.
 *
 * Run: npm run example   (or: npm run example -- apple-alibaba --runs 1000 [--seed 7] [--horizon 24])
 */
import { checkpoints, pct, printPath, runBundled } from './_summary.js';

const result = await runBundled('apple-alibaba');
const H = result.horizon;

console.log('\nSales share every six months: Apple against Huawei and vivo (new iPhones in September make Apple peak every fourth quarter)');
printPath(result, 'phones', 'share', ['apple', 'huawei', 'vivo'], checkpoints(H));

// Alibaba serves the iPhone users but only part of that usage carries its brand.
const served = result.stat('assistants', 'servedUsers', 'alibaba', H);
const credited = result.stat('assistants', 'users', 'alibaba', H);
console.log(`\nAlibaba at ${result.dates[H]}: serves ${served.mean.toFixed(0)} M users on average, ` +
  `${credited.mean.toFixed(0)} M of them credited to its own brand (${pct(credited.mean / served.mean)}): the rest sit behind Apple's.`);
const rank = result.rankProbability('phones', 'apple', 1);
console.log(`P(Apple is China's #1 phone brand in ${result.dates[H]}) = ${pct(rank.probability)} ± ${pct(rank.se)} (Monte Carlo standard error)`);
