/**
 * Fit and backtest a landscape of your own on your own CSV of tracker
 * figures: smart speakers in Europe, three makers, two (made-up) trackers.
 * The CSV (examples/data/speakers-history.csv) has one row per published
 * figure: `source,market,agent,period,metric,value,reference`.
 *
 * 1. Calibrate the uncertain inputs (how fast buyers' taste for voice
 *    assistants grows, and market growth) on 2021–2022.
 * 2. Backtest: forecast 2023 from January 2023 (and 2022 from January
 *    2022), with the priors and with the fitted posterior, and compare with
 *    persistence and mean reversion.
 *
 * Run: npm run example -- backtest [--runs 500] [--seed 7]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  backtest, calibrate, describePosterior, parseObservations, observationsBefore,
  type LandscapeSpec, type ObservationRow, type ScenarioSpec,
} from '../src/index.js';
import { backtestReport, fitReport } from '../src/node/fit-commands.js';
import { exampleArgs } from './_summary.js';

const { runs, seed } = exampleArgs({ runs: 500, seed: 7 });

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
const history = parseObservations(readFileSync(file, 'utf8'), { file: 'speakers-history.csv', sources: ['my-panel', 'retail-audit'] });
console.log(`${history.length} published figures from ${new Set(history.map((o) => o.source)).size} trackers, ${history[0].period} to ${history[history.length - 1].period}\n`);

// 1. Fit on 2021–2022 (the scenario starts in January 2021 and runs 24 months).
const fitted = await calibrate(scenarioAt('2021-01', [], 24), observationsBefore(history, '2023-01'), { particles: 150, generations: 5, seed });
console.log(fitReport(fitted));
console.log(`Posterior: ${describePosterior(fitted).join('; ')}\n`);

// 2. Backtest from January 2022 and January 2023, 12 months ahead, on the annual and quarterly shares.
const prior = await backtest((origin, before) => scenarioAt(origin, before), history, { origins: ['2022-01', '2023-01'], runs, seed });
console.log('With the priors:');
console.log(backtestReport(prior));
const fit = await backtest((origin, before) => scenarioAt(origin, before), history, {
  origins: ['2023-01'], runs, seed, calibrate: { from: '2021-01', particles: 150, generations: 5 },
});
console.log('Fitted on 2021–2022 first:');
console.log(backtestReport(fit));
