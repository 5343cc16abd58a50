/**
 * HTML reports (`htmlReport`, `comparisonReport`, `rivalsim … --report`):
 * sections, no external URLs, escaped text, sized charts. Their render in
 * headless Chromium is test/package/report-chromium.test.ts's.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  compare, comparisonReport, escapeXML, headlineOutput, htmlReport, prepareScenario, scenarios, sensitivity, simulate,
  type ComparisonResult, type ScenarioSpec, type SensitivityResult, type SimulationResult,
} from '../../src/index.js';
import { expectBadInput, inProcess } from '../cli-helpers.js';
import { sourcesSection } from '../../src/report/html.js';

const tmp = mkdtempSync(join(tmpdir(), 'rivalsim-report-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Anything that would load from elsewhere: a URL scheme, a protocol-relative URL, src/href, @import, url(…) other than #id, external elements. */
const EXTERNAL = /\b(?:https?|ftp|wss?|file|data):|\/\/[a-z0-9-]+\.[a-z]|\b(?:src|href|xlink:href|action|srcset)\s*=|@import|url\(\s*(?!['"]?#)|<(?:script|link|img|iframe|object|embed|video|audio|source|base)\b/i;

const EVIL = '<script>alert("x")</script> & <b>bold</b>';
const evilSpec: ScenarioSpec = {
  ...scenarios['apple-alibaba'], id: 'evil', name: `Evil ${EVIL}`, description: `Narrative ${EVIL} 'quoted'`, horizon: 12,
};

let result: SimulationResult;
let s: SensitivityResult;
let comparison: ComparisonResult;
let html: string;
let cmpHtml: string;

beforeAll(async () => {
  const plan = await prepareScenario(scenarios['apple-alibaba']);
  result = await simulate(plan, { runs: 300, seed: 7 });
  s = await sensitivity(plan, { output: headlineOutput(plan)!, runs: 200, seed: 7 });
  comparison = await compare(scenarios.baseline, scenarios['apple-alibaba'], { runs: 200, seed: 7 });
  html = htmlReport(result, { sensitivity: s });
  cmpHtml = comparisonReport(comparison);
}, 120_000);

/** The opening tags of the inline SVGs with their width and height, and whether each has drawn content. */
function svgs(text: string): Array<{ width: number; height: number; drawn: boolean }> {
  const out: Array<{ width: number; height: number; drawn: boolean }> = [];
  for (const m of text.matchAll(/<svg\b([^>]*)>([\s\S]*?)<\/svg>/g)) {
    out.push({
      width: Number(/\bwidth="([\d.]+)"/.exec(m[1])?.[1] ?? 0),
      height: Number(/\bheight="([\d.]+)"/.exec(m[1])?.[1] ?? 0),
      drawn: /<(?:path|rect|line)\b[^>]*\b(?:d|width|x2)="[^"]*[1-9]/.test(m[2]),
    });
  }
  return out;
}

describe('htmlReport', () => {
  it('headlineOutput: the first device market\'s share of its first strategic device maker', async () => {
    expect(headlineOutput(await prepareScenario(scenarios['apple-alibaba']))).toEqual({ market: 'phones', metric: 'share', agent: 'apple' });
  });

  it('is one HTML page with every section', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    expect(html).toContain('<style>');
    expect(html).toContain('Apple–Alibaba: the deal approved'); // name
    expect(html).toContain('Singles'); // narrative (plan.spec.description)
    for (const id of ['narrative', 'inputs', 'markets', 'events', 'sensitivity']) expect(html).toContain(`<section id="${id}">`);
    expect(html).toMatch(/Uncertain inputs \(\d+\)/);
    expect(html).toContain('events[0].integrationQuality');
    expect(html).toMatch(/pert\(min 0\.6, mode 0\.8, max 0\.95; mean 0\.7917\)/);
    // a summary table per market
    expect(html.match(/<table class="summary">/g)).toHaveLength(result.markets.length);
    for (const h of ['Now 2025-01', 'Median 2028-01', 'P5 – P95', 'P(rank 1)']) expect(html).toContain(h);
    // charts: a fan chart and rank bars per market, a tornado
    expect(html.match(/class="chart fan-chart[ "]/g)).toHaveLength(result.markets.length);
    // markets of more than 4 agents: small multiples
    expect(html.match(/class="chart fan-chart fan-panels"/g)).toHaveLength(result.markets.filter((m) => m.agents.length > 4).length);
    expect(html.match(/class="chart rank-bars"/g)).toHaveLength(result.markets.length);
    expect(html.match(/class="chart tornado"/g)).toHaveLength(1);
    // events
    expect(html).toContain('P(approved)');
    expect(html).toContain('apple+alibaba (Apple + Alibaba)');
    expect(html).toMatch(/P\(any outage\)|Outages: none in any run/);
    // sensitivity table
    expect(html).toContain('Rank correlation');
    expect(html).toContain('SRC');
    expect(html).toContain('phones.share.apple');
    expect(html.match(/<table class="sensitivity">[\s\S]*?<\/table>/)![0].match(/<tr>/g)!.length).toBe(s.at().inputs.length + 1);
  });

  it('labels inputs by event, agent or market and field, not by their paths, in the tornado and the tables', () => {
    const tornado = html.match(/<figure class="chart tornado">[\s\S]*?<\/figure>/)![0];
    expect(tornado).not.toMatch(/events\[\d+\]|landscape\.|parameters\./);
    expect(tornado).toMatch(/>[^<]+ · [^<]+<\/text>/);
    const table = html.match(/<table class="sensitivity">[\s\S]*?<\/table>/)![0];
    expect(table).not.toMatch(/events\[\d+\]|parameters\./);
    expect(s.labels?.['events[0].integrationQuality']).toBe('apple+alibaba · integration quality');
    expect(table).toContain('apple+alibaba · integration quality');
    // the inputs table keeps the path next to the label
    const inputs = html.match(/<table class="inputs">[\s\S]*?<\/table>/)![0];
    expect(inputs).toContain('<td>apple+alibaba · integration quality</td><td class="text">events[0].integrationQuality</td>');
    expect(inputs).toContain('AI weight growth (landscape)');
  });

  it('lists the landscape\'s sources and the notes on its parameters', () => {
    const sources = html.match(/<section id="sources">[\s\S]*?<\/section>/)![0];
    for (const line of result.plan.spec.landscape.sources!) expect(sources).toContain(escapeXML(line));
    expect(sources).toContain('QuestMobile');
    expect(sources).toContain('<td>AI weight growth</td><td class="text">aiWeightGrowth</td>');
    expect(cmpHtml).toContain('<section id="sources">');
    const bare = htmlReport(result, {});
    expect(bare).toContain('<section id="sources">');
    // a landscape naming no sources and no parameter notes: no section
    const plan = { ...result.plan, spec: { ...result.plan.spec, landscape: { ...result.plan.spec.landscape, sources: undefined, parameterNotes: undefined } } };
    expect(sourcesSection(plan)).toEqual([]);
  });

  it('without a sensitivity: no sensitivity section', () => {
    const plain = htmlReport(result, { title: 'My <title>' });
    expect(plain).not.toContain('id="sensitivity"');
    expect(plain).toContain('<title>My &lt;title&gt;</title>');
  });

  it('has no external URL of any kind', () => {
    for (const page of [html, cmpHtml]) {
      expect(page.match(EXTERNAL)?.[0]).toBeUndefined();
      expect(page).not.toMatch(/https?:\/\//);
    }
  });

  it('escapes all text', async () => {
    const evil = await simulate(evilSpec, { runs: 50, seed: 1 });
    const page = htmlReport(evil);
    expect(page).not.toContain('<script');
    expect(page).not.toContain('<b>bold');
    expect(page).toContain('Evil &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;');
    expect(page).toContain('&#39;quoted&#39;');
    expect(page.match(EXTERNAL)?.[0]).toBeUndefined();
    const c = comparisonReport(await compare({ ...scenarios['apple-alibaba'], horizon: 12 }, evilSpec, { runs: 50, seed: 1 }));
    expect(c).not.toContain('<script');
    expect(c).toContain('&lt;script&gt;');
  });

  it('inlines the charts as SVGs with non-zero width and height and drawn content', () => {
    const list = svgs(html);
    expect(list.length).toBe(2 * result.markets.length + 1);
    for (const svg of list) {
      expect(svg.width).toBeGreaterThan(0);
      expect(svg.height).toBeGreaterThan(0);
      expect(svg.drawn).toBe(true);
    }
  });
});

describe('comparisonReport', () => {
  it('names both scenarios and has a table and a comparison chart per market and the events', () => {
    expect(cmpHtml.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(cmpHtml).toContain('Baseline: the world as of January 2025');
    expect(cmpHtml).toContain('Apple–Alibaba: the deal approved');
    expect(cmpHtml).toContain('Singles');
    expect(cmpHtml.match(/<table class="summary">/g)).toHaveLength(comparison.markets.length);
    expect(cmpHtml.match(/class="chart comparison-chart"/g)).toHaveLength(comparison.markets.length);
    for (const h of ['Mean a', 'Mean b', 'b − a', '95% CI', 'P(b &gt; a)']) expect(cmpHtml).toContain(h);
    expect(cmpHtml).toContain('<section id="events">');
    const list = svgs(cmpHtml);
    expect(list).toHaveLength(comparison.markets.length);
    for (const svg of list) expect(svg.width * svg.height).toBeGreaterThan(0);
  });
});

describe('rivalsim --report', () => {
  it('run writes the report with a sensitivity section; compare writes a comparison report', async () => {
    const runFile = join(tmp, 'run.html'), cmpFile = join(tmp, 'cmp.html');
    const [run, cmp] = await Promise.all([
      inProcess(['run', 'apple-alibaba', '--runs', '60', '--horizon', '12', '--report', runFile]),
      inProcess(['compare', 'baseline', 'apple-alibaba', '--runs', '40', '--horizon', '12', '--report', cmpFile]),
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(`Wrote ${runFile}`);
    expect(run.stderr).toMatch(/Sensitivity of phones\.share\.apple on 60 runs/);
    const page = readFileSync(runFile, 'utf8');
    expect(page).toContain('<section id="sensitivity">');
    expect(page).toContain('60 runs');
    expect(page.match(EXTERNAL)?.[0]).toBeUndefined();
    expect(cmp.code, cmp.stderr).toBe(0);
    const cpage = readFileSync(cmpFile, 'utf8');
    expect(cpage).toContain('class="chart comparison-chart"');
    expect(cpage.match(EXTERNAL)?.[0]).toBeUndefined();
  }, 60_000);

  it('bad --report paths: exit 2 with one line', async () => {
    expectBadInput(await inProcess(['run', 'baseline', '--runs', '10', '--report', join(tmp, 'missing', 'r.html')]), /Invalid --report: the folder of .* does not exist/);
    expectBadInput(await inProcess(['compare', 'baseline', 'apple-alibaba', '--report', tmp]), /Invalid --report: .* is a folder/);
    expectBadInput(await inProcess(['run', 'baseline', '--report', '']), /Invalid --report: expected a file name/);
    expectBadInput(await inProcess(['run', 'baseline', '--csv', join(tmp, 'same'), '--report', join(tmp, 'same')]), /Invalid --report: .* is also the --csv file/);
    expectBadInput(await inProcess(['run', 'baseline', '--shard', '0/2', '--out', join(tmp, 'p.json'), '--report', join(tmp, 'r.html')]), /--report with --shard/);
  });
});
