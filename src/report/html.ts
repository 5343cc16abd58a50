/**
 * Self-contained HTML reports of a simulation and of a comparison: one HTML
 * string with inline CSS and inline SVG charts, no external URL of any kind
 * (no scripts, fonts, images or style sheets from elsewhere). Portable: no
 * DOM, no Node APIs.
 */
import type { SensitivityResult } from '../analysis/sensitivity.js';
import type { OutputCell } from '../analysis/common.js';
import { escapeXML, formatValue } from '../charts/core.js';
import { FAN_QUANTILES } from '../charts/data.js';
import { comparisonChartSVG, fanChartSVG, rankBarsSVG, tornadoSVG } from '../charts/svg.js';
import type { Plan } from '../model/compile.js';
import type { ComparisonResult } from '../montecarlo/compare.js';
import { uncertainInputs } from '../montecarlo/design.js';
import type { EventStat } from '../montecarlo/events.js';
import type { SimulationResult } from '../montecarlo/result.js';
import type { MarketLayout } from '../montecarlo/summary.js';
import { meanOf, type Distribution } from '../random/distributions.js';
import { num, pct } from './format.js';

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

const esc = escapeXML;

const CSS = `
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #222; background: #fff;
  max-width: 980px; margin: 0 auto; padding: 24px 20px 60px; line-height: 1.45; }
h1 { font-size: 1.7em; margin: 0 0 4px; }
h2 { font-size: 1.3em; margin: 36px 0 10px; padding-bottom: 4px; border-bottom: 2px solid #e4e4e4; }
h3 { font-size: 1.1em; margin: 24px 0 8px; }
p.meta { color: #666; margin: 0 0 16px; font-size: 0.92em; }
p.narrative { font-size: 1.02em; }
table { border-collapse: collapse; margin: 8px 0 16px; font-size: 0.9em; font-variant-numeric: tabular-nums; }
th, td { padding: 4px 10px; border-bottom: 1px solid #e6e6e6; text-align: right; }
th { background: #f6f6f6; font-weight: 600; }
th:first-child, td:first-child { text-align: left; }
td { white-space: nowrap; }
th.text, td.text { text-align: left; white-space: normal; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.92em; }
figure { margin: 10px 0 20px; }
figure svg { max-width: 100%; height: auto; display: block; }
.note { color: #666; font-size: 0.88em; }
footer { margin-top: 40px; color: #888; font-size: 0.82em; }
`;

/** An inline chart: the SVG without its namespace URL (HTML needs none), in a figure. */
function figure(svg: string, cls: string): string {
  return `<figure class="chart ${cls}">${svg.replace(/\s+xmlns="http:\/\/www\.w3\.org\/2000\/svg"/g, '')}</figure>`;
}

function page(title: string, body: string[]): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(title)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    ...body,
    '<footer>Made by rivalsim. Self-contained: inline CSS and SVG, nothing loaded from elsewhere.</footer>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** An HTML table; cells are escaped, `text` columns are left-aligned. */
function htmlTable(header: string[], rows: string[][], cls = '', textColumns: number[] = [0]): string {
  const cell = (tag: 'th' | 'td', v: string, c: number) => `<${tag}${c > 0 && textColumns.includes(c) ? ' class="text"' : ''}>${esc(v)}</${tag}>`;
  return `<table${cls ? ` class="${cls}"` : ''}><thead><tr>${header.map((h, c) => cell('th', h, c)).join('')}</tr></thead>` +
    `<tbody>${rows.map((r) => `<tr>${r.map((v, c) => cell('td', v, c)).join('')}</tr>`).join('')}</tbody></table>`;
}



function signed(x: number, digits = 2): string {
  if (!Number.isFinite(x)) return '–';
  const v = x.toFixed(digits);
  return /^-0\.0*$/.test(v) ? v.slice(1) : `${x >= 0 ? '+' : ''}${v}`;
}

/**
 * A distribution in words: `beta(alpha 6, beta 3; mean 0.6667)`.
 *
 * @example
 * formatDistribution({ dist: 'uniform', min: 3, max: 8 }); // => 'uniform(min 3, max 8; mean 5.5)'
 */
export function formatDistribution(d: Distribution): string {
  const { dist, ...params } = d as Distribution & Record<string, unknown>;
  const args = Object.entries(params).map(([k, v]) => `${k} ${Array.isArray(v) ? `[${v.map((x) => num(Number(x))).join(', ')}]` : typeof v === 'number' ? num(v) : String(v)}`);
  let mean = '';
  try {
    const m = meanOf(d);
    if (Number.isFinite(m)) mean = `; mean ${num(m)}`;
  } catch {
    // no mean for this one
  }
  return `${String(dist)}(${args.join(', ')}${mean})`;
}

