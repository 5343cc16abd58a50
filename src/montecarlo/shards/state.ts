/**
 * The accumulators' state in a shard file: a summary's state
 * (histograms bin-major and sparse) and a group's state as JSON, and back,
 * every array checked against the sizes its own layout implies.
 */
import { binsOf, transposeCounts } from '../histogram.js';
import type { GroupState } from '../group.js';
import { histogramKindOf, type SummaryState, type SummaryStateOf } from '../layout.js';
import {
  checkCounts, checkLimbs, corrupt, decodeCounts, decodeFloat64, encodeCounts, encodeFloat64, isObject, sized, type Float64JSON, type SparseCountsJSON,
} from './codec.js';

/** A summary's state ({@link SummaryState}) in JSON: a group's summary, or a comparison's differences. */
export type SummaryStateJSON = SummaryStateOf<Float64JSON, SparseCountsJSON[] | null>;

/** A {@link GroupState} in JSON. */
export interface GroupStateJSON {
  summary: SummaryStateJSON;
  ranks: Float64JSON[][];
  rankSteps: number[];
  /** Event statistics; `parties`: `[event, deviceMaker, provider]` of each deal seen (absent in files written before it was carried). */
  events: { n: number; steps: number; keys: string[]; first: Float64JSON[]; counts: Float64JSON[]; parties?: Array<[string, string, string]> };
  predicates: Array<[string, number]>;
}

/** A summary's state as JSON (histograms bin-major, sparse). */
export function summaryToJSON(s: SummaryState): SummaryStateJSON {
  return {
    n: s.n, dates: s.dates, markets: s.markets, histograms: s.histograms,
    acc: s.acc.map((a, i) => {
      // Summaries keep histograms cell-major ([cell * bins + bin]); files hold them bin-major.
      const cells = s.markets[i].agents.length * s.dates.length;
      return {
        sum: encodeFloat64(a.sum), sq: encodeFloat64(a.sq), min: encodeFloat64(a.min), max: encodeFloat64(a.max),
        positive: encodeFloat64(a.positive), negative: encodeFloat64(a.negative),
        hist: a.hist ? a.hist.map((h) => encodeCounts(cells ? transposeCounts(h, cells, h.length / cells) : h)) : null,
      };
    }),
  };
}

export function groupToJSON(state: GroupState): GroupStateJSON {
  return {
    summary: summaryToJSON(state.summary),
    ranks: state.ranks.map((perStep) => perStep.map(encodeFloat64)),
    rankSteps: state.rankSteps,
    events: {
      n: state.events.n, steps: state.events.steps, keys: state.events.keys,
      first: state.events.first.map(encodeFloat64), counts: state.events.counts.map(encodeFloat64), parties: state.events.parties ?? [],
    },
    predicates: state.predicates,
  };
}

/** The envelope of a group's JSON, checked. */
export function groupShape(data: unknown, path: string): GroupStateJSON {
  if (!isObject(data) || !isObject(data.summary) || !isObject(data.events) || !Array.isArray(data.ranks) || !Array.isArray(data.rankSteps) || !Array.isArray(data.predicates)) {
    throw corrupt(path, data, 'the state of a group of runs: { summary, ranks, rankSteps, events, predicates }');
  }
  const j = data as unknown as GroupStateJSON;
  const s = summaryShape(j.summary, `${path}.summary`), e = j.events;
  if (!Number.isSafeInteger(e.n) || e.n !== s.n || !Number.isSafeInteger(e.steps) || e.steps !== s.dates.length || !Array.isArray(e.keys) || !Array.isArray(e.first) || !Array.isArray(e.counts)) {
    throw corrupt(`${path}.events`, e, `event statistics: { n: ${s.n}, steps: ${s.dates.length}, keys, first, counts }`);
  }
  if (!j.predicates.every((p) => Array.isArray(p) && typeof p[0] === 'string' && Number.isSafeInteger(p[1]))) {
    throw corrupt(`${path}.predicates`, j.predicates, '[[name, count], …]');
  }
  return j;
}

/** The envelope of a summary's JSON, checked. */
export function summaryShape(data: unknown, path: string): SummaryStateJSON {
  const s = data as SummaryStateJSON;
  if (!isObject(data) || !Number.isSafeInteger(s.n) || s.n < 0 || !Array.isArray(s.dates) || !Array.isArray(s.markets) || !Array.isArray(s.acc) || s.acc.length !== s.markets.length || typeof s.histograms !== 'boolean') {
    throw corrupt(path, data, 'a summary: { n, dates, markets, histograms, acc }');
  }
  return s;
}

/** What summaries must share to be added: dates, markets, histograms. */
export function summaryLayout(s: SummaryStateJSON): string {
  return JSON.stringify([s.dates, s.markets, s.histograms]);
}

