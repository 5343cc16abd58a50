/**
 * Observations: what trackers published, one tidy row each —
 * `source,market,agent,period,metric,value,reference` — read from CSV or
 * JSON and checked row by row. Bad input is a {@link RivalsimError} whose
 * message names the file, the row and the column.
 */
import { RivalsimError } from '../errors.js';
import type { LandscapeSpec } from '../model/types.js';
import { readCsv, csvCell } from './csv.js';
import { periodOf, lastMonth, type Period } from '../model/periods.js';
import { monthIndex, monthLabel } from '../model/time.js';
import { sourceRegistry, type SourceInfo } from './sources.js';

/** What an observation measures: a `share` (fraction), `units` (millions, devices) or `users` (millions, assistants). */
export type ObservationMetric = 'share' | 'units' | 'users';

/** The metrics an observation may carry. */
export const OBSERVATION_METRICS: readonly ObservationMetric[] = ['share', 'units', 'users'];

/** The agent id of market-level totals (`units` or `users` of the whole market). */
export const TOTAL = 'total';

/**
 * One published figure.
 *
 * @example
 * const o: ObservationRow = { source: 'idc', market: 'phones', agent: 'apple', period: '2024-Q4', metric: 'share', value: 0.174,
 *   reference: 'IDC press release, 2025-01 (via DATA.md)' };
 */
export interface ObservationRow {
  /** The tracker (see `KNOWN_SOURCES`), lower-case. */
  source: string;
  /** Market id, e.g. `phones`. */
  market: string;
  /** Agent id, or `total` for the whole market. */
  agent: string;
  /** `2024`, `2024-Q4` or `2024-12` (canonical form). */
  period: string;
  metric: ObservationMetric;
  /** A fraction for shares; millions for units and users. */
  value: number;
  /** Where the figure was published; `derived: …` when it is arithmetic on published figures. */
  reference?: string;
  /** Where the row was read, e.g. `obs.csv: row 4 (line 5)` (for messages). */
  location?: string;
}

/**
 * The published figure a result row is about: the observation's keys and value.
 *
 * @example
 * const f: PublishedFigure = { source: 'idc', market: 'phones', agent: 'apple', period: '2024', metric: 'share', observed: 0.156 };
 */
export interface PublishedFigure {
  source: string;
  market: string;
  agent: string;
  period: string;
  metric: ObservationMetric;
  /** The published value. */
  observed: number;
}

/**
 * Options of {@link parseObservations}.
 *
 * @example
 * const o: ParseObservationsOptions = { file: 'obs.csv', landscape: chinaLandscape(), sources: ['my-panel'] };
 */
export interface ParseObservationsOptions {
  /** File name for messages. Default `observations`. */
  file?: string;
  /** `csv` or `json`; default: JSON when the text starts with `[` or `{`, else CSV. */
  format?: 'csv' | 'json';
  /** Check markets, agents and metrics against this landscape. */
  landscape?: LandscapeSpec;
  /** Sources besides the known ones (ids or `{ id, name, counts }`). */
  sources?: ReadonlyArray<string | SourceInfo>;
  /** Accept only periods within these months (`'YYYY-MM'`, inclusive). */
  periods?: { from?: string; to?: string };
  /** Largest allowed sum of the shares of one source, market and period (rounding makes published shares add up to a little over 1). Default 1.05. */
  maxShareSum?: number;
}

/** The columns every row must have, in the CSV header's usual order. */
export const OBSERVATION_COLUMNS = ['source', 'market', 'agent', 'period', 'metric', 'value'] as const;

type Column = (typeof OBSERVATION_COLUMNS)[number] | 'reference';

/** A raw row to check: its cells by column and where it was read. */
interface RawRow { cells: Partial<Record<Column, unknown>>; where: string }

