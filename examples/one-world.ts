/**
 * One simulated world of the default China landscape (January 2025 onward,
 * no scenario events): prints each market's shares now and at the horizon,
 * and what happened along the way.
 *
 * Run: npm start   (or: npx tsx examples/one-world.ts [seed] [horizon], or
 *      npm run example -- one-world [--seed S] [--horizon MONTHS]; --runs is ignored: one world)
 */
import { parseArgs } from 'node:util';
import { chinaLandscape, runScenario } from '../src/index.js';

const { values, positionals } = parseArgs({
  args: process.argv.slice(2),
  options: { seed: { type: 'string' }, horizon: { type: 'string' }, runs: { type: 'string' } },
  strict: false,
  allowPositionals: true,
});
const seed = String(values.seed ?? positionals[0] ?? '42');
const horizon = Number(values.horizon ?? positionals[1] ?? 36);
if (!Number.isInteger(horizon) || horizon < 1) {
  console.error(`error: the horizon must be an integer ≥ 1, received ${JSON.stringify(values.horizon ?? positionals[1])}`);
  process.exit(2);
}
const result = runScenario({ id: 'default-landscape', landscape: chinaLandscape(), horizon }, { seed });

const pct = (x: number) => `${(100 * x).toFixed(1).padStart(5)}%`;
for (const market of result.markets) {
  const label = market.kind === 'devices' ? 'sales share' : 'usage share';
  console.log(`\n${market.name} — ${label}, ${result.dates[0]} → ${result.dates[horizon]} (seed ${seed})`);
  for (const agent of market.agents) {
    const s = result.series(market.id, 'share', agent);
    console.log(`  ${agent.padEnd(10)} ${pct(s[0])} → ${pct(s[horizon])}`);
  }
}
console.log('\nEvents:');
for (const e of result.events) {
  console.log(`  ${e.date}  ${e.kind.padEnd(9)} ${[e.agent, e.partner].filter(Boolean).join(' + ')} ${e.detail ?? ''}`.trimEnd());
}
