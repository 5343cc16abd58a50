/**
 * Self-contained HTML reports of a simulation and of a comparison: one HTML
 * string with inline CSS and inline SVG charts, no external URL of any kind
 * (no scripts, fonts, images or style sheets from elsewhere). Portable: no
 * DOM, no Node APIs.
 */
import type { SensitivityResult } from '../analysis/sensitivity.js';
import type { OutputCell } from '../analysis/common.js';
import { formatValue, shortInput } from '../charts/core.js';
import { esc, figure, htmlTable, page } from './html-parts.js';
import { hasFanQuantiles } from '../charts/data.js';
import { comparisonChartSVG, fanChartSVG, rankBarsSVG, tornadoSVG } from '../charts/svg.js';
import type { Plan } from '../model/compile.js';
import type { ComparisonResult } from '../montecarlo/compare.js';
import { uncertainInputs } from '../montecarlo/design.js';
import { inputLabel } from '../montecarlo/labels.js';
import type { SimulationResult } from '../montecarlo/result.js';
import type { Distribution } from '../random/distributions.js';
import type { BacktestResult } from '../fitting/backtest.js';
import type { Posterior } from '../fitting/posterior.js';
import { backtestSection, calibrationSection } from './backtest.js';
import { formatDistribution } from './distribution.js';
import { provenanceSection } from './provenance.js';
import { discoverySection, type DiscoveryReport } from './discovery.js';
import { agentName, formatStep, formatStepSE, num, numSE, pct, pctSE, scenarioName, shareLabel } from './format.js';
import {
  comparisonPolicyDeals, comparisonShares, declaredDeals, keyEvents, marketShares, otherHappenings, outages, policyDeals, predicateRows, type MarketShares,
} from './model.js';

/**
 * Options of {@link htmlReport}.
 *
 * @example
 * const options: HtmlReportOptions = { sensitivity: s, title: 'Apple–Alibaba, 10,000 runs' };
 */
export interface HtmlReportOptions {
  /** A sensitivity analysis to show (tornado chart and table), e.g. from `sensitivity(plan, …)`. */
  sensitivity?: SensitivityResult;
  /** Page title (default: the scenario's name). */
  title?: string;
  /** A calibration the study ran on (`simulate(…, { posterior })`): adds "How well does the model fit the history?". */
  posterior?: Posterior;
  /** A backtest of the scenario: adds "How well does this model forecast?" (see `backtestSection`). */
  backtest?: BacktestResult;
  /** A scenario discovery to show ("What must be true?": restrictions, box chart, trade-off curve). */
  discovery?: DiscoveryReport;
}

/**
 * Options of {@link comparisonReport}.
 *
 * @example
 * const options: ComparisonReportOptions = { title: 'Deal vs no deal' };
 */
export interface ComparisonReportOptions {
  /** Page title (default: "b vs a" with the scenarios' names). */
  title?: string;
}


function signed(x: number, digits = 2): string {
  if (!Number.isFinite(x)) return '–';
  const v = x.toFixed(digits);
  return /^-0\.0*$/.test(v) ? v.slice(1) : `${x >= 0 ? '+' : ''}${v}`;
}

/**
 * The headline output the CLI explains in a report: the share of the first
 * strategic device maker (else the first agent) of the first device market
 * (else the first market) at the horizon — e.g. Apple's phone share.
 *
 * @example
 * headlineOutput(plan); // => { market: 'phones', metric: 'share', agent: 'apple' }
 */
export function headlineOutput(plan: Plan): OutputCell | undefined {
  const market = plan.markets.find((m) => m.kind === 'devices') ?? plan.markets[0];
  if (!market || !market.participants.length) return undefined;
  const agents = market.participants.map((p) => plan.agents[p.agent]);
  const agent = agents.find((a) => a.strategic && a.roles.includes('deviceMaker')) ?? agents.find((a) => a.strategic) ?? agents[0];
  return { market: market.id, metric: 'share', agent: agent.id };
}