/** What groups must share to be added: dates, markets, histograms, rank steps, predicate names. */
export function groupLayout(j: GroupStateJSON): string {
  const s = j.summary;
  return JSON.stringify([s.dates, s.markets, s.histograms, j.rankSteps, j.predicates.map(([name]) => name)]);
}

/**
 * A summary's JSON decoded into a {@link SummaryState}, every array checked
 * against the sizes its own layout implies (the corrupt part named by path).
 */
export function decodeSummary(data: unknown, path: string): SummaryState {
  const s = summaryShape(data, path), T1 = s.dates.length;
  checkLayout(s, path);
  const acc = s.markets.map((m, i) => {
    const p = `${path}.acc[${i}]`;
    const x = s.acc[i];
    if (!isObject(x)) throw corrupt(p, x, 'the accumulators of a market');
    const nT = m.agents.length * T1, cells = m.metrics.length * nT;
    const f64 = (key: 'sum' | 'sq' | 'min' | 'max' | 'positive' | 'negative', length: number) => sized(decodeFloat64(x[key], `${p}.${key}`), length, `${p}.${key}`);
    let hist: Uint32Array[] | undefined;
    if (s.histograms) {
      if (!Array.isArray(x.hist)) throw corrupt(`${p}.hist`, x.hist, 'one histogram per metric');
      hist = sized(x.hist, m.metrics.length, `${p}.hist`).map((h, k) => {
        const bins = binsOf(histogramKindOf(m.metrics[k]));
        // Bin-major in the file, cell-major in a summary's state.
        const counts = decodeCounts(h, `${p}.hist[${k}]`, nT * bins);
        checkHistogram(counts, nT, s.n, `${p}.hist[${k}]`);
        return transposeCounts(counts, bins, nT);
      });
    }
    const a = {
      sum: f64('sum', cells * 4), sq: f64('sq', cells * 4), min: f64('min', cells), max: f64('max', cells),
      positive: f64('positive', cells), negative: f64('negative', cells), hist,
    };
    checkCells(a, s.n, p);
    return a;
  });
  return { n: s.n, dates: s.dates, markets: s.markets, histograms: s.histograms, acc };
}

/** The most summary cells (metrics × agents × dates, all markets) a shard may hold: a study's limit. */
export const MAX_SHARD_CELLS = 20_000_000;

/**
 * Checks a summary's layout before anything is allocated for it: markets
 * of distinct string ids with agents and metrics as distinct strings, and
 * at most {@link MAX_SHARD_CELLS} cells in all.
 */
function checkLayout(s: SummaryStateJSON, path: string): void {
  let cells = 0;
  const ids = new Set<unknown>();
  s.markets.forEach((m, i) => {
    const names = (x: unknown) => Array.isArray(x) && x.every((k) => typeof k === 'string') && new Set(x).size === x.length;
    if (!isObject(m) || typeof m.id !== 'string' || ids.has(m.id) || (m.kind !== 'devices' && m.kind !== 'assistants') || !names(m.agents) || !names(m.metrics)) {
      throw corrupt(`${path}.markets[${i}]`, m, 'a market layout { id, name, kind, agents, metrics } of distinct ids');
    }
    ids.add(m.id);
    cells += m.agents.length * m.metrics.length * s.dates.length;
  });
  if (cells > MAX_SHARD_CELLS) throw corrupt(`${path}.markets`, `${cells} cells`, `at most ${MAX_SHARD_CELLS} cells (metrics × agents × dates)`);
  if (!s.dates.every((d) => typeof d === 'string')) throw corrupt(`${path}.dates`, s.dates, 'an array of months');
}

/**
 * Checks what every run guarantees of a market's accumulators over `n`
 * runs: limbs are exact integers, the sum of squares is not negative,
 * min ≤ max (both finite once a run is in; ±Infinity before), the counts
 * of positive and negative values are integers in 0…n with a sum ≤ n.
 */
function checkCells(a: Omit<SummaryState['acc'][number], 'hist'>, n: number, path: string): void {
  checkLimbs(a.sum, `${path}.sum`);
  checkLimbs(a.sq, `${path}.sq`);
  checkCounts(a.positive, n, `${path}.positive`);
  checkCounts(a.negative, n, `${path}.negative`);
  for (let c = 0; c < a.min.length; c++) {
    const lo = a.min[c], hi = a.max[c];
    const ok = n === 0 ? lo === Infinity && hi === -Infinity : Number.isFinite(lo) && Number.isFinite(hi) && lo <= hi;
    if (!ok) throw corrupt(`${path}.min[${c}]`, [lo, hi], n === 0 ? 'min Infinity and max -Infinity (no runs)' : 'a finite min ≤ the finite max');
    if (a.positive[c] + a.negative[c] > n) throw corrupt(`${path}.positive[${c}]`, [a.positive[c], a.negative[c]], `positive and negative counts summing to at most ${n}`);
    const sq = a.sq[c * 4 + 3] * 2 ** 78 + a.sq[c * 4 + 2] * 2 ** 52 + a.sq[c * 4 + 1] * 2 ** 26 + a.sq[c * 4];
    if (sq < 0) throw corrupt(`${path}.sq[${c * 4}]`, sq, 'a sum of squares ≥ 0');
  }
}