function agentName(plan: Plan, id: string): string {
  const i = plan.agentIndex.get(id);
  return i === undefined ? id : plan.agents[i].name;
}

function scenarioName(plan: Plan): string {
  let name = plan.name ?? '';
  if (name.endsWith(` — ${plan.id}`)) name = name.slice(0, -` — ${plan.id}`.length);
  return name || plan.id;
}

function monthOf(step: number, plan: Plan): string {
  if (!Number.isFinite(step)) return '–';
  const t = Math.min(plan.horizon, Math.max(0, Math.round(step)));
  return `month ${step.toFixed(1)} (${Number.isInteger(step) ? '' : '≈ '}${plan.dates[t]})`;
}

function marketLabel(market: MarketLayout): string {
  return market.kind === 'devices' ? 'sales share' : market.kind === 'assistants' ? 'usage share' : 'share';
}

function hasFanQuantiles(result: SimulationResult): boolean {
  return FAN_QUANTILES.every((q) => result.quantiles.some((x) => Math.abs(x - q) < 1e-9));
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
    out.push(htmlTable(['Input', 'Distribution'], inputs.map((i) => [i.path, formatDistribution(i.dist)]), 'inputs', [0, 1]));
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

function marketSection(result: SimulationResult, plan: Plan, market: MarketLayout): string[] {
  const T = result.horizon;
  const out = [`<section class="market" id="market-${esc(market.id)}">`, `<h3>${esc(market.name)} — ${esc(marketLabel(market))}</h3>`];
  if (market.metrics.includes('share')) {
    const lo = result.quantiles.findIndex((q) => Math.abs(q - 0.05) < 1e-9), hi = result.quantiles.findIndex((q) => Math.abs(q - 0.95) < 1e-9);
    const mid = result.quantiles.findIndex((q) => Math.abs(q - 0.5) < 1e-9);
    const ranked = result.rankSteps.includes(T);
    const rows = market.agents.map((agent) => {
      const now = result.stat(market.id, 'share', agent, 0).mean;
      const s = result.stat(market.id, 'share', agent, T);
      return [
        agentName(plan, agent), pct(now), mid >= 0 ? pct(s.quantiles[mid]) : pct(s.mean),
        lo >= 0 && hi >= 0 ? `${pct(s.quantiles[lo])} – ${pct(s.quantiles[hi])}` : '–',
        ranked ? pct(result.rankProbability(market.id, agent, 1, T).probability) : '–',
      ];
    });
    out.push(htmlTable(['Agent', `Now ${result.dates[0]}`, `${mid >= 0 ? 'Median' : 'Mean'} ${result.dates[T]}`, 'P5 – P95', 'P(rank 1)'], rows, 'summary'));
    if (hasFanQuantiles(result)) out.push(figure(fanChartSVG(result, { market: market.id, metric: 'share', title: `${market.name}: ${marketLabel(market)}` }), 'fan-chart'));
    if (ranked) out.push(figure(rankBarsSVG(result, { market: market.id, title: `${market.name}: P(rank 1) at ${result.dates[T]}` }), 'rank-bars'));
  } else {
    out.push('<p class="note">No share metric in this market.</p>');
  }
  out.push('</section>');
  return out;
}

/** Declared partnerships, and the pairs of the deals policies made (ids `maker+provider@step`), from the event statistics. */
function dealIds(events: readonly EventStat[], plan: Plan): { declared: string[]; policyPairs: string[] } {
  const declared = plan.events.filter((e) => e.type === 'partnership').map((e) => e.id);
  const pairs = new Set<string>();
  for (const e of events) {
    if ((e.kind === 'announced' || e.kind === 'approved' || e.kind === 'live') && e.event && !declared.includes(e.event)) {
      pairs.add(e.event.includes('@') ? e.event.slice(0, e.event.lastIndexOf('@')) : e.event);
    }
  }
  return { declared, policyPairs: [...pairs].sort() };
}

/** Mean numbers per run of the deals a policy made between a pair (each has its own id `pair@month`). */
function pairCounts(events: readonly EventStat[], pair: string): { announced: number; approved: number; live: number; liveStep: number } {
  let announced = 0, approved = 0, live = 0, stepSum = 0;
  for (const e of events) {
    if (!e.event || (e.event !== pair && !e.event.startsWith(`${pair}@`))) continue;
    if (e.kind === 'announced') announced += e.meanCount;
    if (e.kind === 'approved') approved += e.meanCount;
    if (e.kind === 'live') { live += e.meanCount; stepSum += e.meanCount * e.meanFirstStep; }
  }
  return { announced, approved, live, liveStep: live > 0 ? stepSum / live : NaN };
}

function pairName(plan: Plan, pair: string): string {
  return pair.split('+').map((a) => agentName(plan, a)).join(' + ');
}

function dealName(plan: Plan, id: string): string {
  const e = plan.events.find((x) => x.id === id);
  if (e && e.type === 'partnership') return `${id} (${plan.agents[e.deviceMaker].name} + ${plan.agents[e.provider].name})`;
  return id;
}

function outageAgents(results: readonly SimulationResult[], plan: Plan): string[] {
  const seen = new Set<string>();
  for (const r of results) for (const e of r.events()) if (e.kind === 'outage' && e.agent) seen.add(e.agent);
  return [...seen].sort((a, b) => (plan.agentIndex.get(a) ?? 1e9) - (plan.agentIndex.get(b) ?? 1e9));
}

function eventsSection(result: SimulationResult, plan: Plan): string[] {
  const events = result.events();
  const find = (kind: string, id: string) => events.find((e) => e.kind === kind && e.event === id);
  const out = ['<section id="events">', `<h2>Events (share of runs, by ${esc(plan.dates[plan.horizon])})</h2>`];
  const { declared, policyPairs } = dealIds(events, plan);
  if (declared.length) {
    out.push('<h3>Partnerships</h3>');
    out.push(htmlTable(['Deal', 'P(approved)', 'P(rejected)', 'P(live)', 'Mean go-live (if live)'], declared.map((id) => {
      const live = find('live', id);
      return [dealName(plan, id), pct(find('approved', id)?.probability ?? 0), pct(find('rejected', id)?.probability ?? 0), pct(live?.probability ?? 0), monthOf(live?.meanFirstStep ?? NaN, plan)];
    }), 'deals'));
  } else {
    out.push('<p>Partnerships: none declared.</p>');
  }
  if (policyPairs.length) {
    out.push('<h3>Deals made by policies (mean number per run)</h3>');
    out.push(htmlTable(['Deal', 'Announced', 'Approved', 'Live', 'Mean go-live (if live)'], policyPairs.map((pair) => {
      const c = pairCounts(events, pair);
      return [pairName(plan, pair), c.announced.toFixed(3), c.approved.toFixed(3), c.live.toFixed(3), monthOf(c.liveStep, plan)];
    }), 'policy-deals'));
  }
  const providers = outageAgents([result], plan);
  if (providers.length) {
    out.push('<h3>Outages (capacity overload)</h3>');
    out.push(htmlTable(['Provider', 'P(any outage)', 'Mean outage months per run', 'First outage (mean)'], providers.map((a) => {
      const s = result.event('outage', undefined, a);
      return [agentName(plan, a), pct(s.probability), s.meanCount.toFixed(2), monthOf(s.meanFirstStep, plan)];
    }), 'outages'));
  } else {
    out.push('<p>Outages: none in any run.</p>');
  }
  const others = events.filter((e) => !['announced', 'approved', 'rejected', 'live', 'outage'].includes(e.kind));
  if (others.length) {
    out.push('<h3>Other happenings</h3>');
    out.push(htmlTable(['Kind', 'What', 'P(at least once)', 'Mean count per run', 'First (mean)'], others.map((e) => [
      e.kind, [e.event, e.agent ? agentName(plan, e.agent) : undefined, e.policy].filter(Boolean).join(' · '),
      pct(e.probability), e.meanCount.toFixed(2), monthOf(e.meanFirstStep, plan),
    ]), 'other-events', [0, 1]));
  }
  out.push('</section>');
  return out;
}

/** A tornado label that fits the chart's label column: long paths keep their end. */
function shortLabel(path: string, max = 30): string {
  return path.length <= max ? path : `…${path.slice(path.length - max + 1)}`;
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
    out.push(figure(tornadoSVG(top.map((i) => ({ input: shortLabel(i.path), low: i.lowMean, high: i.highMean, base: step.mean })),
      { title: `${s.output} at ${date}`, unit: isShare ? '%' : undefined }), 'tornado'));
    out.push(htmlTable(['Input', 'Rank correlation', 'SRC', 'Mean output, input ≤ P10', 'Mean output, input ≥ P90', 'Swing'], step.inputs.map((i) => [
      i.path, signed(i.rankCorrelation), signed(i.src), formatValue(i.lowMean, unit), formatValue(i.highMean, unit),
      isShare ? formatValue(i.swing, 'pp') : signed(i.swing, 4),
    ]), 'sensitivity'));
    out.push('<p class="note">Rank correlation: Spearman’s, of input and output over the runs. SRC: standardised regression coefficient. ' +
      'Swing: mean output with the input in its top decile minus in its bottom decile.</p>');
  } else {
    out.push('<p>No uncertain input varied in the runs.</p>');
  }
  if (s.skipped.length) out.push(`<p class="note">Left out (constant or not sampled in every run): ${esc(s.skipped.join(', '))}.</p>`);
  out.push('</section>');
  return out;
}

