/**
 * The explorer page's results: the study (share tables, fan and rank
 * charts), the comparison with the baseline, the tornado and the download
 * links, rendered from the library's report rows and charts.
 */
import {
  comparisonChartSVG, comparisonShares, fanChartSVG, htmlReport, inputLabel, keyEvents, marketShares, pct, pctSE, rankBarsSVG, scenarioName, tornadoSVG,
  type ComparisonResult, type Plan, type SensitivityResult, type SimulationResult,
} from '../index.js';
import { $, figure, table } from './dom.js';
import { round } from './key-inputs.js';

/** The study's header, share tables, fan charts and rank charts (`fixed`: the inputs the sliders fixed, by key). */
export function renderStudy(result: SimulationResult, plan: Plan, runs: number, seed: number | string, seconds: number, fixed: ReadonlyMap<string, number>): void {
  const T = result.horizon;
  $('meta').textContent = `${scenarioName(plan)} (${plan.id}) · ${runs.toLocaleString('en-US')} runs · seed ${JSON.stringify(seed)} · ` +
    `${T} months (${result.dates[0]} → ${result.dates[T]}) · ${seconds.toFixed(1)} s${fixed.size ? ` · fixed: ${[...fixed].map(([k, v]) => `${k} = ${round(v)}`).join(', ')}` : ''}`;
  const tables = $('share-tables'), fans = $('fan-charts'), ranks = $('rank-charts');
  tables.replaceChildren(); fans.replaceChildren(); ranks.replaceChildren();
  for (const shares of marketShares(result)) {
    if (!shares.hasShare) continue;
    const { market } = shares;
    const h = document.createElement('h3');
    h.textContent = `${market.name} at ${result.dates[T]}`;
    tables.append(h, table(
      ['Agent', 'Now', `${shares.centre === 'median' ? 'Median' : 'Mean'} ± se`, ...(shares.hasBand ? ['P5 – P95'] : []), ...(shares.ranked ? ['P(#1) ± se'] : [])],
      shares.rows.map((r) => [r.name, pct(r.now), pctSE(r.centre, r.centreSE), ...(shares.hasBand ? [`${pct(r.p5)} – ${pct(r.p95)}`] : []), ...(shares.ranked ? [pctSE(r.rank1, r.rank1SE)] : [])]),
      'shares',
    ));
    tables.lastElementChild!.setAttribute('data-market', market.id);
    fans.append(figure(fanChartSVG(result, { market: market.id, title: `${market.name}: share` }), 'fan-chart'));
    if (shares.ranked) ranks.append(figure(rankBarsSVG(result, { market: market.id, stacked: true, title: `${market.name}: rank at ${result.dates[T]}` }), 'rank-chart'));
  }
  if (!ranks.childElementCount) ranks.textContent = 'No rank probabilities at the horizon.';
}

/** The comparison with the baseline, or `why` there is none. */
export function renderComparison(c: ComparisonResult | undefined, why: string): void {
  const body = $('comparison-body');
  body.replaceChildren();
  if (!c) { const p = document.createElement('p'); p.textContent = why; body.append(p); return; }
  const T = c.a.horizon;
  const intro = document.createElement('p');
  intro.textContent = `b − a at ${c.a.dates[T]}: b is this scenario, a the baseline (${c.a.plan.id}), on common random numbers (the same draws for both, run by run).`;
  body.append(intro);
  for (const { market, hasShare, rows } of comparisonShares(c)) {
    if (!hasShare) continue;
    const h = document.createElement('h3');
    h.textContent = market.name;
    const pp = (x: number) => (Number.isFinite(x) ? `${x >= 0 ? '+' : ''}${(100 * x).toFixed(2)} pp` : '–');
    body.append(h, table(['Agent', 'Mean a', 'Mean b', 'b − a', '95% CI', 'P(b > a)'], rows.map((r) => [
      r.name, pct(r.meanA), pct(r.meanB), pp(r.difference.mean), `[${pp(r.difference.ciLow)}, ${pp(r.difference.ciHigh)}]`, pct(r.difference.pGreater),
    ]), 'comparison'));
    body.append(figure(comparisonChartSVG(c, { market: market.id, metric: 'share', title: `${market.name}: share, b − a` }), 'comparison-chart'));
  }
  const events = keyEvents(c);
  if (events.length) {
    const h = document.createElement('h3');
    h.textContent = `Events (share of runs, by ${c.a.dates[T]})`;
    body.append(h, table(['Event', 'a', 'b'], events.map((e) => [e.kind === 'outage' ? `${e.label} any outage` : `${e.label} ${e.kind}`, pct(e.a), pct(e.b)]), 'events'));
  }
}

/** The headline sensitivity's tornado, or why there is none. */
export function renderTornado(s: SensitivityResult | undefined, plan: Plan): void {
  const body = $('tornado-body');
  body.replaceChildren();
  const p = document.createElement('p');
  body.append(p);
  if (!s) { p.textContent = 'No sensitivity: the scenario has no market to analyse.'; return; }
  const step = s.at();
  const date = plan.dates[Math.min(plan.horizon, step.step)] ?? String(step.step);
  const isShare = /share/i.test(s.output);
  const output = outputName(plan, s.output);
  p.textContent = `${output} at ${date}: the mean output with each input in its bottom decile and in its top decile, over ${s.runs.toLocaleString('en-US')} runs of seed ${JSON.stringify(s.seed)}` +
    ` (fixed inputs do not vary, so they are not here).`;
  if (!step.inputs.length) { p.textContent += ' No uncertain input varied in the runs.'; return; }
  body.append(figure(tornadoSVG(step.inputs.slice(0, 12).map((i) => ({ input: inputLabel(plan, i.path), low: i.lowMean, high: i.highMean, base: step.mean })),
    { title: `${output} at ${date}`, unit: isShare ? '%' : undefined }), 'tornado-chart'));
}

/** A sensitivity's output (`market.metric.agent`, e.g. `phones.share.apple`) in words: "Apple: Smartphones (China) share". */
function outputName(plan: Plan, output: string): string {
  const [marketId, metric, agentId] = output.split('.');
  const market = plan.markets.find((m) => m.id === marketId), agent = plan.agents.find((a) => a.id === agentId);
  return market && agent && metric ? `${agent.name}: ${market.name} ${metric}` : output;
}

/** Points the download links at the CSV, JSON and HTML report (`blobs`: the page's Blob URLs, revoked when replaced). */
export function setDownloads(result: SimulationResult, plan: Plan, runs: number, seed: number | string, sensitivity: SensitivityResult | undefined, blobs: string[]): void {
  for (const url of blobs.splice(0)) URL.revokeObjectURL(url);
  const stem = `${plan.id}-runs${runs}-seed${String(seed).replace(/[^\w.-]+/g, '_')}`;
  const link = (id: string, text: string, type: string, name: string) => {
    const a = $<HTMLAnchorElement>(id);
    const url = URL.createObjectURL(new Blob([text], { type }));
    blobs.push(url);
    a.href = url;
    a.download = name;
  };
  link('download-csv', result.toCSV(), 'text/csv', `${stem}.csv`);
  link('download-json', JSON.stringify(result.toJSON()), 'application/json', `${stem}.json`);
  link('download-report', htmlReport(result, { sensitivity }), 'text/html', `${stem}.html`);
}