function inputsSection(plan: Plan): string[] {
  const inputs = uncertainInputs(plan);
  const out = ['<section id="inputs">', `<h2>Uncertain inputs (${inputs.length})</h2>`];
  if (inputs.length) {
    out.push('<p class="note">Each sampled once per run.</p>');
    out.push(htmlTable(['Input', 'Path', 'Distribution'], inputs.map((i) => [inputLabel(plan, i.path), i.path, formatDistribution(i.dist)]), 'inputs', [0, 1, 2]));
  } else {
    out.push('<p>None: every input is a fixed number.</p>');
  }
  if (plan.parameters.length) {
    out.push('<h3>Parameters</h3>');
    out.push(htmlTable(['Name', 'Value'], plan.parameters.map((p) => {
      const v = p.input.value as unknown;
      const shown = typeof v === 'number' ? num(v) : typeof v === 'object' && v !== null && 'dist' in v ? formatDistribution(v as Distribution) : typeof (v as { source?: unknown })?.source === 'string' ? `= ${(v as { source: string }).source}` : JSON.stringify(v);
      return [p.name, shown];
    }), 'parameters', [0, 1]));
  }
  out.push('</section>');
  return out;
}

/** Markets with more agents than this show their fan chart as one panel per agent. */
const FAN_PANELS_FROM = 4;

function marketSection(result: SimulationResult, shares: MarketShares): string[] {
  const T = result.horizon, market = shares.market;
  const out = [`<section class="market" id="market-${esc(market.id)}">`, `<h3>${esc(market.name)} — ${esc(shareLabel(market))}</h3>`];
  if (shares.hasShare) {
    const rows = shares.rows.map((r) => [r.name, pct(r.now), pctSE(r.centre, r.centreSE), shares.hasBand ? `${pct(r.p5)} – ${pct(r.p95)}` : '–', shares.ranked ? pctSE(r.rank1, r.rank1SE) : '–']);
    out.push(htmlTable(['Agent', `Now ${result.dates[0]}`, `${shares.centre === 'median' ? 'Median' : 'Mean'} ${result.dates[T]} ± se`, 'P5 – P95', 'P(rank 1) ± se'], rows, 'summary'));
    // Many agents read better as small multiples than as one tangle of bands.
    const panels = market.agents.length > FAN_PANELS_FROM;
    if (hasFanQuantiles(result)) out.push(figure(fanChartSVG(result, { market: market.id, metric: 'share', title: `${market.name}: ${shareLabel(market)}`, panels }), panels ? 'fan-chart fan-panels' : 'fan-chart'));
    if (shares.ranked) out.push(figure(rankBarsSVG(result, { market: market.id, title: `${market.name}: P(rank 1) at ${result.dates[T]}` }), 'rank-bars'));
  } else {
    out.push('<p class="note">No share metric in this market.</p>');
  }
  out.push('</section>');
  return out;
}

function eventsSection(result: SimulationResult, plan: Plan): string[] {
  const out = ['<section id="events">', `<h2>Events (share of runs, by ${esc(plan.dates[plan.horizon])})</h2>`];
  const declared = declaredDeals(result, plan);
  if (declared.length) {
    out.push('<h3>Partnerships</h3>');
    out.push(htmlTable(['Deal', 'P(approved)', 'P(rejected)', 'P(live)', 'Mean go-live (if live)'], declared.map((d) =>
      [d.label, pctSE(d.approved, d.se.approved), pctSE(d.rejected, d.se.rejected), pctSE(d.live, d.se.live), formatStepSE(d.meanLiveStep, d.se.meanLiveStep, plan)]), 'deals'));
  } else {
    out.push('<p>Partnerships: none declared.</p>');
  }
  const made = policyDeals(result, plan);
  if (made.length) {
    out.push('<h3>Deals made by policies (mean number per run)</h3>');
    out.push(htmlTable(['Deal', 'Announced', 'Approved', 'Live', 'Mean go-live (if live)'], made.map((d) =>
      [d.label, d.announced.toFixed(3), d.approved.toFixed(3), d.live.toFixed(3), formatStep(d.meanLiveStep, plan)]), 'policy-deals'));
  }
  const down = outages(result, plan);
  if (down.length) {
    out.push('<h3>Outages (capacity overload)</h3>');
    out.push(htmlTable(['Provider', 'P(any outage)', 'Mean outage months per run', 'First outage (mean)'], down.map((o) =>
      [o.name, pctSE(o.probability, o.se.probability), numSE(o.meanCount, o.se.meanCount, 3), formatStepSE(o.meanFirstStep, o.se.meanFirstStep, plan)]), 'outages'));
  } else {
    out.push('<p>Outages: none in any run.</p>');
  }
  const others = otherHappenings(result);
  if (others.length) {
    out.push('<h3>Other happenings</h3>');
    out.push(htmlTable(['Kind', 'What', 'P(at least once)', 'Mean count per run', 'First (mean)'], others.map((e) => [
      e.kind, [e.event, e.agent ? agentName(plan, e.agent) : undefined, e.policy].filter(Boolean).join(' · '),
      pct(e.probability), e.meanCount.toFixed(2), formatStep(e.meanFirstStep, plan),
    ]), 'other-events', [0, 1]));
  }
  out.push('</section>');
  return out;
}

