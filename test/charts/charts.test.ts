import { beforeAll, describe, expect, it } from 'vitest';
import {
  PALETTE, RivalsimError, VEGA_LITE_SCHEMA, compare, comparisonChartSVG, comparisonSpec, escapeXML, fanChartSVG, fanChartSpec,
  rankBarsSVG, rankBarsSpec, scenarios, simulate, tornadoSVG, tornadoSpec,
  type ComparisonResult, type RunGroupView, type ScenarioSpec, type SimulationResult,
} from '../../src/index.js';
import { formatValue } from '../../src/charts/core.js';

const short = (id: keyof typeof scenarios, horizon = 6): ScenarioSpec => ({ ...scenarios[id], horizon });

/** Checks that a string is well-formed XML as far as SVG needs: balanced tags, quoted attributes, escaped text. */
function checkXML(svg: string): void {
  const tag = /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"<&]*(?:&(?:amp|lt|gt|quot|#\d+);[^"<&]*)*")*)\s*(\/?)>/y;
  const stack: string[] = [];
  let i = 0, roots = 0;
  while (i < svg.length) {
    const lt = svg.indexOf('<', i);
    const text = svg.slice(i, lt < 0 ? svg.length : lt);
    if (/&(?!(?:amp|lt|gt|quot|#\d+);)/.test(text)) throw new Error(`Unescaped & in text: ${text}`);
    if (!stack.length && text.trim()) throw new Error(`Text outside the root: ${text}`);
    if (lt < 0) break;
    tag.lastIndex = lt;
    const m = tag.exec(svg);
    if (!m) throw new Error(`Malformed tag at ${lt}: ${svg.slice(lt, lt + 80)}`);
    if (m[1]) {
      const open = stack.pop();
      if (open !== m[2]) throw new Error(`</${m[2]}> closes <${open}>`);
    } else {
      if (!stack.length) roots++;
      if (!m[4]) stack.push(m[2]);
    }
    i = tag.lastIndex;
  }
  expect(stack).toEqual([]);
  expect(roots).toBe(1);
}

function size(svg: string): { width: number; height: number } {
  const m = /^<svg [^>]*width="([\d.]+)" height="([\d.]+)" viewBox="0 0 ([\d.]+) ([\d.]+)"/.exec(svg);
  expect(m).not.toBeNull();
  expect(m![3]).toBe(m![1]);
  return { width: Number(m![1]), height: Number(m![2]) };
}

const count = (s: string, sub: string) => s.split(sub).length - 1;

/** The points of the path of `cls` for `agent` (escaped in the attribute). */
function pathPoints(svg: string, cls: string, agent: string): Array<[number, number]> {
  const re = new RegExp(`<path class="${cls}" data-agent="${escapeXML(agent).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"[^>]* d="([^"]*)"`);
  const d = re.exec(svg)![1];
  return [...d.matchAll(/[ML]([-\d.]+),([-\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
}

/** A hand-made result with awkward names and known medians. */
function fakeResult(): RunGroupView {
  const agents = ['A&B <x>', 'c"d\'e', 'plain'];
  const medians = [[0.2, 0.25, 0.3], [0.5, 0.4, 0.2], [0.3, 0.35, 0.5]];
  return {
    markets: [{ id: 'm', name: 'Market <&>', kind: 'devices', agents, metrics: ['share'] }],
    dates: ['2025-01', '2025-02', '2025-03'],
    horizon: 2,
    runs: 10,
    quantiles: [0.05, 0.25, 0.5, 0.75, 0.95],
    rankSteps: [2],
    stat: (_m: string, _k: string, agent: string, t: number) => {
      const p = medians[agents.indexOf(agent)][t];
      return { n: 10, mean: p, sd: 0.01, se: 0.003, min: p - 0.1, max: p + 0.1, quantiles: [p - 0.04, p - 0.02, p, p + 0.02, p + 0.04], positive: 1, negative: 0 };
    },
    rankProbability: (_m: string, agent: string, rank: number) => ({ probability: agents.indexOf(agent) === rank - 1 ? 1 : 0, se: 0, count: 0, runs: 10 }),
  } as unknown as RunGroupView;
}

let result: SimulationResult;
let comparison: ComparisonResult;
beforeAll(async () => {
  result = await simulate(short('apple-alibaba'), { runs: 50, seed: 1 });
  comparison = await compare(short('baseline'), short('apple-alibaba'), { runs: 50, seed: 1 });
});

describe('SVG charts', () => {
  it('fan chart: well-formed, sized, one outer band, inner band and median per agent', () => {
    const svg = fanChartSVG(result, { market: 'phones' });
    checkXML(svg);
    const { width, height } = size(svg);
    expect(width).toBeGreaterThan(0);
    expect(height).toBeGreaterThan(0);
    const n = result.markets[0].agents.length;
    expect(count(svg, 'class="band band-outer"')).toBe(n);
    expect(count(svg, 'class="band band-inner"')).toBe(n);
    expect(count(svg, 'class="median"')).toBe(n);
    expect(svg).toContain('<title>');
    expect(svg).toContain('>2025-01<'); // date ticks
    expect(svg).toMatch(/>\d+%</); // % ticks for shares
    expect(svg).toContain(PALETTE[0]);
    // legend: agents by name (the plan's), not by id
    for (const agent of result.markets[0].agents) expect(svg).toContain(`>${escapeXML(result.plan.agents.find((a) => a.id === agent)!.name)}</text>`);
    expect(svg).toContain('>Apple</text>');
    expect(svg).not.toContain('>apple</text>');
    // axis titles
    expect(svg).toContain('class="axis-title axis-title-x"');
    expect(svg).toContain('>Month</text>');
    expect(svg).toContain('>Share (%)</text>');
  });

  it('fan chart of many agents: a highlight draws the others as grey medians; panels draw one per agent on a shared scale', () => {
    const n = result.markets[0].agents.length;
    const lit = fanChartSVG(result, { market: 'phones', highlight: ['apple', 'huawei'] });
    checkXML(lit);
    expect(count(lit, 'class="band band-outer"')).toBe(2);
    expect(count(lit, 'class="median"')).toBe(2);
    expect(count(lit, 'class="median context"')).toBe(n - 2);
    expect(lit).toContain(`>Others (${n - 2}), median</text>`);
    expect(() => fanChartSVG(result, { market: 'phones', highlight: ['nokia'] })).toThrow(/Unknown agent to highlight/);
    const panels = fanChartSVG(result, { market: 'phones', panels: true });
    checkXML(panels);
    expect(count(panels, '<g class="panel"')).toBe(n);
    expect(count(panels, 'class="band band-outer"')).toBe(n);
    expect(count(panels, 'class="median context"')).toBe(n * (n - 1));
    expect(panels).toContain('class="panel-title"');
    expect(panels).toContain('>Apple</text>');
    expect(panels).toContain('>Month</text>');
    const { width, height } = size(panels);
    expect(width).toBe(720);
    expect(height).toBeGreaterThan(3 * 170);
    // two columns: more rows
    expect(size(fanChartSVG(result, { market: 'phones', panels: true, columns: 2 })).height).toBeGreaterThan(height);
    // a notebook shows a market of more than four agents as panels, unless agents or a highlight are chosen
    expect(result.toSVG()).toContain('<g class="panel"');
    expect(result.toSVG({ agents: ['apple', 'huawei'] })).not.toContain('<g class="panel"');
    expect(result.toSVG({ highlight: ['apple'] })).not.toContain('<g class="panel"');
    expect(result.toSVG({ panels: true, columns: 2 })).toBe(fanChartSVG(result, { market: 'phones', panels: true, columns: 2 }));
  });

  it('fan chart: the median line follows the medians (a higher median draws higher)', () => {
    const svg = fanChartSVG(result, { market: 'phones' });
    const agents = result.markets[0].agents;
    for (const t of [0, 3, 6]) {
      const points = agents.map((a) => ({ a, y: pathPoints(svg, 'median', a)[t][1], p50: result.stat('phones', 'share', a, t).quantiles[2] }));
      for (const p of points) for (const q of points) if (p.p50 > q.p50 + 1e-4) expect(p.y).toBeLessThan(q.y);
    }
    const xs = pathPoints(svg, 'median', agents[0]).map(([x]) => x);
    expect(xs).toHaveLength(result.horizon + 1);
    expect(xs.every((x, i) => i === 0 || x > xs[i - 1])).toBe(true);
  });

  it('escapes names and keeps exact median order on a hand-made result', () => {
    const fake = fakeResult();
    const svg = fanChartSVG(fake, { market: 'm' });
    checkXML(svg);
    expect(svg).toContain('A&amp;B &lt;x&gt;');
    expect(svg).toContain('Market &lt;&amp;&gt;');
    expect(svg).not.toContain('A&B <x>');
    const a = pathPoints(svg, 'median', 'A&B <x>'), c = pathPoints(svg, 'median', 'c"d\'e');
    expect(a[0][1]).toBeGreaterThan(c[0][1]); // 0.2 < 0.5: A draws lower
    expect(a[2][1]).toBeLessThan(c[2][1]); // 0.3 > 0.2: A draws higher
    checkXML(rankBarsSVG(fake, { market: 'm', stacked: true }));
    checkXML(tornadoSVG([{ input: 'A&B <x>', low: 1, high: 2 }], { title: '"T" & <t>', unit: '<u>' }));
  });

  it('fan chart: a clear error without the fan quantiles, or for an unknown market or agent', async () => {
    const r = await simulate(short('baseline', 2), { runs: 20, seed: 1, quantiles: [0.1, 0.5, 0.9] });
    expect(() => fanChartSVG(r, { market: 'phones' })).toThrow(/P5, P25, P50, P75 and P95/);
    expect(() => fanChartSVG(result, { market: 'nope' })).toThrow(RivalsimError);
    expect(() => fanChartSVG(result, { market: 'phones', agents: ['nobody'] })).toThrow(/Unknown agent/);
    // display still works: rank bars instead
    expect(r._toMime()['image/svg+xml']).toContain('P(rank 1)');
  });

  it('rank bars: one bar per agent, or per agent and rank when stacked, with the right widths', () => {
    const agents = result.markets[0].agents;
    const svg = rankBarsSVG(result, { market: 'phones' });
    checkXML(svg);
    size(svg);
    expect(count(svg, '<rect class="bar"')).toBe(agents.length);
    const stacked = rankBarsSVG(result, { market: 'phones', stacked: true });
    checkXML(stacked);
    expect(count(stacked, '<rect class="bar"')).toBe(agents.length ** 2);
    const widths = [...svg.matchAll(/<rect class="bar" [^>]*width="([\d.]+)"/g)].map((m) => Number(m[1]));
    const p = agents.map((a) => result.rankProbability('phones', a, 1).probability);
    const leader = p.indexOf(Math.max(...p));
    expect(widths.indexOf(Math.max(...widths))).toBe(leader);
    expect(() => rankBarsSVG(result, { market: 'phones', step: 3 })).toThrow(/rankSteps/);
  });

  it('tornado: bars sorted by swing, split at the base', () => {
    const svg = tornadoSVG([
      { input: 'small', low: 0.16, high: 0.17, base: 0.165 },
      { input: 'big', low: 0.1, high: 0.2, base: 0.165 },
    ], { title: 'Apple share', unit: '%' });
    checkXML(svg);
    size(svg);
    expect(svg.indexOf('data-input="big"')).toBeLessThan(svg.indexOf('data-input="small"'));
    expect(count(svg, 'class="bar bar-low"')).toBe(2);
    expect(count(svg, 'class="bar bar-high"')).toBe(2);
    expect(svg).toContain('class="base"');
    expect(svg).toContain('20.0%');
    expect(svg).toContain('>Output (%), mean over the runs</text>');
    expect(tornadoSVG([{ input: 'x', low: 1, high: 2 }], { axisTitle: 'Apple share at 2028-01' })).toContain('>Apple share at 2028-01</text>');
  });

  it('comparison: a CI band and a mean line per agent, and a zero line', () => {
    const svg = comparisonChartSVG(comparison, { market: 'phones', agents: ['apple', 'huawei'] });
    checkXML(svg);
    size(svg);
    expect(count(svg, 'class="band band-ci"')).toBe(2);
    expect(count(svg, 'class="mean"')).toBe(2);
    expect(svg).toContain('class="zero"');
    expect(svg).toContain(' pp<');
    // apple keeps its market colour when filtered
    const apple = comparison.markets[0].agents.indexOf('apple');
    expect(svg).toContain(`data-agent="apple" fill="${PALETTE[apple]}"`);
    // the CI stays visible when narrow: its edges drawn, and a whisker per agent at the horizon
    expect(count(svg, 'class="ci-edge"')).toBe(2);
    expect(count(svg, 'class="whisker"')).toBe(2);
    // legend: names with the difference at the horizon; axis titles
    const d = comparison.difference('phones', 'share', 'apple');
    expect(svg).toContain(`>Apple ${escapeXML(formatValue(d.mean, 'pp'))}</text>`);
    expect(svg).toContain('>Difference in share (pp)</text>');
    expect(svg).toContain('>Month</text>');
  });

  it('rank bars: agents by name and an axis title', () => {
    const svg = rankBarsSVG(result, { market: 'phones' });
    expect(svg).toContain('>Apple</text>');
    expect(svg).toMatch(/>Probability of rank 1 at \d{4}-\d{2}<\/text>/);
  });
});

describe('Vega-Lite specs', () => {
  it('fan chart: schema, layered area/area/line, one row per agent and step', () => {
    const spec = fanChartSpec(result, { market: 'phones' });
    expect(spec.$schema).toBe(VEGA_LITE_SCHEMA);
    expect(VEGA_LITE_SCHEMA).toBe('https://vega.github.io/schema/vega-lite/v5.json');
    expect((spec.layer as Array<{ mark: { type: string } }>).map((l) => l.mark.type)).toEqual(['area', 'area', 'line']);
    expect(spec.data.values).toHaveLength(result.markets[0].agents.length * (result.horizon + 1));
    expect(spec.data.values[0]).toMatchObject({ agent: result.markets[0].agents[0], step: 0, date: '2025-01' });
    // the legend names agents by name
    expect((spec.encoding as { color: { field: string; scale: { domain: string[] } } }).color.field).toBe('name');
    expect((spec.encoding as { color: { scale: { domain: string[] } } }).color.scale.domain).toContain('Apple');
    expect(spec.data.values.find((r) => r.agent === 'apple')).toMatchObject({ name: 'Apple' });
    expect(JSON.parse(JSON.stringify(spec))).toEqual(spec);
  });

  it('rank bars, tornado and comparison specs', () => {
    const rank = rankBarsSpec(result, { market: 'phones', stacked: true });
    const n = result.markets[0].agents.length;
    expect(rank.$schema).toBe(VEGA_LITE_SCHEMA);
    expect(rank.mark).toEqual({ type: 'bar' });
    expect(rank.data.values).toHaveLength(n * n);
    expect(rankBarsSpec(result, { market: 'phones' }).data.values).toHaveLength(n);

    const tornado = tornadoSpec([{ input: 'a', low: 1, high: 3, base: 2 }, { input: 'b', low: 1, high: 5, base: 2 }], { unit: 'M' });
    expect(tornado.$schema).toBe(VEGA_LITE_SCHEMA);
    expect(tornado.data.values.map((r) => r.input)).toEqual(['b', 'a']);
    expect((tornado.layer as Array<{ mark: { type: string } }>).map((l) => l.mark.type)).toEqual(['bar', 'bar', 'rule']);

    const cmp = comparisonSpec(comparison, { market: 'phones' });
    expect(cmp.$schema).toBe(VEGA_LITE_SCHEMA);
    expect(cmp.data.values).toHaveLength(comparison.markets[0].agents.length * (comparison.a.horizon + 1));
    expect((cmp.layer as Array<{ mark: { type: string } }>).map((l) => l.mark.type)).toEqual(['area', 'line', 'rule']);
  });
});

describe('notebook display', () => {
  const MIME = ['text/plain', 'image/svg+xml', 'application/vnd.vegalite.v5+json'];

  it('SimulationResult: toSVG, Jupyter.display and _toMime', () => {
    const svg = result.toSVG();
    checkXML(svg);
    expect(svg).toContain(escapeXML(result.markets[0].name));
    checkXML(result.toSVG({ market: 'assistants', metric: 'users' }));
    const bundle = (result as unknown as Record<symbol, () => Record<string, unknown>>)[Symbol.for('Jupyter.display')]();
    expect(Object.keys(bundle).sort()).toEqual([...MIME].sort());
    expect(result._toMime()).toEqual(bundle);
    expect(bundle['text/plain']).toMatch(/^SimulationResult: apple-alibaba — 50 runs/);
    expect((bundle['application/vnd.vegalite.v5+json'] as { $schema: string }).$schema).toBe(VEGA_LITE_SCHEMA);
  });

  it('ComparisonResult: toSVG, Jupyter.display and _toMime', () => {
    checkXML(comparison.toSVG());
    const bundle = (comparison as unknown as Record<symbol, () => Record<string, unknown>>)[Symbol.for('Jupyter.display')]();
    expect(Object.keys(bundle).sort()).toEqual([...MIME].sort());
    expect(comparison._toMime()).toEqual(bundle);
    expect(bundle['text/plain']).toMatch(/^ComparisonResult: apple-alibaba − baseline/);
    expect(bundle['text/plain']).toMatch(/apple [+-]\d/);
  });
});
