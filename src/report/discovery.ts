/**
 * A scenario discovery in the report: "What must be true?" — the
 * predicate and its probability, the chosen box (PRIM) or the densest
 * leaf (CART) with each restricted input's range and quasi-p-value, and
 * the coverage–density trade-off curve. As plain rows (the report model),
 * as the command line's text (`rivalsim discover`) and as an HTML section
 * (in `htmlReport`).
 */
import { describeRestriction, type BoxStats, type Restriction } from '../analysis/discovery/box.js';
import type { DiscoveryResult } from '../analysis/discovery/discover.js';
import { boxSVG, tradeoffSVG } from '../charts/discovery.js';
import type { Estimate } from '../montecarlo/result.js';
import { pct, pctSE } from './format.js';
import { esc, figure, htmlTable } from './html-parts.js';
import { textTable } from './text.js';

/**
 * What a discovery report shows: the predicate (its text), its probability
 * over the study's runs, the discovery and the study's dates.
 *
 * @example
 * const report: DiscoveryReport = { predicate: 'rank(phones, apple, 2027-Q4) == 1', probability: result.probability('when'), found, dates: result.dates };
 */
export interface DiscoveryReport {
  predicate: string;
  probability: Estimate;
  found: DiscoveryResult;
  dates: readonly string[];
}

/**
 * One restricted input of the box: the restriction in words, the input's
 * full range in the runs, and its quasi-p-value.
 *
 * @example
 * // { input: 'apple+alibaba · integration quality', restriction: 'apple+alibaba · integration quality ≥ 0.787', range: '0.6 – 0.95', p: 3e-27 }
 */
export interface RestrictionRow {
  input: string;
  restriction: string;
  range: string;
  p: number;
}

/** The box a result reports: PRIM's chosen box, or CART's densest leaf. */
export function reportedBox(found: DiscoveryResult): BoxStats & { restrictions: Restriction[] } {
  return found.method === 'prim' ? found.box : found.leaves[0];
}

/**
 * The box's restrictions as rows.
 *
 * @example
 * restrictionRows(found, result.dates).map((r) => r.restriction); // => ['apple+alibaba · decision ∈ {approved}', …]
 */
export function restrictionRows(found: DiscoveryResult, dates?: readonly string[]): RestrictionRow[] {
  return reportedBox(found).restrictions.map((r) => {
    const value = (x: number) => (r.kind === 'continuous' && r.months && dates
      ? (Math.round(x) >= dates.length ? 'after the horizon' : dates[Math.max(0, Math.round(x))])
      : String(Number(x.toPrecision(3))));
    const range = r.kind === 'categorical' ? r.all.join(', ') : `${value(r.min)} – ${value(r.max)}`;
    return { input: r.label, restriction: describeRestriction(r, dates), range, p: r.p };
  });
}

/**
 * A few points of PRIM's trade-off curve: the first and last boxes, the
 * chosen step and the last boxes keeping 90 %, 75 %, 50 % and 25 % of the
 * cases of interest (in trajectory order, each once).
 *
 * @example
 * tradeoffPoints(found).map((p) => p.index); // => [0, 9, 17, 31, 45, 58]
 */
export function tradeoffPoints(found: DiscoveryResult): Array<{ index: number; coverage: number; density: number; support: number; restricted: number; chosen: boolean }> {
  if (found.method !== 'prim') return [];
  const t = found.trajectory;
  const picks = new Set<number>([0, t.length - 1, found.selected]);
  for (const c of [0.9, 0.75, 0.5, 0.25]) {
    let last = -1;
    t.forEach((s, i) => { if (s.coverage >= c) last = i; });
    if (last >= 0) picks.add(last);
  }
  return [...picks].sort((a, b) => a - b).map((i) => ({ ...t[i], chosen: i === found.selected }));
}

const quasiP = (p: number) => (p < 1e-4 ? p.toExponential(0) : String(Number(p.toPrecision(2))));

/** Coverage, density and support of a box, in words. */
function boxLine(box: BoxStats): string {
  return `coverage ${pct(box.coverage)} (share of the cases in the box), density ${pct(box.density)} (share of the box's runs that are cases), support ${pct(box.support)} (${box.rows.toLocaleString('en-US')} runs)`;
}

