/**
 * Fit to history and backtest, twice.
 *
 * China: the bundled history (every tracker's figures published up to
 * January 2025). The China landscape is rebuilt at each origin (January
 * 2023, January 2024) from the figures published before it; its forecasts
 * of that year's annual shares of the six named makers are scored against
 * what IDC, Canalys and Counterpoint then published, beside persistence and
 * mean reversion — first with the landscape's priors, then with the
 * parameters the phone history informs fitted from January 2022 up to the
 * origin.
 *
 * Your own data: a landscape of your own on your own CSV of tracker
 * figures — smart speakers in Europe, three makers, two (made-up) trackers.
 * The CSV (examples/data/speakers-history.csv) has one row per published
 * figure: `source,market,agent,period,metric,value,reference`.
 *
 * 1. Calibrate the uncertain inputs (how fast buyers' taste for voice
 *    assistants grows, and market growth) on 2021–2022.
 * 2. Backtest: forecast 2023 from January 2023 (and 2022 from January
 *    2022), with the priors and with the fitted posterior, and compare with
 *    persistence and mean reversion.
 *
 * Particles and runs are modest so that it runs in seconds. The command
 * line does the same: `rivalsim backtest baseline --origin 2023-01
 * --origin 2024-01 --periods year --agents apple,huawei,honor,vivo,xiaomi,oppo
 * --calibrate-from 2022-01 --params aiWeightGrowth,phoneNoiseSd,phoneNoisePersistence,launchStrengthSd`.
 *
 * Run: npm run example -- backtest [--runs 300] [--seed 1]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  backtest, backtestSummaryText, backtestText, calibrate, calibrationText, chinaBacktestScenario, chinaHistory, describePosterior, parseObservations,
  observationsBefore, type BacktestResult, type LandscapeSpec, type ObservationRow, type ScenarioSpec,
} from '../src/index.js';
import { exampleArgs } from './_summary.js';

const { runs, seed } = exampleArgs({ runs: 300, seed: 1 });

// ---- China: the bundled history ----

/** The China landscape as it stood at `origin`, built from the figures published before it, parameters at their priors, no events, no policies. */
const chinaAt = (origin: string): ScenarioSpec => chinaBacktestScenario(origin);
/** The landscape parameters the phone history informs. */
const PHONE_PARAMETERS = ['aiWeightGrowth', 'phoneNoiseSd', 'phoneNoisePersistence', 'launchStrengthSd'].map((p) => `parameters.${p}`);
const chinaOptions = { origins: ['2023-01', '2024-01'], runs, seed, periods: ['year' as const], agents: ['apple', 'huawei', 'honor', 'vivo', 'xiaomi', 'oppo'] };

const history = chinaHistory();
console.log(`China: ${history.length} published figures, annual shares of the six makers forecast 12 months ahead, ${runs} runs, seed ${seed}\n`);
const asBuilt = await backtest(chinaAt, history, chinaOptions);
console.log('The landscape as built at each origin (parameters at their priors):');
console.log(backtestSummaryText(asBuilt));
const fittedChina: BacktestResult = await backtest(chinaAt, history, { ...chinaOptions, calibrate: { from: '2022-01', parameters: PHONE_PARAMETERS, particles: 100, generations: 4 } });
console.log('Fitted from January 2022 up to each origin first (ABC-SMC, 100 particles):');
console.log(backtestSummaryText(fittedChina));
for (const o of fittedChina.origins) {
  console.log(`  fit before ${o.origin}: ${o.calibration!.parameters.map((p) => `${p.path.replace('parameters.', '')} ${p.mean.toPrecision(2)} (${p.quantiles.p5.toPrecision(2)}–${p.quantiles.p95.toPrecision(2)})`).join(', ')}`);
}
console.log();

// ---- Your own data: smart speakers in Europe ----

/** The landscape at `start`, its starting shares from the last quarter published before it. */
function speakers(start: string, before: ObservationRow[]): LandscapeSpec {
  const lastQuarter = `${Number(start.slice(0, 4)) - 1}-Q4`;
  const share = (agent: string, fallback: number) => before.find((o) => o.source === 'retail-audit' && o.agent === agent && o.period === lastQuarter)?.value ?? fallback;
  const shares = { echo: share('echo', 0.45), nest: share('nest', 0.35), sonos: share('sonos', 0.2) };
  const total = shares.echo + shares.nest + shares.sonos;
  return {
    start,
    agents: [
      { id: 'echo', name: 'Echo', roles: ['deviceMaker'], attributes: { price: 0.8, voice: 0.6, sound: 0.3 } },
      { id: 'nest', name: 'Nest', roles: ['deviceMaker'], attributes: { price: 0.7, voice: 0.8, sound: 0.4 } },
      { id: 'sonos', name: 'Sonos', roles: ['deviceMaker'], attributes: { price: 0.2, voice: 0.3, sound: 0.9 } },
    ],
    markets: [{
      kind: 'devices', id: 'speakers', name: 'Smart speakers (Europe)', unitsPerYear: 30, replacementCycleMonths: 48,
      growthPerYear: 'growth', weights: { price: 1, voice: 0, sound: 1 }, weightDrift: { voice: { perMonth: 'voiceTrend' } },
      shocks: { persistence: 0.6, sd: 0.03 },
      participants: (['echo', 'nest', 'sonos'] as const).map((agent) => ({ agent, initialShare: shares[agent] / total })),
    }],
    sources: ['examples/data/speakers-history.csv (made-up figures)'],
  };
}

/** The scenario at `start` over `months`, with priors on the two inputs. */
function scenarioAt(start: string, before: ObservationRow[], months = 12): ScenarioSpec {
  return {
    id: 'speakers', landscape: speakers(start, before), horizon: months - 1,
    parameters: { voiceTrend: { dist: 'uniform', min: 0, max: 0.08 }, growth: { dist: 'uniform', min: -0.15, max: 0.15 } },
  };
}

// Your trackers are not rivalsim's known ones: name them.
const file = join(import.meta.dirname, 'data', 'speakers-history.csv');
const speakerHistory = parseObservations(readFileSync(file, 'utf8'), { file: 'speakers-history.csv', sources: ['my-panel', 'retail-audit'] });
console.log(`Speakers: ${speakerHistory.length} published figures from ${new Set(speakerHistory.map((o) => o.source)).size} trackers, ${speakerHistory[0].period} to ${speakerHistory[speakerHistory.length - 1].period}\n`);

// 1. Fit on 2021–2022 (the scenario starts in January 2021 and runs 24 months).
const fitted = await calibrate(scenarioAt('2021-01', [], 24), observationsBefore(speakerHistory, '2023-01'), { particles: 150, generations: 5, seed });
console.log(calibrationText(fitted));
console.log(`Posterior: ${describePosterior(fitted).join('; ')}\n`);

// 2. Backtest from January 2022 and January 2023, 12 months ahead, on the annual and quarterly shares.
const prior = await backtest((origin, before) => scenarioAt(origin, before), speakerHistory, { origins: ['2022-01', '2023-01'], runs, seed });
console.log('With the priors:');
console.log(backtestText(prior));
const fit = await backtest((origin, before) => scenarioAt(origin, before), speakerHistory, {
  origins: ['2023-01'], runs, seed, calibrate: { from: '2021-01', particles: 150, generations: 5 },
});
console.log('Fitted on 2021–2022 first:');
console.log(backtestText(fit));