const NUMBER_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Reads observations from CSV or JSON text and checks every row: known
 * source, market and agent (against `landscape` when given), a valid period
 * within range, a known metric, a finite non-negative number (shares at
 * most 1), no duplicate row, and the shares of one source, market and
 * period summing to at most `maxShareSum`.
 *
 * CSV: a header with the columns `source,market,agent,period,metric,value`
 * and optionally `reference` (others are ignored); `#` lines are comments.
 * JSON: an array of row objects, or `{ "rows": [...] }`.
 *
 * @example
 * parseObservations('source,market,agent,period,metric,value\nidc,phones,apple,2024,share,0.156\n', { file: 'obs.csv' });
 * // => [{ source: 'idc', market: 'phones', agent: 'apple', period: '2024', metric: 'share', value: 0.156, location: 'obs.csv: row 1 (line 2)' }]
 * parseObservations('source,market,agent,period,metric,value\nidc,phones,apple,2024,share,abc\n', { file: 'obs.csv' });
 * // throws: Invalid number: expected a number such as 0.156 but received "abc" → at obs.csv: row 1 (line 2), column "value"
 */
export function parseObservations(text: string, options: ParseObservationsOptions = {}): ObservationRow[] {
  if (typeof text !== 'string') throw new RivalsimError('Invalid observations', options.file ?? 'observations', text, 'CSV or JSON text');
  const file = options.file ?? 'observations';
  const trimmed = text.replace(/^\uFEFF/, '').trimStart();
  const format = options.format ?? (trimmed.startsWith('[') || trimmed.startsWith('{') ? 'json' : 'csv');
  const rows = format === 'json' ? jsonRows(trimmed, file) : csvRows(text, file);
  return checkRows(rows, options);
}

/**
 * Checks observations already in memory (objects with the columns as
 * fields), as {@link parseObservations} checks a file's rows.
 *
 * @example
 * checkObservations([{ source: 'idc', market: 'phones', agent: 'apple', period: '2024', metric: 'share', value: 0.156 }]).length; // => 1
 */
export function checkObservations(rows: readonly unknown[], options: ParseObservationsOptions = {}): ObservationRow[] {
  const file = options.file ?? 'observations';
  if (!Array.isArray(rows)) throw new RivalsimError('Invalid observations', file, rows, 'an array of rows');
  return checkRows(rows.map((r, i) => objectRow(r, i, file)), options);
}

function csvRows(text: string, file: string): RawRow[] {
  const records = readCsv(text, file);
  if (records.length === 0) throw new RivalsimError('Empty observation file', file, '', `a header (${OBSERVATION_COLUMNS.join(',')},reference) and rows`);
  const header = records[0].cells.map((h) => h.trim().toLowerCase());
  header.forEach((h, i) => {
    if (header.indexOf(h) !== i) throw new RivalsimError('Duplicate column', `${file}: line ${records[0].line}`, h, 'each column once');
  });
  for (const c of OBSERVATION_COLUMNS) {
    if (!header.includes(c)) throw new RivalsimError('Missing column', `${file}: line ${records[0].line} (the header)`, header.join(','), `the columns ${OBSERVATION_COLUMNS.join(',')} (and optionally reference)`);
  }
  const columns = [...OBSERVATION_COLUMNS, 'reference'] as Column[];
  return records.slice(1).map((r, k) => {
    if (r.cells.length > header.length) {
      throw new RivalsimError('Too many cells', `${file}: row ${k + 1} (line ${r.line})`, `${r.cells.length} cells`, `${header.length}, one per column of the header (quote cells that hold commas)`);
    }
    const cells: RawRow['cells'] = {};
    for (const c of columns) {
      const i = header.indexOf(c);
      if (i >= 0 && i < r.cells.length) cells[c] = r.cells[i].trim();
    }
    return { cells, where: `${file}: row ${k + 1} (line ${r.line})` };
  });
}

function jsonRows(text: string, file: string): RawRow[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new RivalsimError('Malformed JSON', file, (e as Error).message, 'a JSON array of rows or { "rows": [...] }');
  }
  const rows = Array.isArray(doc) ? doc : (doc as { rows?: unknown })?.rows;
  if (!Array.isArray(rows)) throw new RivalsimError('Invalid observation document', file, doc, 'a JSON array of rows or { "rows": [...] }');
  return rows.map((r, i) => objectRow(r, i, file));
}