function sensitivitySection(s: SensitivityResult, plan: Plan): string[] {
  const step = s.at();
  const date = plan.dates[Math.min(plan.horizon, step.step)] ?? String(step.step);
  const isShare = /share/i.test(s.output);
  const unit = isShare ? 'percent' : 'number';
  const out = ['<section id="sensitivity">', '<h2>Sensitivity</h2>',
    `<p>What drives <code>${esc(s.output)}</code> at ${esc(date)}: ${esc(s.runs.toLocaleString('en-US'))} runs, seed ${esc(JSON.stringify(s.seed))}; ` +
    `mean ${esc(formatValue(step.mean, unit))}, sd ${esc(formatValue(step.sd, unit))}, R² of the linear fit ${esc(step.r2.toFixed(2))}.</p>`];
  if (step.inputs.length) {
    const top = step.inputs.slice(0, 12);
    const label = (path: string) => s.labels?.[path] ?? inputLabel(plan, path);
    out.push(figure(tornadoSVG(top.map((i) => ({ input: shortInput(label(i.path)), low: i.lowMean, high: i.highMean, base: step.mean })),
      { title: `${s.output} at ${date}`, unit: isShare ? '%' : undefined, axisTitle: `${s.output} at ${date}, mean over the runs` }), 'tornado'));
    const se = (e: { se: number } | undefined, digits: number, scale = 1) => (e && Number.isFinite(e.se) ? ` ± ${(scale * e.se).toFixed(digits)}` : '');
    out.push(htmlTable(['Input', 'Rank correlation ± se', 'SRC ± se', 'Mean output, input ≤ P10', 'Mean output, input ≥ P90', 'Swing ± se'], step.inputs.map((i) => [
      label(i.path), signed(i.rankCorrelation) + se(i.errors?.rankCorrelation, 2), signed(i.src) + se(i.errors?.src, 2), formatValue(i.lowMean, unit), formatValue(i.highMean, unit),
      (isShare ? formatValue(i.swing, 'pp') : signed(i.swing, 4)) + se(i.errors?.swing, isShare ? 2 : 4, isShare ? 100 : 1),
    ]), 'sensitivity'));
    out.push('<p class="note">Rank correlation: Spearman’s, of input and output over the runs. SRC: standardised regression coefficient. ' +
      'Swing: mean output with the input in its top decile minus in its bottom decile. ± se: bootstrap standard errors (Efron &amp; Tibshirani 1993; the runs resampled).</p>');
  } else {
    out.push('<p>No uncertain input varied in the runs.</p>');
  }
  if (s.skipped.length) out.push(`<p class="note">Left out (constant or not sampled in every run): ${esc(s.skipped.map((p) => s.labels?.[p] ?? inputLabel(plan, p)).join(', '))}.</p>`);
  out.push('</section>');
  return out;
}

/**
 * Where the landscape's figures come from: its `sources` and the notes on
 * its parameters (the China landscape carries both), or nothing when the
 * scenario's landscape names none.
 *
 * @example
 * sourcesSection(plan).join('\n'); // '<section id="sources"><h2>Sources</h2><ul><li>Phone shares: …'
 */
