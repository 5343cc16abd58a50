/**
 * The cost of calibration: ABC-SMC (and MAP–Laplace) on the bundled China
 * history, 2021–2024 phone shares and units, with today's China landscape
 * started in January 2021 as a stand-in (its AR(1) shock persistence and
 * size, and the replacement cycle, declared uncertain so there is
 * something to fit). Prints model runs per second of fitting and the wall
 * time of the fit (in-process; particles are independent, so worker
 * threads could share a generation).
 *
 * Usage: npx tsx test/bench/calibration.ts [--particles 200] [--generations 6] [--method abc-smc|mle]
 */
import { calibrate, chinaHistory, chinaLandscape, describePosterior } from '../../src/index.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const particles = Number(option('--particles', '200'));
const generations = Number(option('--generations', '6'));
const method = option('--method', 'abc-smc') as 'abc-smc' | 'mle';

// The China landscape of January 2022 with its parameters' priors, fitted on 2022–2024.
const landscape = chinaLandscape({ start: '2022-01', parameters: 'prior', policies: false });
const scenario = { id: 'china-2022', landscape, horizon: 35 };
const history = chinaHistory().filter((o) => o.market === 'phones' && o.period >= '2022');
const started = Date.now();
const posterior = await calibrate(scenario, history, {
  method, particles, generations, seed: 1,
  parameters: ['parameters.aiWeightGrowth', 'parameters.phoneNoiseSd', 'parameters.phoneNoisePersistence'],
});
const seconds = (Date.now() - started) / 1000;
const d = posterior.diagnostics;
console.log(`${method}: ${d.settings.observations} figures (${d.settings.skipped} outside 2021-01 … 2024-12), ${particles} particles`);
console.log(`${d.simulations.toLocaleString('en-US')} model runs of 48 months in ${seconds.toFixed(1)} s: ${Math.round(d.simulations / seconds).toLocaleString('en-US')} runs/s of fitting`);
console.log(`stopped: ${d.stopped}; median distance ${d.medianDistance.toFixed(3)}`);
console.log(describePosterior(posterior).join('\n'));
