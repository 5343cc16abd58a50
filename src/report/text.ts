/**
 * The report model rendered as plain-text tables: what `rivalsim run`,
 * `compare` and `merge` print (and what the examples' summaries reuse).
 */
import type { Plan } from '../model/compile.js';
import type { ComparisonResult } from '../montecarlo/compare.js';
import type { SimulationResult } from '../montecarlo/result.js';
import { agentName, formatStep, formatStepSE, numSE, pct, pctSE, scenarioTitle, shareLabel } from './format.js';
import { comparisonShares, declaredDeals, keyEvents, marketShares, outages, policyDeals, predicateRows, type MarketShares } from './model.js';

/**
 * A table: first column left-aligned, the others right-aligned (or as
 * given), two spaces apart, each line indented.
 *
 * @example
 * textTable(['Agent', 'Share'], [['Apple', '15.5%']]); // => '  Agent  Share\n  Apple  15.5%'
 */
export function textTable(header: string[], rows: string[][], align?: Array<'l' | 'r'>, indent = '  '): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const a = align ?? header.map((_, c) => (c === 0 ? 'l' : 'r'));
  const line = (r: string[]) => indent + r.map((cell, c) => (a[c] === 'l' ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

/**
 * A difference of shares in percentage points, signed: `+1.23 pp`.
 *
 * @example
 * pp(-0.0123); // => '-1.23 pp'
 * pp(0.00001, false); // => '+0.00'
 */
export function pp(x: number, unit = true): string {
  if (!Number.isFinite(x)) return '–';
  const v = (100 * x).toFixed(2);
  const s = v === '-0.00' ? '0.00' : v;
  return `${s.startsWith('-') ? '' : '+'}${s}${unit ? ' pp' : ''}`;
}

/** One market's share table: now, the centre at the horizon, P5–P95, P(#1). */
function sharesTable(result: SimulationResult, shares: MarketShares): string {
  const T = result.horizon;
  const rows = shares.rows.map((r) => [r.name, pct(r.now), pctSE(r.centre, r.centreSE), `${pct(r.p5)} – ${pct(r.p95)}`, pctSE(r.rank1, r.rank1SE)]);
  const centre = shares.centre === 'median' ? 'Median' : 'Mean';
  return `${shares.market.name} — ${shareLabel(shares.market)}\n${textTable(['Agent', `Now ${result.dates[0]}`, `${centre} ${result.dates[T]} ± se`, 'P5 – P95', 'P(#1) ± se'], rows)}`;
}

/** The events of a study: declared partnerships, deals policies made, outages. */
function eventsText(result: SimulationResult, plan: Plan): string {
  const out: string[] = [];
  const declared = declaredDeals(result, plan);
  if (declared.length) {
    out.push(`Partnerships (share of runs, by ${plan.dates[plan.horizon]})`);
    out.push(textTable(['Deal', 'P(approved)', 'P(rejected)', 'P(live)', 'Mean go-live (if live)'], declared.map((d) =>
      [d.label, pctSE(d.approved, d.se.approved), pctSE(d.rejected, d.se.rejected), pctSE(d.live, d.se.live), formatStepSE(d.meanLiveStep, d.se.meanLiveStep, plan)])));
  } else {
    out.push('Partnerships: none declared');
  }
  const made = policyDeals(result, plan);
  if (made.length) {
    out.push('', 'Deals made by policies (mean number per run)');
    out.push(textTable(['Deal', 'Announced', 'Approved', 'Live', 'Mean go-live (if live)'], made.map((d) =>
      [d.label, d.announced.toFixed(3), d.approved.toFixed(3), d.live.toFixed(3), formatStep(d.meanLiveStep, plan)])));
  }
  const down = outages(result, plan);
  out.push('');
  if (down.length) {
    out.push(`Outages (capacity overload, by ${plan.dates[plan.horizon]})`);
    out.push(textTable(['Provider', 'P(any outage)', 'Mean outage months per run', 'First outage (mean)'], down.map((o) =>
      [o.name, pctSE(o.probability, o.se.probability), numSE(o.meanCount, o.se.meanCount, 3), formatStepSE(o.meanFirstStep, o.se.meanFirstStep, plan)])));
  } else {
    out.push('Outages: none in any run');
  }
  return out.join('\n');
}

/**
 * The tables `rivalsim run` and `merge` print: a header line ending with
 * `how` (duration, threads), a share table per market, the key events.
 *
 * @example
 * studyText(result, '1.2 s'); // 'apple-alibaba — Apple–Alibaba: …\n10,000 runs, seed 42, 36 months (2025-01 → 2028-01), 1.2 s\n\nSmartphones — sales share …'
 */
export function studyText(result: SimulationResult, how: string): string {
  const plan = result.plan;
  const out: string[] = [];
  out.push(scenarioTitle(plan));
  out.push(`${result.runs.toLocaleString('en-US')} runs, seed ${JSON.stringify(result.seed)}, ${plan.horizon} months (${plan.dates[0]} → ${plan.dates[plan.horizon]}), ${how}`);
  for (const shares of marketShares(result)) out.push('', sharesTable(result, shares));
  out.push(...rankAtText(result));
  const predicates = predicateRows(result);
  if (predicates.length) out.push('', 'Predicates (share of runs where each holds)', textTable(['Predicate', 'P ± se'], predicates.map((p) => [p.name, pctSE(p.probability, p.se)])));
  out.push('', eventsText(result, plan));
  out.push('', '± se: Monte Carlo standard error (of a median: Maritz–Jarrett, from the histogram; of a probability: binomial).');
  return out.join('\n') + '\n';
}

/** P(#1) at the rank steps other than the horizon (`rankAt`): the three likeliest leaders of each market. */
function rankAtText(result: SimulationResult): string[] {
  const out: string[] = [];
  for (const step of result.rankSteps) {
    if (step === result.horizon) continue;
    out.push('', `P(#1) at ${result.dates[step]} ± se`);
    for (const m of result.markets) {
      const rows = m.agents.map((a) => ({ a, e: result.rankProbability(m.id, a, 1, step) })).sort((x, y) => y.e.probability - x.e.probability).slice(0, 3);
      out.push(`  ${m.name}: ${rows.map(({ a, e }) => `${agentName(result.plan, a)} ${pctSE(e.probability, e.se)}`).join(', ')}`);
    }
  }
  return out;
}

/** The key events of a comparison, a and b side by side. */
function keyEventsText(c: ComparisonResult): string {
  const rows = keyEvents(c).map((e) => [e.kind === 'outage' ? `${e.label} any outage` : `${e.id} ${e.kind}`, pct(e.a), pct(e.b), pp(e.b - e.a)]);
  if (!rows.length) return 'Key events: no partnerships and no outages in either scenario';
  const plan = c.a.plan;
  return `Key events (share of runs, by ${plan.dates[plan.horizon]})\n${textTable(['Event', 'a', 'b', 'b − a'], rows)}`;
}

/**
 * The tables `rivalsim compare` and `merge` (of comparison shards) print:
 * the two scenarios, a header line ending with `how`, a table of b − a per
 * market, the key events.
 *
 * @example
 * comparisonText(c, '2.0 s'); // 'a: baseline — …\nb: apple-alibaba — …\n10,000 runs on common random numbers, …'
 */
export function comparisonText(c: ComparisonResult, how: string): string {
  const planA = c.a.plan, planB = c.b.plan, T = planA.horizon;
  const out: string[] = [];
  out.push(`a: ${scenarioTitle(planA)}`);
  out.push(`b: ${scenarioTitle(planB)}`);
  out.push(`${c.a.runs.toLocaleString('en-US')} runs on common random numbers, seed ${JSON.stringify(c.a.seed)}, ${T} months (${planA.dates[0]} → ${planA.dates[T]}), ${how}`);
  for (const { market, rows } of comparisonShares(c)) {
    out.push('', `${market.name} — ${shareLabel(market)} at ${planA.dates[T]}, b − a`);
    out.push(textTable(['Agent', 'Mean a', 'Mean b', 'b − a', '95% CI (pp)', 'P(b > a)'], rows.map((r) => [
      r.name, pct(r.meanA), pct(r.meanB), pp(r.difference.mean), `[${pp(r.difference.ciLow, false)}, ${pp(r.difference.ciHigh, false)}]`, pct(r.difference.pGreater),
    ])));
  }
  const names = c.a.predicateNames;
  if (names.length) {
    out.push('', 'Predicates (share of runs where each holds)', textTable(['Predicate', 'a ± se', 'b ± se', 'b − a'], names.map((n) => {
      const a = c.a.probability(n), b = c.b.probability(n);
      return [n, pctSE(a.probability, a.se), pctSE(b.probability, b.se), pp(b.probability - a.probability)];
    })));
  }
  out.push('', keyEventsText(c));
  return out.join('\n') + '\n';
}
