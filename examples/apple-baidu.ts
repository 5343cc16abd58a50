/**
 * `apple-baidu` — the road not taken: Baidu as Apple's partner, lower answer
 * quality and a data-retention conflict that lowers approval odds and trust.
 * Compares P(approval) with the baseline's Alibaba deal and shows Apple's
 * share given approval and given rejection.
 *
 * Run: npm run example -- apple-baidu [--runs 1000] [--seed 7] [--horizon 24]
 */
import { scenarios, simulate, type RunResult } from '../src/index.js';
import { exampleArgs, pct, runBundled, table, withHorizon } from './_summary.js';

const approved = (r: RunResult) => r.events.some((e) => e.kind === 'approved' && e.event === 'apple+baidu');
const rejected = (r: RunResult) => r.events.some((e) => e.kind === 'rejected' && e.event === 'apple+baidu');
const result = await runBundled('apple-baidu', { conditions: { approved, rejected } });

const H = result.horizon;
const i = (q: number) => result.quantiles.indexOf(q);
const rows = (['approved', 'rejected'] as const).map((c) => {
  const g = result.given(c);
  const apple = g.stat('phones', 'share', 'apple', H);
  const baidu = g.stat('assistants', 'share', 'baidu', H);
  const ai = g.stat('phones', 'aiCapability', 'apple', H);
  return [`Baidu deal ${c} (${pct(g.runs / result.runs)})`, pct(apple.quantiles[i(0.5)]), ai.mean.toFixed(2), pct(baidu.quantiles[i(0.5)])];
});
console.log(`\nAt ${result.dates[H]}, given the regulator's decision on Apple–Baidu (if rejected, Apple's policy turns to another provider)`);
console.log(table(['', 'Apple phones: median', 'Apple AI (mean)', 'Baidu usage: median'], rows));

// The same seed and runs for the baseline's Alibaba deal.
const { runs, seed, horizon } = exampleArgs({ runs: 10_000 });
const base = await simulate(withHorizon(scenarios.baseline, horizon), { runs, seed });
console.log(`\nP(approval): Apple–Baidu ${pct(result.event('approved', 'apple+baidu').probability)}` +
  ` against Apple–Alibaba ${pct(base.event('approved', 'apple+alibaba').probability)} in the baseline;` +
  ` Apple's median share at ${result.dates[H]}: ${pct(result.stat('phones', 'share', 'apple', H).quantiles[i(0.5)])} against ${pct(base.stat('phones', 'share', 'apple', H).quantiles[i(0.5)])}.`);
