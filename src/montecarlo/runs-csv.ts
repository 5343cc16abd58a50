/**
 * The per-run table of a study run with `keepInputs`, as CSV: one row per
 * run, its uncertain inputs and event draws, whether each predicate held,
 * and its outputs at the horizon — experiments as a table, as EMA
 * Workbench's `(experiments, outcomes)` pair, for users who analyse them
 * in a spreadsheet or a dataframe.
 */
import { csvField, csvNumber } from './csv.js';
import type { KeptInputs } from './kept-inputs.js';

/**
 * The CSV of kept runs. Columns, in order:
 *
 * - `run`: the run's index in the study (0-based; run r draws from the
 *   stream of (seed, r), so `runScenario(s, { seed, run: r })` replays it);
 * - one per uncertain input, named by its declaration path (e.g.
 *   `events[0].integrationQuality`), and one per event draw
 *   (`event:<id>:decision` — approved, rejected or pending —,
 *   `event:<id>:decided` and `event:<id>:live` in months from the start,
 *   a value past the horizon meaning "not within it"; `outages:<agent>`,
 *   outage months): the columns of `inputTable()`, categorical ones by
 *   category name;
 * - `predicate:<name>`: 1 when the predicate held in the run, else 0;
 * - `share:<market>:<agent>`: the agent's share (a fraction) in the market
 *   at the horizon.
 *
 * The header is the first line (no comment lines); numbers in their
 * shortest round-trip form, empty for NaN.
 *
 * @example
 * runsCSV(kept).split('\n')[0]; // => 'run,events[0].approvalProbability,…,share:phones:apple,…'
 */
export function runsCSV(kept: KeptInputs): string {
  const table = kept.table();
  const outcomes = kept.predicateNames.map((name) => [name, kept.outcome(name)] as const);
  const outputs = kept.outputs();
  const header = ['run', ...table.columns.map((c) => c.id), ...outcomes.map(([name]) => `predicate:${name}`), ...outputs.map((o) => o.id)];
  const lines = [header.map(csvField).join(',')];
  for (let r = 0; r < table.rows; r++) {
    const cells = [String(kept.from + r)];
    for (const c of table.columns) {
      const v = c.values[r];
      cells.push(c.kind === 'categorical' && c.categories ? csvField(Number.isInteger(v) && c.categories[v] !== undefined ? c.categories[v] : csvNumber(v)) : csvNumber(v));
    }
    for (const [, values] of outcomes) cells.push(String(values[r]));
    for (const o of outputs) cells.push(csvNumber(o.values[r]));
    lines.push(cells.join(','));
  }
  return lines.join('\n') + '\n';
}
