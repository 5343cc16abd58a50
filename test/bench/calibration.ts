/**
 * The cost of calibration (part of `npm run bench`; also runs alone): the
 * default China fit — the China landscape of January 2022, built from what
 * was published before it, run to December 2024 with its default policies,
 * the four parameters the phone history informs (AI weight growth, the
 * brands' shock size and persistence, launch strength) at their priors and
 * the others at their point values, fitted by ABC-SMC with calibrate's
 * defaults (200 particles, up to 8 generations) to every tracker's 2022–2024
 * phone shares. Prints model runs per second of fitting and the wall time,
 * on one thread and on `--fit-workers` worker threads (default: the
 * machine's parallelism), checking that both posteriors are identical.
 *
 * Usage: npx tsx test/bench/calibration.ts [--particles 200] [--generations 8] [--fit-workers N] [--method abc-smc|mle]
 */
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { chinaHistory, chinaLandscape, type Posterior, type ScenarioSpec } from '../../src/index.js';
import { calibrate } from '../../src/node/index.js';

/** The parameters the phone history informs. */
const FITTED = ['aiWeightGrowth', 'phoneNoiseSd', 'phoneNoisePersistence', 'launchStrengthSd'];

/** The default China fit's scenario (see the module comment). */
function chinaFitScenario(): ScenarioSpec {
  const landscape = chinaLandscape({ start: '2022-01', parameters: 'prior' });
  const point = chinaLandscape({ start: '2022-01' }).parameters!;
  for (const [name, v] of Object.entries(point)) if (!FITTED.includes(name)) landscape.parameters![name] = v;
  return { id: 'china-2022-2024', landscape, horizon: 35 };
}

const timeless = (p: Posterior) => JSON.stringify(p, (k, v) => (k === 'elapsedMs' ? undefined : v));

/**
 * Runs the default China fit on one thread and on `workers` threads and prints its cost.
 *
 * @example
 * await calibrationBench({ particles: 200, generations: 8, workers: 2 });
 */
export async function calibrationBench(o: { particles: number; generations: number; workers: number; method?: 'abc-smc' | 'mle' }): Promise<void> {
  const history = chinaHistory().filter((r) => r.market === 'phones' && r.metric === 'share' && r.period >= '2022');
  const options = { method: o.method ?? 'abc-smc', particles: o.particles, generations: o.generations, seed: 1, parameters: FITTED.map((p) => `parameters.${p}`) } as const;
  const fit = async (workers: number) => {
    const started = performance.now();
    const posterior = await calibrate(chinaFitScenario(), history, { ...options, workers });
    return { posterior, seconds: (performance.now() - started) / 1000 };
  };
  const one = await fit(1);
  const d = one.posterior.diagnostics;
  console.log(`calibration (default China fit): ${options.method}, ${FITTED.length} parameters, ${d.settings.observations} phone-share figures 2022–2024, ${o.particles} particles, ${d.stopped}`);
  console.log(`  1 thread: ${d.simulations.toLocaleString('en-US')} model runs of 36 months in ${one.seconds.toFixed(1)} s: ${Math.round(d.simulations / one.seconds).toLocaleString('en-US')} runs/s of fitting`);
  if (o.workers > 1 && options.method === 'abc-smc') {
    const many = await fit(o.workers);
    console.log(`  ${o.workers} worker threads: ${many.seconds.toFixed(1)} s: ${Math.round(d.simulations / many.seconds).toLocaleString('en-US')} runs/s, speed-up ${(one.seconds / many.seconds).toFixed(2)}× (posterior identical: ${timeless(one.posterior) === timeless(many.posterior)})`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const option = (name: string, fallback: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : fallback;
  };
  await calibrationBench({
    particles: Number(option('--particles', '200')), generations: Number(option('--generations', '8')),
    workers: Number(option('--fit-workers', String(availableParallelism()))), method: option('--method', 'abc-smc') as 'abc-smc' | 'mle',
  });
}