/**
 * The command line's text of a discovery: the predicate with its
 * probability ± se, the chosen box with its restrictions, and the
 * trade-off curve's summary.
 *
 * @example
 * discoveryText(report); // 'What must be true for rank(phones, apple, 2027-Q4) == 1?\n  P = 41.3% ± 0.8 over 4,000 runs …'
 */
export function discoveryText(report: DiscoveryReport): string {
  const { found, dates } = report, box = reportedBox(found);
  const out = [`What must be true for ${report.predicate}?`,
    `  It holds in ${pctSE(report.probability.probability, report.probability.se)} of ${report.probability.runs.toLocaleString('en-US')} runs (${found.hits.toLocaleString('en-US')} cases of interest).`, ''];
  out.push(found.method === 'prim' ? `PRIM's chosen box (trajectory step ${found.box.index}${found.box.pasted ? ', pasted' : ''})` : `CART's densest leaf (of ${found.leaves.length})`);
  out.push(`  ${boxLine(box)}`);
  const rows = restrictionRows(found, dates);
  if (rows.length) out.push(textTable(['Restriction', 'Full range', 'quasi-p'], rows.map((r) => [r.restriction, r.range, quasiP(r.p)]), ['l', 'l', 'r']));
  else out.push('  No input restriction is significant: no box of inputs makes the outcome much likelier than it is in all runs (the runs\' own randomness, shocks and draws, decides it).');
  if (found.method === 'prim' && found.box.pruned.length) out.push(`  Dropped as not significant: ${found.box.pruned.join(', ')}`);
  const points = tradeoffPoints(found);
  if (found.method === 'prim' && points.length) {
    out.push('', `Trade-off curve (${found.trajectory.length} boxes peeled; * the chosen step)`);
    out.push(textTable(['Step', 'Coverage', 'Density', 'Support', 'Inputs restricted'], points.map((p) =>
      [`${p.index}${p.chosen ? ' *' : ''}`, pct(p.coverage), pct(p.density), pct(p.support), String(p.restricted)])));
  }
  return out.join('\n') + '\n';
}

/**
 * The report's "What must be true?" section: the predicate and its
 * probability, the restrictions table, the box chart and (PRIM) the
 * trade-off curve.
 *
 * @example
 * discoverySection(report).join('\n'); // '<section id="discovery">…'
 */
export function discoverySection(report: DiscoveryReport): string[] {
  const { found, dates } = report, box = reportedBox(found);
  const out = ['<section id="discovery">', '<h2>What must be true?</h2>',
    `<p>Scenario discovery (${found.method === 'prim' ? 'PRIM, Friedman &amp; Fisher 1999' : 'CART, Breiman et al. 1984'}) of the runs where <code>${esc(report.predicate)}</code>: ` +
    `it holds in ${esc(pctSE(report.probability.probability, report.probability.se))} of ${esc(report.probability.runs.toLocaleString('en-US'))} runs.</p>`,
    `<p>${found.method === 'prim' ? 'Chosen box' : 'Densest leaf'}: ${esc(boxLine(box))}.</p>`];
  const rows = restrictionRows(found, dates);
  if (rows.length) {
    out.push(htmlTable(['Restriction', 'Full range', 'quasi-p'], rows.map((r) => [r.restriction, r.range, quasiP(r.p)]), 'restrictions', [0, 1]));
    out.push(figure(boxSVG(box, { dates, title: found.method === 'prim' ? 'Chosen box' : 'Densest leaf' }), 'box-chart'));
  } else {
    out.push('<p class="note">No input restriction is significant: no box of inputs makes the outcome much likelier than it is in all runs.</p>');
  }
  if (found.method === 'prim') out.push(figure(tradeoffSVG(found, { dates }), 'tradeoff'));
  out.push('<p class="note">Coverage: share of the cases of interest inside the box. Density: share of the box\'s runs that are cases. ' +
    'quasi-p: how likely the box\'s density would be were that restriction dropped (Bryant &amp; Lempert 2010).</p>', '</section>');
  return out;
}