/** Checks that each cell's bins of a bin-major histogram count every run once: their sum is `n`. */
function checkHistogram(counts: Uint32Array, cells: number, n: number, path: string): void {
  const sums = new Float64Array(cells);
  for (let i = 0; i < counts.length; i++) sums[i % cells] += counts[i];
  for (let c = 0; c < cells; c++) if (sums[c] !== n) throw corrupt(path, `${sums[c]} runs in cell ${c}`, `${n} runs in every cell (the runs summarised)`);
}

/**
 * A group's JSON decoded into a {@link GroupState}, every array checked
 * against the sizes its own layout implies (the corrupt part named by path).
 */
export function decodeGroup(data: unknown, path: string): GroupState {
  const j = groupShape(data, path);
  const s = j.summary;
  const summary = decodeSummary(s, `${path}.summary`);
  const ranks = s.markets.map((m, i) => {
    const r = j.ranks[i];
    if (!Array.isArray(r)) throw corrupt(`${path}.ranks[${i}]`, r, 'rank counts per rank step');
    return sized(r, j.rankSteps.length, `${path}.ranks[${i}]`).map((v, t) => sized(decodeFloat64(v, `${path}.ranks[${i}][${t}]`), m.agents.length ** 2, `${path}.ranks[${i}][${t}]`));
  });
  const e = j.events;
  sized(e.first, e.keys.length, `${path}.events.first`);
  sized(e.counts, e.keys.length, `${path}.events.counts`);
  e.keys.forEach((key, k) => { if (typeof key !== 'string') throw corrupt(`${path}.events.keys[${k}]`, key, 'a string'); });
  const parties = e.parties ?? [];
  if (!Array.isArray(parties)) throw corrupt(`${path}.events.parties`, parties, '[[event, deviceMaker, provider], …]');
  parties.forEach((p, k) => {
    if (!Array.isArray(p) || p.length !== 3 || !p.every((x) => typeof x === 'string')) throw corrupt(`${path}.events.parties[${k}]`, p, '[event, deviceMaker, provider]');
  });
  const n = summary.n;
  ranks.forEach((perStep, i) => perStep.forEach((c, t) => checkRanks(c, s.markets[i].agents.length, n, `${path}.ranks[${i}][${t}]`)));
  const first = e.first.map((v, k) => sized(decodeFloat64(v, `${path}.events.first[${k}]`), e.steps, `${path}.events.first[${k}]`));
  const counts = e.counts.map((v, k) => sized(decodeFloat64(v, `${path}.events.counts[${k}]`), e.steps + 1, `${path}.events.counts[${k}]`));
  e.keys.forEach((_, k) => {
    checkCounts(first[k], n, `${path}.events.first[${k}]`);
    checkCounts(counts[k], n, `${path}.events.counts[${k}]`);
    const seen = first[k].reduce((x, y) => x + y, 0);
    if (seen > n || counts[k].reduce((x, y) => x + y, 0) !== seen) {
      throw corrupt(`${path}.events.counts[${k}]`, `${seen} runs`, `as many runs as its first steps count, at most ${n}`);
    }
  });
  j.predicates.forEach(([name, count], k) => { if (count < 0 || count > n) throw corrupt(`${path}.predicates[${k}]`, [name, count], `a count in 0…${n}`); });
  return {
    summary,
    ranks,
    rankSteps: j.rankSteps,
    events: { n: e.n, steps: e.steps, keys: e.keys, first, counts, parties },
    predicates: j.predicates,
  };
}

/** Checks rank counts (`[agent * agents + rank]`): integers, each agent ranked once per run and each rank given once per run. */
function checkRanks(c: Float64Array, agents: number, n: number, path: string): void {
  checkCounts(c, n, path);
  for (let a = 0; a < agents; a++) {
    let byAgent = 0, byRank = 0;
    for (let r = 0; r < agents; r++) { byAgent += c[a * agents + r]; byRank += c[r * agents + a]; }
    if (byAgent !== n || byRank !== n) throw corrupt(path, `${byAgent} ranks of agent ${a}, ${byRank} agents at rank ${a + 1}`, `${n}: every run ranks each agent once`);
  }
}