export function sourcesSection(plan: Plan): string[] {
  const landscape = plan.spec?.landscape;
  const sources = landscape?.sources ?? [];
  const notes = Object.entries(landscape?.parameterNotes ?? {}).filter(([name]) => plan.parameters.some((p) => p.name === name));
  if (!sources.length && !notes.length) return [];
  const out = ['<section id="sources">', '<h2>Sources</h2>'];
  if (sources.length) out.push(`<p>The landscape's figures (the world at ${esc(plan.dates[0])}):</p>`, `<ul class="sources">${sources.map((x) => `<li>${esc(x)}</li>`).join('')}</ul>`);
  if (notes.length) {
    out.push('<h3>The landscape\u2019s parameters</h3>');
    out.push(htmlTable(['Parameter', 'Name', 'What it is, and where its prior comes from'], notes.map(([name, note]) => [inputLabel(plan, `parameters.${name}`).replace(/ \(landscape\)$/, ''), name, note]), 'parameter-notes', [0, 1, 2]));
  }
  out.push('</section>');
  return out;
}

/**
 * One self-contained HTML page reporting a simulation: the scenario's name
 * and narrative, its uncertain inputs, a summary table, fan chart and rank
 * bars per market, the event probabilities (approval, go-live, outages) and,
 * when given, a sensitivity section (tornado chart and table), the fit of a
 * calibration and a backtest ("How well does this model forecast?"), and
 * the landscape's sources. Inputs are labelled by event, agent or market
 * and field (`inputLabel`), agents by name; markets of many agents show
 * their fan chart as small multiples. Inline
 * CSS and SVG only; all text is escaped.
 *
 * @example
 * const result = await simulate(scenarios['apple-alibaba'], { runs: 2000, seed: 1 });
 * const s = await sensitivity(scenarios['apple-alibaba'], { output: { market: 'phones', metric: 'share', agent: 'apple' }, runs: 2000, seed: 1 });
 * const html = htmlReport(result, { sensitivity: s }); // '<!DOCTYPE html>…'
 */
export function htmlReport(result: SimulationResult, options: HtmlReportOptions = {}): string {
  const plan = result.plan;
  const title = options.title ?? scenarioName(plan);
  const T = result.horizon;
  const body: string[] = [];
  body.push('<header>', `<h1>${esc(title)}</h1>`);
  body.push(`<p class="meta">Scenario <code>${esc(plan.id)}</code> · ${esc(result.runs.toLocaleString('en-US'))} runs · seed ${esc(JSON.stringify(result.seed))} · ` +
    `${esc(result.design)} · ${esc(T)} months (${esc(result.dates[0])} → ${esc(result.dates[T])})</p>`, '</header>');
  body.push('<section id="narrative">', '<h2>Scenario</h2>');
  if (title !== scenarioName(plan)) body.push(`<p><strong>${esc(scenarioName(plan))}</strong></p>`);
  body.push(plan.description ? `<p class="narrative">${esc(plan.description)}</p>` : '<p class="narrative note">No narrative given.</p>', '</section>');
  body.push(...inputsSection(plan));
  body.push('<section id="markets">', `<h2>Markets at ${esc(result.dates[T])}</h2>`);
  for (const shares of marketShares(result)) body.push(...marketSection(result, shares));
  body.push('</section>');
  const predicates = predicateRows(result);
  if (predicates.length) {
    body.push('<section id="predicates">', '<h2>Predicates (share of runs where each holds)</h2>',
      htmlTable(['Predicate', 'P ± se'], predicates.map((p) => [p.name, pctSE(p.probability, p.se)]), 'predicates'), '</section>');
  }
  body.push(...eventsSection(result, plan));
  if (options.sensitivity) body.push(...sensitivitySection(options.sensitivity, plan));
  const agentNames = Object.fromEntries(plan.agents.map((a) => [a.id, a.name]));
  if (options.posterior) body.push(calibrationSection(options.posterior, { agentNames }));
  if (options.backtest) body.push(backtestSection(options.backtest, { agentNames }));
  if (options.discovery) body.push(...discoverySection(options.discovery));
  body.push(...sourcesSection(plan));
  body.push('<p class="note">± se: Monte Carlo standard error (of a median: Maritz–Jarrett, from the histogram; of a probability: binomial; of a mean month: its sd / √runs).</p>');
  body.push(...provenanceSection(result.provenance));
  return page(title, body);
}

