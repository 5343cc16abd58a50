/**
 * `deepseek-surge` — DeepSeek's viral uptake and device makers shipping
 * DeepSeek-based assistants, with DeepSeek's small cloud under strain.
 * Shows DeepSeek's usage share, its load and the chance of an outage month
 * by month.
 *
 * Run: npm run example -- deepseek-surge [--runs 1000] [--seed 7] [--horizon 24]
 */
import { checkpoints, pct, printPath, runBundled, table } from './_summary.js';

const result = await runBundled('deepseek-surge');
const H = result.horizon;

console.log('\nUsage share every six months');
printPath(result, 'assistants', 'share', ['deepseek', 'bytedance', 'alibaba'], checkpoints(H));

const rows = checkpoints(H, 3).filter((t) => t > 0).map((t) => {
  const load = result.stat('assistants', 'load', 'deepseek', t);
  return [result.dates[t], load.mean.toFixed(2), pct(result.stat('assistants', 'outages', 'deepseek', t).mean), result.stat('assistants', 'aiCapability', 'deepseek', t).mean.toFixed(2)];
});
console.log('\nDeepSeek\'s cloud: concurrent demand over capacity (load), and the chance of an outage that month');
console.log(table(['', 'mean load', 'P(outage)', 'AI after quality loss (mean)'], rows));
