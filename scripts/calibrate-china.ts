/**
 * Calibrates the default China landscape on the bundled history and writes
 * its posterior to src/data/china/posterior.json (the data the bundled
 * scenarios start from; see docs/calibration.md). The landscape of January
 * 2022, built from what was published before it, runs to December 2024
 * with no events and no policies (as backtests forecast: the market's own
 * dynamics, no assumed strategic move); ABC-SMC fits the parameters that
 * history informs (consumers' rising weight on a phone's AI, the phone
 * brands' utility shocks, the launches' year-to-year strength) to every
 * tracker's quarterly and annual phone shares of 2022–2024.
 *
 * Run: npx tsx scripts/calibrate-china.ts [--particles 400] [--generations 8]
 */
import { writeFileSync } from 'node:fs';
import { calibrate, chinaHistory, chinaLandscape, posteriorToJSON } from '../src/index.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};

/** The landscape parameters the phone history informs (the others keep their point values). */
const FITTED = ['aiWeightGrowth', 'phoneNoiseSd', 'phoneNoisePersistence', 'launchStrengthSd'];

const landscape = chinaLandscape({ start: '2022-01', parameters: 'prior', policies: false });
// Only the fitted parameters are uncertain: the others at their point values.
const point = chinaLandscape({ start: '2022-01', parameters: 'point' }).parameters!;
for (const [name, v] of Object.entries(point)) if (!FITTED.includes(name)) landscape.parameters![name] = v;
const scenario = { id: 'china-2022-2024', landscape, horizon: 35 };
const history = chinaHistory().filter((o) => o.market === 'phones' && o.metric === 'share' && o.period >= '2022');
const started = Date.now();
const posterior = await calibrate(scenario, history, {
  parameters: FITTED.map((p) => `parameters.${p}`),
  particles: option('--particles', 400), generations: option('--generations', 8), seed: 2025,
  onProgress: (p) => process.stderr.write(`\r${JSON.stringify({ generation: p.generation, done: p.done, total: p.total, tolerance: p.tolerance })}   `),
});
process.stderr.write('\n');
writeFileSync(new URL('../src/data/china/posterior.json', import.meta.url), posteriorToJSON(posterior) + '\n');
console.log(`${((Date.now() - started) / 1000).toFixed(1)} s, ${history.length} figures`);
for (const p of posterior.parameters) console.log(p.path, JSON.stringify(p));
