/**
 * Run by test/web-workers.test.ts under Deno (real Web Workers, the built
 * `rivalsim/web-worker` script): studies on Web Workers against the same
 * studies in process. Prints one JSON line.
 */
import { scenarios, simulate, simulateInWebWorkers } from '../../dist/index.js';

const workerUrl = new URL('../../dist/web-worker.js', import.meta.url);
const s = { ...scenarios['apple-alibaba'], horizon: 12 };
const cases = [
  { runs: 3 * 256 + 5, seed: 11 },
  { runs: 4 * 256, seed: 'deno', design: 'latin-hypercube', metrics: ['users'] },
];
const out = [];
for (const options of cases) {
  const one = await simulate(s, options);
  const many = await simulateInWebWorkers(s, { ...options, workers: 3, workerUrl });
  out.push({ same: one.toCSV() === many.toCSV(), events: JSON.stringify(one.events()) === JSON.stringify(many.events()), runs: many.runs });
}
console.log(JSON.stringify(out));