function objectRow(r: unknown, i: number, file: string): RawRow {
  const where = `${file}: row ${i + 1} (rows[${i}])`;
  if (typeof r !== 'object' || r === null || Array.isArray(r)) {
    throw new RivalsimError('Invalid row', where, r, `an object with ${OBSERVATION_COLUMNS.join(', ')} (and optionally reference)`);
  }
  const o = r as Record<string, unknown>;
  const cells: RawRow['cells'] = {};
  for (const c of [...OBSERVATION_COLUMNS, 'reference'] as Column[]) if (o[c] !== undefined) cells[c] = o[c];
  return { cells, where };
}

/** What the landscape allows: market kinds and participants. */
interface Allowed { kinds: Map<string, 'devices' | 'assistants'>; agents: Map<string, Set<string>> }

function allowedBy(landscape: LandscapeSpec | undefined): Allowed | undefined {
  if (!landscape) return undefined;
  return {
    kinds: new Map(landscape.markets.map((m) => [m.id, m.kind])),
    agents: new Map(landscape.markets.map((m) => [m.id, new Set(m.participants.map((p) => p.agent))])),
  };
}

function checkRows(rows: RawRow[], options: ParseObservationsOptions): ObservationRow[] {
  const registry = sourceRegistry(options.sources);
  const allowed = allowedBy(options.landscape);
  const from = options.periods?.from === undefined ? undefined : monthIndex(options.periods.from);
  const to = options.periods?.to === undefined ? undefined : monthIndex(options.periods.to);
  if (options.periods?.from !== undefined && from === undefined) throw new RivalsimError('Invalid month', 'periods.from', options.periods.from, "a month written 'YYYY-MM'");
  if (options.periods?.to !== undefined && to === undefined) throw new RivalsimError('Invalid month', 'periods.to', options.periods.to, "a month written 'YYYY-MM'");
  const maxSum = options.maxShareSum ?? 1.05;
  const seen = new Map<string, string>();
  const sums = new Map<string, number>();
  return rows.map(({ cells, where }) => {
    const at = (c: Column) => `${where}, column "${c}"`;
    const text = (c: Column): string => {
      const v = cells[c];
      if (typeof v !== 'string' || v.trim() === '') throw new RivalsimError(`Missing ${c}`, at(c), v ?? '', c === 'agent' ? `an agent id, or ${TOTAL} for the whole market` : `a ${c}`);
      return v.trim();
    };
    const source = checkSource(text('source'), registry, at('source'));
    const market = text('market');
    const kind = checkMarket(market, allowed, at('market'));
    const agent = text('agent');
    if (allowed && agent !== TOTAL && !allowed.agents.get(market)!.has(agent)) {
      throw new RivalsimError('Unknown agent', at('agent'), agent, `one of ${[...allowed.agents.get(market)!, TOTAL].join(', ')} (market ${market})`);
    }
    const period = checkPeriod(text('period'), from, to, at('period'));
    const metric = checkMetric(text('metric'), agent, kind, at('metric'));
    const value = checkValue(cells.value, metric, at('value'));
    const reference = typeof cells.reference === 'string' && cells.reference.trim() !== '' ? cells.reference.trim() : undefined;
    const key = [source, market, agent, period.label, metric].join('|');
    const first = seen.get(key);
    if (first) throw new RivalsimError('Duplicate observation', where, `${source} ${market} ${agent} ${period.label} ${metric}`, `each source, market, agent, period and metric once (also at ${first})`);
    seen.set(key, where);
    if (metric === 'share') {
      const group = [source, market, period.label].join('|');
      const sum = (sums.get(group) ?? 0) + value;
      sums.set(group, sum);
      if (sum > maxSum) {
        throw new RivalsimError('Shares sum above 1', at('value'), Number(sum.toFixed(4)),
          `shares of ${source}, ${market}, ${period.label} summing to at most ${maxSum}`, 'Shares are fractions (0.155 for 15.5 %); check for a duplicate agent or a typo');
      }
    }
    const o: ObservationRow = { source, market, agent, period: period.label, metric, value };
    if (reference !== undefined) o.reference = reference;
    o.location = where;
    return o;
  });
}

