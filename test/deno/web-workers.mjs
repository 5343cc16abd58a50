/**
 * Run by test/package/web-workers.test.ts under Deno (real Web Workers, the built
 * `rivalsim/web-worker` script at the path package.json exports): studies on
 * Web Workers against the same studies in process, the library loaded from
 * its ESM build (the one Deno takes from npm). Prints one JSON line.
 */
import { compare, compareInWebWorkers, scenarios, simulate, simulateInWebWorkers } from '../../dist/index.js';

const pkg = JSON.parse(await Deno.readTextFile(new URL('../../package.json', import.meta.url)));
const workerUrl = new URL(`../../${pkg.exports['./web-worker'].default}`, import.meta.url);
const s = { ...scenarios['apple-alibaba'], horizon: 12 };
// A parameter and a custom metric: the workers parse expressions (mathjs, inlined in the worker script).
const withExpression = { ...s, parameters: { lift: { dist: 'uniform', min: 0, max: 1 } }, metrics: [{ id: 'sharePct', market: 'phones', expr: 'share * 100 + lift' }] };
const cases = [
  { runs: 3 * 256 + 5, seed: 11 },
  { runs: 4 * 256, seed: 'deno', design: 'latin-hypercube', metrics: ['users'] },
];
const out = [];
for (const [i, options] of cases.entries()) {
  const scenario = i === 1 ? withExpression : s;
  const one = await simulate(scenario, options);
  const many = await simulateInWebWorkers(scenario, { ...options, workers: 3, workerUrl });
  out.push({ same: one.toCSV() === many.toCSV(), events: JSON.stringify(one.events()) === JSON.stringify(many.events()), runs: many.runs });
}
// A comparison (two scenarios on common random numbers) on Web Workers.
const base = { ...scenarios.baseline, horizon: 12 };
const options = { runs: 2 * 256 + 9, seed: 3 };
const one = await compare(base, s, options);
const many = await compareInWebWorkers(base, s, { ...options, workers: 2, workerUrl });
out.push({ same: one.toCSV() === many.toCSV() && one.b.toCSV() === many.b.toCSV(), events: JSON.stringify(one.b.events()) === JSON.stringify(many.b.events()), runs: many.a.runs });
console.log(JSON.stringify(out));
