/**
 * One simulated world of the default China landscape (January 2025 onward,
 * no scenario events): prints each market's shares now and at the horizon,
 * and what happened along the way.
 *
 * Run: npm start   (or: npx tsx examples/one-world.ts [seed] [horizon])
 */
import { chinaLandscape, runScenario } from '../src/index.js';

const seed = process.argv[2] ?? '42';
const horizon = Number(process.argv[3] ?? 36);
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
