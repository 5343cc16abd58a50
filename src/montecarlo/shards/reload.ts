/**
 * Results reloaded from their `toJSON()` (a `--json` file): the exact state
 * that `toJSON()` carries under `state` (a shard document of the whole
 * study, see `document.ts`) decoded as a merge of one shard decodes it, so
 * the reloaded result answers `stat`, `quantileErrors`, `rankProbability`,
 * `event`, `given`, `toCSV()` and the reports exactly as the original did.
 * Kept paths and kept inputs are not carried.
 */
import { RivalsimError, formatValue } from '../../errors.js';
import type { ComparisonResult } from '../compare.js';
import type { SimulationResult } from '../result.js';
import { isObject } from './codec.js';
import { ComparisonMerger, ShardMerger } from './merge.js';

/** The `state` of a `toJSON()` object, or a one-line error saying what is missing. */
function stateOf(json: unknown, what: string, name: string): unknown {
  if (!isObject(json)) throw new RivalsimError(`Not ${what}`, name, json, `the object ${what}.toJSON() returns (a --json file, parsed)`);
  if (!('state' in json) || json.state === null || json.state === undefined) {
    throw new RivalsimError('No state to reload', `${name}.state`, json.state ?? undefined,
      `the exact state that toJSON() of rivalsim ≥ 0.1.0 writes (absent when the scenario holds functions, which JSON cannot carry)`,
      'Run the study again with a plain-data scenario, or write shard files (--out)');
  }
  return json.state;
}

/**
 * A {@link SimulationResult} from the object its `toJSON()` returned (a
 * `--json` file, parsed): the same statistics, bit for bit, and the
 * original provenance.
 *
 * @example
 * const again = await resultFromJSON(JSON.parse(readFileSync('study.json', 'utf8')));
 * again.toCSV() === result.toCSV(); // => true
 */
export async function resultFromJSON(json: unknown, name = 'json'): Promise<SimulationResult> {
  const state = stateOf(json, 'a SimulationResult', name);
  if (isObject(state) && state.format === 'rivalsim-comparison-shard') {
    throw new RivalsimError('A comparison', name, 'the JSON of a comparison', 'the JSON of a simulation (run --json)', 'Reload it with ComparisonResult.fromJSON');
  }
  const merger = new ShardMerger();
  await merger.add(state, `${name}.state`);
  return merger.reloaded();
}

/**
 * A {@link ComparisonResult} from the object its `toJSON()` returned (a
 * `compare --json` file, parsed): both sides and the differences, bit for
 * bit, with the original provenance.
 *
 * @example
 * const again = await comparisonFromJSON(JSON.parse(readFileSync('diff.json', 'utf8')));
 * again.toCSV() === comparison.toCSV(); // => true
 */
export async function comparisonFromJSON(json: unknown, name = 'json'): Promise<ComparisonResult> {
  const state = stateOf(json, 'a ComparisonResult', name);
  if (isObject(state) && state.format !== 'rivalsim-comparison-shard') {
    throw new RivalsimError('Not a comparison', `${name}.state.format`, state.format, formatValue('rivalsim-comparison-shard'), 'Reload a simulation with SimulationResult.fromJSON');
  }
  const merger = new ComparisonMerger();
  await merger.add(state, `${name}.state`);
  return merger.reloaded();
}
