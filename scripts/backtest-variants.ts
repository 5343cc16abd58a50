/**
 * The backtest of docs/calibration.md (the China landscape rebuilt at
 * 2023-01 and 2024-01, fitted from 2022-01, forecasting the six makers'
 * annual shares of the next 12 months), as the command line runs it, and
 * the two variants the document quotes: the default policies switched on,
 * and the starting shares set with a-priori level weights
 * [0.4, 0.3, 0.2, 0.1] in place of LEVEL_WEIGHTS (chosen after looking at
 * these backtests). Prints one line per variant, seed and set of fitted
 * parameters (the four the phone history informs, or every uncertain
 * input as `--calibrate-from` fits by default).
 *
 * Run: npx tsx scripts/backtest-variants.ts [base|policies|weights] [--seeds 42,1,2,3]
 */
import { backtest, chinaBacktestScenario, chinaHistory, chinaLandscape, type ScenarioSpec } from '../src/index.js';
import { LEVEL_WEIGHTS } from '../src/landscapes/china/history.js';

const FOUR = ['aiWeightGrowth', 'phoneNoiseSd', 'phoneNoisePersistence', 'launchStrengthSd'];
const args = process.argv.slice(2);
const variant = args[0] ?? 'base';
const seedsAt = args.indexOf('--seeds');
const seeds = seedsAt >= 0 ? args[seedsAt + 1].split(',').map(Number) : [42];
const rows = chinaHistory();

async function run(scenarioAt: (origin: string) => ScenarioSpec, seed: number, parameters: string[] | undefined): Promise<void> {
  const result = await backtest(scenarioAt, rows, {
    origins: ['2023-01', '2024-01'], periods: ['year'], agents: ['apple', 'huawei', 'honor', 'vivo', 'xiaomi', 'oppo'], runs: 500, seed,
    calibrate: { from: '2022-01', parameters, particles: 200, generations: 8 },
  });
  const n = result.origins.reduce((s, o) => s + o.n, 0);
  const pooled = result.origins.reduce((s, o) => s + o.coverage90 * o.n, 0) / n;
  const pp = (x: number) => (100 * x).toFixed(2);
  console.log(`${variant}, seed ${seed}, fitting ${parameters ? 'the four' : 'every uncertain input'}: ` + result.origins.map((o) =>
    `${o.origin} (${o.n}) MAE ${pp(o.mae)} pp, persistence ${pp(o.persistenceMae)}, mean reversion ${pp(o.meanReversionMae)}, ` +
    `CRPS ${pp(o.crps)} (persistence ${pp(o.persistenceCrps)}), 50 % ${o.coverage50.toFixed(2)}, 90 % ${o.coverage90.toFixed(2)}`).join('; ') +
    `; pooled 90 % coverage ${pooled.toFixed(2)}`);
}

let scenarioAt = (origin: string) => chinaBacktestScenario(origin);
if (variant === 'policies') {
  scenarioAt = (origin) => ({ ...chinaBacktestScenario(origin), landscape: chinaLandscape({ start: origin, parameters: 'prior', policies: true }) });
} else if (variant === 'weights') {
  (LEVEL_WEIGHTS as unknown as number[]).splice(0, 4, 0.4, 0.3, 0.2, 0.1);
} else if (variant !== 'base') {
  throw new Error(`Unknown variant ${variant}: base, policies or weights`);
}
for (const seed of seeds) for (const parameters of [FOUR, undefined]) await run(scenarioAt, seed, parameters);
