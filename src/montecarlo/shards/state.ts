/**
 * The accumulators' state in a shard file: a summary's state
 * (histograms bin-major and sparse) and a group's state as JSON, and back,
 * every array checked against the sizes its own layout implies.
 */
import { binsOf, transposeCounts } from '../histogram.js';
import type { GroupState } from '../group.js';
import { histogramKindOf, type SummaryState, type SummaryStateOf } from '../layout.js';
import { corrupt, decodeCounts, decodeFloat64, encodeCounts, encodeFloat64, isObject, sized, type Float64JSON, type SparseCountsJSON } from './codec.js';

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
  const acc = s.markets.map((m, i) => {
    if (!isObject(m) || !Array.isArray(m.agents) || !Array.isArray(m.metrics)) throw corrupt(`${path}.markets[${i}]`, m, 'a market layout { id, name, kind, agents, metrics }');
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
        return transposeCounts(sized(decodeCounts(h, `${p}.hist[${k}]`), nT * bins, `${p}.hist[${k}]`), bins, nT);
      });
    }
    return {
      sum: f64('sum', cells * 4), sq: f64('sq', cells * 4), min: f64('min', cells), max: f64('max', cells),
      positive: f64('positive', cells), negative: f64('negative', cells), hist,
    };
  });
  return { n: s.n, dates: s.dates, markets: s.markets, histograms: s.histograms, acc };
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
  return {
    summary,
    ranks,
    rankSteps: j.rankSteps,
    events: {
      n: e.n, steps: e.steps, keys: e.keys,
      first: e.first.map((v, k) => sized(decodeFloat64(v, `${path}.events.first[${k}]`), e.steps, `${path}.events.first[${k}]`)),
      counts: e.counts.map((v, k) => sized(decodeFloat64(v, `${path}.events.counts[${k}]`), e.steps + 1, `${path}.events.counts[${k}]`)),
      parties,
    },
    predicates: j.predicates,
  };
}