/**
 * One self-contained HTML page reporting a comparison b − a on common random
 * numbers: both scenarios' names and narratives, per market a table of the
 * share at the horizon (means, b − a with its 95 % CI, P(b > a)) and the
 * comparison chart over time, and the key event probabilities side by side.
 *
 * @example
 * const c = await compare(scenarios.baseline, scenarios['apple-alibaba'], { runs: 2000, seed: 1 });
 * const html = comparisonReport(c);
 */
export function comparisonReport(comparison: ComparisonResult, options: ComparisonReportOptions = {}): string {
  const { a, b } = comparison;
  const planA = a.plan, planB = b.plan;
  const T = a.horizon;
  const title = options.title ?? `${scenarioName(planB)} vs ${scenarioName(planA)}`;
  const body: string[] = [];
  body.push('<header>', `<h1>${esc(title)}</h1>`);
  body.push(`<p class="meta">b − a: <code>${esc(planB.id)}</code> − <code>${esc(planA.id)}</code> · ${esc(a.runs.toLocaleString('en-US'))} runs on common random numbers · ` +
    `seed ${esc(JSON.stringify(a.seed))} · ${esc(T)} months (${esc(a.dates[0])} → ${esc(a.dates[T])})</p>`, '</header>');
  body.push('<section id="narrative">', '<h2>Scenarios</h2>');
  for (const [label, plan] of [['a', planA], ['b', planB]] as const) {
    body.push(`<h3>${label}: ${esc(scenarioName(plan))} <code>${esc(plan.id)}</code></h3>`);
    body.push(plan.description ? `<p class="narrative">${esc(plan.description)}</p>` : '<p class="narrative note">No narrative given.</p>');
  }
  body.push('</section>');
  body.push('<section id="markets">', `<h2>Markets: b − a at ${esc(a.dates[T])}</h2>`);
  for (const { market, hasShare, rows } of comparisonShares(comparison)) {
    body.push(`<section class="market" id="market-${esc(market.id)}">`, `<h3>${esc(market.name)} — ${esc(shareLabel(market))}</h3>`);
    if (hasShare) {
      body.push(htmlTable(['Agent', 'Mean a', 'Mean b', 'b − a', '95% CI', 'P(b > a)'], rows.map((r) => [
        r.name, pct(r.meanA), pct(r.meanB), formatValue(r.difference.mean, 'pp'), `[${formatValue(r.difference.ciLow, 'pp')}, ${formatValue(r.difference.ciHigh, 'pp')}]`, pct(r.difference.pGreater),
      ]), 'summary'));
      body.push(figure(comparisonChartSVG(comparison, { market: market.id, metric: 'share', title: `${market.name}: ${shareLabel(market)}, b − a` }), 'comparison-chart'));
    } else {
      body.push('<p class="note">No share metric in this market.</p>');
    }
    body.push('</section>');
  }
  body.push('</section>');
  const rows = keyEvents(comparison).map((e) => [e.kind === 'outage' ? `${e.label} any outage` : `${e.label} ${e.kind}`, pct(e.a), pct(e.b), formatValue(e.b - e.a, 'pp')]);
  body.push('<section id="events">', `<h2>Events (share of runs, by ${esc(a.dates[T])})</h2>`);
  body.push(rows.length ? htmlTable(['Event', 'a', 'b', 'b − a'], rows, 'events') : '<p>No partnerships and no outages in either scenario.</p>');
  const made = comparisonPolicyDeals(comparison);
  if (made.length) {
    body.push('<h3>Deals made by policies (mean number approved per run)</h3>');
    body.push(htmlTable(['Deal', 'a', 'b', 'b − a'], made.map((d) => [d.label, d.approvedA.toFixed(3), d.approvedB.toFixed(3), signed(d.approvedB - d.approvedA, 3)]), 'policy-deals'));
  }
  body.push('</section>');
  body.push(...sourcesSection(planB));
  body.push(...provenanceSection(comparison.provenance));
  return page(title, body);
}