function checkSource(id: string, registry: Map<string, SourceInfo>, path: string): string {
  const s = id.toLowerCase();
  if (!registry.has(s)) {
    throw new RivalsimError('Unknown source', path, id, `one of ${[...registry.keys()].join(', ')}`, 'Name a known tracker, or add yours with the sources option');
  }
  return s;
}

function checkMarket(market: string, allowed: Allowed | undefined, path: string): 'devices' | 'assistants' | undefined {
  if (!allowed) return undefined;
  const kind = allowed.kinds.get(market);
  if (!kind) throw new RivalsimError('Unknown market', path, market, `one of ${[...allowed.kinds.keys()].join(', ')}`);
  return kind;
}

function checkPeriod(text: string, from: number | undefined, to: number | undefined, path: string): Period {
  const p = periodOf(text, path);
  if ((from !== undefined && p.first < from) || (to !== undefined && lastMonth(p) > to)) {
    throw new RivalsimError('Period out of range', path, text,
      `a period within ${from === undefined ? 'any time' : monthLabel(from)} … ${to === undefined ? 'any time' : monthLabel(to)}`);
  }
  return p;
}

function checkMetric(text: string, agent: string, kind: 'devices' | 'assistants' | undefined, path: string): ObservationMetric {
  const m = text.toLowerCase() as ObservationMetric;
  if (!OBSERVATION_METRICS.includes(m)) throw new RivalsimError('Unknown metric', path, text, `one of ${OBSERVATION_METRICS.join(', ')}`);
  if (m === 'share' && agent === TOTAL) throw new RivalsimError('Share of the whole market', path, text, `units or users for agent ${TOTAL} (its share is 1)`);
  if (kind === 'devices' && m === 'users') throw new RivalsimError('Metric not recorded by a device market', path, text, 'share or units');
  if (kind === 'assistants' && m === 'units') throw new RivalsimError('Metric not recorded by an assistant market', path, text, 'share or users');
  return m;
}

function checkValue(raw: unknown, metric: ObservationMetric, path: string): number {
  let v: number;
  if (typeof raw === 'number') v = raw;
  else if (typeof raw === 'string' && NUMBER_RE.test(raw.trim())) v = Number(raw.trim());
  else throw new RivalsimError('Invalid number', path, raw ?? '', metric === 'share' ? 'a number such as 0.156' : 'a number of millions such as 286.2');
  if (!Number.isFinite(v)) throw new RivalsimError('Invalid number', path, raw, 'a finite number');
  if (v < 0) throw new RivalsimError('Negative value', path, v, 'a number ≥ 0');
  if (metric === 'share' && v > 1) throw new RivalsimError('Share above 1', path, v, 'a fraction in [0, 1]', `Write ${v > 1 && v <= 100 ? (v / 100).toString() : 'the share as a fraction'} for ${v}%`);
  return v;
}

/**
 * Observations as CSV, with the header `source,market,agent,period,metric,value,reference`.
 *
 * @example
 * observationsToCSV([{ source: 'idc', market: 'phones', agent: 'apple', period: '2024', metric: 'share', value: 0.156 }]);
 * // => 'source,market,agent,period,metric,value,reference\nidc,phones,apple,2024,share,0.156,\n'
 */
export function observationsToCSV(rows: readonly ObservationRow[]): string {
  const lines = [[...OBSERVATION_COLUMNS, 'reference'].join(',')];
  for (const o of rows) lines.push([o.source, o.market, o.agent, o.period, o.metric, String(o.value), o.reference ?? ''].map(csvCell).join(','));
  return lines.join('\n') + '\n';
}

/**
 * The rows whose period ends before month `month` (`'YYYY-MM'`): what was
 * known at its start.
 *
 * @example
 * observationsBefore(rows, '2024-01').every((o) => o.period < '2024'); // => true
 */
export function observationsBefore(rows: readonly ObservationRow[], month: string): ObservationRow[] {
  const m = monthIndex(month);
  if (m === undefined) throw new RivalsimError('Invalid month', 'month', month, "a month written 'YYYY-MM'");
  return rows.filter((o) => lastMonth(periodOf(o.period, 'period')) < m);
}
