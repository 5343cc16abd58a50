/**
 * What must be true for Apple to be #1 again? Scenario discovery on the
 * baseline (the Apple–Alibaba approval uncertain): one study keeps each
 * run's uncertain inputs and event draws (not its paths) and whether Apple
 * sold the most phones in the last holiday quarter; PRIM then looks for
 * the box of inputs where that happens — or finds that none makes it much
 * likelier (then the runs' own randomness, the shocks, decides). For
 * contrast, the same question for Alibaba's share of assistant usage,
 * which the deal drives.
 *
 * Run: npm run example -- what-must-be-true [--runs 4000] [--seed 42] [--horizon 36] [--scenario baseline]
 */
import { parseArgs } from 'node:util';
import { RivalsimError, discover, discoveryText, pctSE, simulate, type SimulationResult } from '../src/index.js';
import { bundled, exampleArgs, fail, progress, withHorizon } from './_summary.js';

const { values } = parseArgs({ args: process.argv.slice(2), options: { scenario: { type: 'string' } }, strict: false, allowPositionals: true });
const id = String(values.scenario ?? 'baseline');
const { runs, seed, horizon } = exampleArgs({ runs: 4000 });
const scenario = withHorizon(bundled(id), horizon);

// The last holiday quarter within the calendar, e.g. 2027-Q4 for 2025-01 → 2028-01.
const months = (scenario.horizon ?? 36) + 1;
const start = Number(scenario.landscape.start.slice(0, 4)) * 12 + Number(scenario.landscape.start.slice(5, 7)) - 1;
const lastDecember = Math.floor((start + months - 1 - 11) / 12);
if (lastDecember * 12 + 9 < start) fail('the calendar holds no full fourth quarter: pass a longer --horizon');
const quarter = `${lastDecember}-Q4`;
const appleFirst = `rank(phones, apple, ${quarter}) == 1`;
// Alibaba's usage share at the horizon above each of these: the one nearest an even split is explained.
const thresholds = [0.05, 0.06, 0.07, 0.08, 0.09, 0.1, 0.12];
const alibaba = Object.fromEntries(thresholds.map((x) => [`alibaba ${x}`, `share(assistants, alibaba, horizon) >= ${x}`]));

const result = await simulate(scenario, {
  runs, seed, keepInputs: true, metrics: [], quantiles: [], predicates: { appleFirst, ...alibaba }, onProgress: progress(`${id}: what must be true`),
});

/** The discovery of one predicate in words, or why there is nothing to discover. */
function explain(r: SimulationResult, name: string, text: string): string {
  try {
    return discoveryText({ predicate: text, probability: r.probability(name), found: discover(r, name), dates: r.dates });
  } catch (e) {
    if (e instanceof RivalsimError && /Nothing to discover/.test(e.message)) {
      return `${text}: ${pctSE(r.probability(name).probability, r.probability(name).se)} of runs — true in all or none, nothing to discover (run more runs).\n`;
    }
    throw e;
  }
}

console.log(`\nWhat must be true for Apple to be #1 again? — ${id}, ${runs.toLocaleString('en-US')} runs, seed ${JSON.stringify(seed)}, ${result.dates[0]} → ${result.dates[result.horizon]}`);
console.log(`(Apple #1 = Apple sells the most phones in ${quarter}, volume-weighted as IDC reports a quarter.)\n`);
console.log(explain(result, 'appleFirst', appleFirst));
const nearest = thresholds.reduce((best, x) =>
  (Math.abs(result.probability(`alibaba ${x}`).probability - 0.5) < Math.abs(result.probability(`alibaba ${best}`).probability - 0.5) ? x : best));
console.log(`For contrast — what must be true for Alibaba to reach ${(100 * nearest).toFixed(0)}% of assistant usage by ${result.dates[result.horizon]}?\n`);
console.log(explain(result, `alibaba ${nearest}`, alibaba[`alibaba ${nearest}`]));
