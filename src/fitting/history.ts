/**
 * The history shipped with rivalsim: China's smartphone shares and units
 * by quarter and year (2021 – Q4 2024) from IDC, Canalys, Counterpoint
 * (Market Monitor shipments and Market Pulse sell-through) and Strategy
 * Analytics, and the AI-assistant user figures of CNNIC and aicpb — every
 * figure published by January 2025, each row with its reference
 * (`src/data/history/china.json`).
 */
import data from '../data/history/china.json';
import posterior from '../data/china/posterior.json';
import { parsePosterior, type Posterior } from './posterior.js';
import { checkObservations, type ObservationRow } from './observations.js';

/**
 * The bundled China history, checked (as `parseObservations` checks a file).
 *
 * @example
 * const history = chinaHistory();
 * history.filter((o) => o.source === 'idc' && o.period === '2024' && o.metric === 'share');
 * // => [{ source: 'idc', market: 'phones', agent: 'apple', period: '2024', metric: 'share', value: 0.156, reference: 'IDC, China 2024 full year …' }, …]
 */
export function chinaHistory(): ObservationRow[] {
  return checkObservations(data.rows, { file: 'china history (src/data/history/china.json)' });
}

/**
 * The posterior of the default China landscape's fitted parameters (a
 * calibration of the January 2022 landscape on the trackers' 2022–2024
 * phone shares, by scripts/calibrate-china.ts; docs/calibration.md): joint
 * draws for `simulate(scenario, { posterior })`. `chinaLandscape()` carries
 * its marginals as distributions.
 *
 * @example
 * chinaPosterior().parameters.map((p) => p.path); // => ['parameters.aiWeightGrowth', 'parameters.phoneNoiseSd', …]
 */
export function chinaPosterior(): Posterior {
  return parsePosterior(posterior, { file: 'data/china/posterior.json' });
}