/**
 * One self-contained HTML page reporting a simulation: the scenario's name
 * and narrative, its uncertain inputs, a summary table, fan chart and rank
 * bars per market, the event probabilities (approval, go-live, outages) and,
 * when given, a sensitivity section (tornado chart and table). Inline CSS and
 * SVG only; all text is escaped.
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
  for (const market of result.markets) body.push(...marketSection(result, plan, market));
  body.push('</section>');
  body.push(...eventsSection(result, plan));
  if (options.sensitivity) body.push(...sensitivitySection(options.sensitivity, plan));
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
  for (const market of comparison.markets) {
    body.push(`<section class="market" id="market-${esc(market.id)}">`, `<h3>${esc(market.name)} — ${esc(marketLabel(market))}</h3>`);
    if (market.metrics.includes('share')) {
      const rows = market.agents.map((agent) => {
        const d = comparison.difference(market.id, 'share', agent, T);
        return [agentName(planA, agent), pct(a.stat(market.id, 'share', agent, T).mean), pct(b.stat(market.id, 'share', agent, T).mean),
          formatValue(d.mean, 'pp'), `[${formatValue(d.ciLow, 'pp')}, ${formatValue(d.ciHigh, 'pp')}]`, pct(d.pGreater)];
      });
      body.push(htmlTable(['Agent', 'Mean a', 'Mean b', 'b − a', '95% CI', 'P(b > a)'], rows, 'summary'));
      body.push(figure(comparisonChartSVG(comparison, { market: market.id, metric: 'share', title: `${market.name}: ${marketLabel(market)}, b − a` }), 'comparison-chart'));
    } else {
      body.push('<p class="note">No share metric in this market.</p>');
    }
    body.push('</section>');
  }
  body.push('</section>');
  const rows: string[][] = [];
  const idsA = dealIds(a.events(), planA), idsB = dealIds(b.events(), planB);
  for (const id of [...new Set([...idsA.declared, ...idsB.declared])]) {
    for (const kind of ['approved', 'live'] as const) {
      const pa = a.events().find((e) => e.kind === kind && e.event === id)?.probability ?? 0;
      const pb = b.events().find((e) => e.kind === kind && e.event === id)?.probability ?? 0;
      rows.push([`${dealName(planB.events.some((e) => e.id === id) ? planB : planA, id)} ${kind}`, pct(pa), pct(pb), formatValue(pb - pa, 'pp')]);
    }
  }
  for (const agent of outageAgents([a, b], planA)) {
    const pa = a.event('outage', undefined, agent).probability, pb = b.event('outage', undefined, agent).probability;
    rows.push([`${agentName(planA, agent)} any outage`, pct(pa), pct(pb), formatValue(pb - pa, 'pp')]);
  }
  body.push('<section id="events">', `<h2>Events (share of runs, by ${esc(a.dates[T])})</h2>`);
  body.push(rows.length ? htmlTable(['Event', 'a', 'b', 'b − a'], rows, 'events') : '<p>No partnerships and no outages in either scenario.</p>');
  const pairs = [...new Set([...idsA.policyPairs, ...idsB.policyPairs])].sort();
  if (pairs.length) {
    body.push('<h3>Deals made by policies (mean number approved per run)</h3>');
    body.push(htmlTable(['Deal', 'a', 'b', 'b − a'], pairs.map((pair) => {
      const ca = pairCounts(a.events(), pair).approved, cb = pairCounts(b.events(), pair).approved;
      return [pairName(planA, pair), ca.toFixed(3), cb.toFixed(3), signed(cb - ca, 3)];
    }), 'policy-deals'));
  }
  body.push('</section>');
  return page(title, body);
}
