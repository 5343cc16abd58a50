/**
 * `baseline` — the world as of January 2025: the Apple–Alibaba deal
 * submitted, approval uncertain in timing and outcome; DeepSeek's R1; the
 * device makers' own assistants. Shows Apple's share given approval and
 * given rejection (when Apple's policy looks for another partner).
 *
 * Run: npm run example -- baseline [--runs 1000] [--seed 7] [--horizon 24]
 */
import type { RunResult } from '../src/index.js';
import { pct, runBundled, table } from './_summary.js';

const approved = (r: RunResult) => r.events.some((e) => e.kind === 'approved' && e.event === 'apple+alibaba');
const rejected = (r: RunResult) => r.events.some((e) => e.kind === 'rejected' && e.event === 'apple+alibaba');
const result = await runBundled('baseline', {
  conditions: { approved, rejected },
  predicates: { fallbackLive: (r) => r.events.some((e) => e.kind === 'live' && e.agent === 'apple' && e.event !== 'apple+alibaba') },
});

const H = result.horizon;
const i = (q: number) => result.quantiles.indexOf(q);
const rows = (['approved', 'rejected'] as const).map((c) => {
  const g = result.given(c);
  const s = g.stat('phones', 'share', 'apple', H);
  const a = g.stat('assistants', 'share', 'alibaba', H);
  return [`deal ${c} (${pct(g.runs / result.runs)} of runs)`, pct(s.quantiles[i(0.5)]), `${pct(s.quantiles[i(0.05)])} – ${pct(s.quantiles[i(0.95)])}`, pct(a.quantiles[i(0.5)])];
});
console.log(`\nAt ${result.dates[H]}, given the regulator's decision on Apple–Alibaba`);
console.log(table(['', 'Apple phones: median', 'P5 – P95', 'Alibaba usage: median'], rows));
console.log(`Apple gets a fallback deal live within the horizon in ${pct(result.probability('fallbackLive').probability)} of runs.`);
