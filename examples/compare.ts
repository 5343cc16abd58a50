/**
 * Two bundled scenarios on common random numbers: run r of both draws the
 * same inputs and shocks, so the per-run difference isolates what the
 * scenarios change. By default `baseline` (approval uncertain) against
 * `apple-alibaba` (approved): mean difference b − a with its 95 %
 * confidence interval, and the share of runs where b > a.
 *
 * Run: npm run example -- compare [--runs 2000] [--seed 7] [--horizon 24] [--a baseline] [--b capacity-crunch]
 */
import { parseArgs } from 'node:util';
import { compare } from '../src/index.js';
import { bundled, exampleArgs, pct, pp, progress, table, withHorizon } from './_summary.js';

const { values } = parseArgs({ args: process.argv.slice(2), options: { a: { type: 'string' }, b: { type: 'string' } }, strict: false, allowPositionals: true });
const [idA, idB] = [values.a ?? 'baseline', values.b ?? 'apple-alibaba'].map(String);
const [scenarioA, scenarioB] = [bundled(idA), bundled(idB)];

const { runs, seed, horizon } = exampleArgs({ runs: 2000 });
const c = await compare(withHorizon(scenarioA, horizon), withHorizon(scenarioB, horizon), { runs, seed, onProgress: progress(`${idA} vs ${idB}`) });
const H = c.a.horizon;
const steps = [...new Set([Math.min(12, H), Math.min(24, H), H])];

const cells: Array<[string, string, string, string, (x: number) => string]> = [
  ['phones', 'share', 'apple', 'Apple phone sales share', (x) => pp(x)],
  ['phones', 'installedBase', 'apple', 'iPhones in use (M)', (x) => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(2)} M`],
  ['phones', 'share', 'huawei', 'Huawei phone sales share', (x) => pp(x)],
  ['assistants', 'share', 'alibaba', 'Alibaba usage share', (x) => pp(x)],
  ['assistants', 'share', 'deepseek', 'DeepSeek usage share', (x) => pp(x)],
  ['assistants', 'servedUsers', 'alibaba', 'users Alibaba serves (M)', (x) => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(1)} M`],
];
const rows: string[][] = [];
for (const [market, metric, agent, label, format] of cells) {
  for (const t of steps) {
    const d = c.difference(market, metric, agent, t);
    rows.push([`${label}, ${c.a.dates[t]}`, format(d.mean), `[${format(d.ciLow)}, ${format(d.ciHigh)}]`, pct(d.pGreater)]);
  }
}
console.log(`\n${idB} − ${idA}: ${runs.toLocaleString('en-US')} runs on common random numbers (seed ${JSON.stringify(seed)})`);
console.log(table(['', 'mean difference', '95 % CI', 'P(b > a)'], rows));
console.log(`\nP(Apple–Alibaba approved): ${pct(c.a.event('approved', 'apple+alibaba').probability)} in ${idA}, ${pct(c.b.event('approved', 'apple+alibaba').probability)} in ${idB}.`);
