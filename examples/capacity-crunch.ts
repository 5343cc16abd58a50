/**
 * `capacity-crunch` — the Apple–Alibaba deal goes live but concurrent demand
 * exceeds Alibaba's cloud capacity for months: quality loss and outages.
 * Shows Alibaba's load and outage chance quarter by quarter and what it does
 * to the AI on Apple's phones.
 *
 * Run: npm run example -- capacity-crunch [--runs 1000] [--seed 7] [--horizon 24]
 */
import { checkpoints, pct, runBundled, table } from './_summary.js';

const result = await runBundled('capacity-crunch');
const H = result.horizon;

const rows = checkpoints(H, 3).filter((t) => t > 0).map((t) => {
  const load = result.stat('assistants', 'load', 'alibaba', t);
  const i50 = result.quantiles.indexOf(0.5);
  return [
    result.dates[t], load.quantiles[i50].toFixed(2), pct(result.stat('assistants', 'outages', 'alibaba', t).mean),
    result.stat('phones', 'aiCapability', 'apple', t).mean.toFixed(2), pct(result.stat('phones', 'share', 'apple', t).mean),
  ];
});
console.log('\nAlibaba\'s cloud each quarter: concurrent demand over capacity (load > 1: quality falls as 1/load, outages may hit)');
console.log(table(['', 'median load', 'P(outage that month)', 'Apple phone AI (mean)', 'Apple share (mean)'], rows));
