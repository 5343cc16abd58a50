/**
 * `approval-delayed` — the Apple–Alibaba deal approved only after 9–18
 * months of review. Shows when the features go live and Apple's share on
 * the way.
 *
 * Run: npm run example -- approval-delayed [--runs 1000] [--seed 7] [--horizon 24]
 */
import { checkpoints, pct, printPath, runBundled, table } from './_summary.js';

const result = await runBundled('approval-delayed');
const H = result.horizon;

// firstStep[t]: share of runs where the deal went live at step t.
const live = result.event('live', 'apple+alibaba');
let cumulative = 0;
const rows: string[][] = [];
live.firstStep.forEach((p, t) => {
  cumulative += p;
  if (t > 0 && (t % 3 === 0 || t === H)) rows.push([result.dates[t], pct(cumulative)]);
});
console.log('\nApple\'s AI features live in China by…');
console.log(table(['', 'share of runs'], rows));
console.log('\nApple\'s sales share every six months');
printPath(result, 'phones', 'share', ['apple', 'huawei'], checkpoints(H));
