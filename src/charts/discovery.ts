/**
 * Charts of scenario discovery, in SVG and as Vega-Lite v5 specs: PRIM's
 * coverage–density trade-off curve (one point per box of the peeling
 * trajectory, coloured by how many inputs it restricts, the chosen box
 * marked) and a box (one bar per restricted input over its full range,
 * the box's part filled; categories as segments). Portable: strings and
 * plain objects, no DOM.
 */
import { describeRestriction, type BoxStats, type Restriction } from '../analysis/discovery/box.js';
import type { PrimResult } from '../analysis/discovery/prim.js';
import { coord, escapeXML, formatValue, linear, niceTicks, svgHeader } from './core.js';
import { VEGA_LITE_SCHEMA, type VegaLiteSpec } from './vegalite.js';

const MUTED = '#666', RULE = '#e5e5e5', IN_BOX = '#4e79a7', FULL_RANGE = '#dde3ea';

/** Colours for 0, 1, 2, … restricted inputs (viridis, light to dark past the first). */
const RESTRICTED_COLOURS = ['#bbbbbb', '#fde725', '#7ad151', '#22a884', '#2a788e', '#414487', '#440154'];

/**
 * The colour of a trajectory point restricting `k` inputs.
 *
 * @example
 * restrictedColour(2); // => '#7ad151'
 */
export function restrictedColour(k: number): string {
  return RESTRICTED_COLOURS[Math.min(k, RESTRICTED_COLOURS.length - 1)];
}

/**
 * Options of the discovery charts.
 *
 * @example
 * const options: DiscoveryChartOptions = { title: 'What makes Apple #1 in 2027-Q4?', dates: table.dates };
 */
export interface DiscoveryChartOptions {
  title?: string;
  width?: number;
  height?: number;
  /** `'YYYY-MM'` per step, to show month inputs as dates. */
  dates?: readonly string[];
}

/**
 * A box as the box chart draws it: its statistics and restrictions (a PRIM box or a CART leaf).
 *
 * @example
 * const box: ChartBox = primResult.box; // or cartResult.leaves[0]
 */
export type ChartBox = BoxStats & { restrictions: readonly Restriction[] };

/** One bar of the box chart: segments over [0, 1] (the input's full range), those in the box flagged. */
interface BoxBar {
  input: string;
  p: number;
  text: string;
  segments: Array<{ from: number; to: number; inBox: boolean; label?: string }>;
}

function boxBars(box: ChartBox, dates?: readonly string[]): BoxBar[] {
  return box.restrictions.map((r): BoxBar => {
    const text = describeRestriction(r, dates);
    if (r.kind === 'categorical') {
      const k = r.all.length;
      return { input: r.label, p: r.p, text, segments: r.all.map((c, i) => ({ from: i / k, to: (i + 1) / k, inBox: r.values.includes(c), label: c })) };
    }
    const span = r.max - r.min || 1;
    const at = (x: number) => Math.min(1, Math.max(0, (x - r.min) / span));
    return {
      input: r.label, p: r.p, text,
      segments: [{ from: 0, to: 1, inBox: false }, { from: at(r.lower), to: at(r.upper), inBox: true }],
    };
  });
}

function boxSummary(box: ChartBox): string {
  return `Coverage ${formatValue(box.coverage, 'percent')} · density ${formatValue(box.density, 'percent')} · support ${formatValue(box.support, 'percent')} (${box.rows.toLocaleString('en-US')} runs)`;
}

/**
 * PRIM's trade-off curve in SVG: coverage (x) against density (y) for
 * every box of the peeling trajectory, coloured by the number of inputs
 * restricted; the chosen step ringed, and the chosen (pasted) box as a diamond.
 *
 * @example
 * tradeoffSVG(discover(table, y)); // '<svg xmlns="http://www.w3.org/2000/svg" width="640" height="440" …'
 */
export function tradeoffSVG(result: PrimResult, options: DiscoveryChartOptions = {}): string {
  const width = options.width ?? 640, height = options.height ?? 440;
  const area = { left: 64, top: 58, right: width - 150, bottom: height - 48 };
  const points = result.trajectory;
  const yt = niceTicks(Math.min(...points.map((p) => p.density), result.box.density), 1, 5);
  const x = linear([0, 1], [area.left, area.right]), y = linear(yt.domain, [area.bottom, area.top]);
  const out = svgHeader(width, height, options.title ?? 'Coverage–density trade-off',
    `PRIM peeling trajectory · ${points.length} boxes · ${result.hits.toLocaleString('en-US')} of ${result.rows.toLocaleString('en-US')} runs are cases of interest`);
  const grid = [0, 0.25, 0.5, 0.75, 1].map((v) => `<line x1="${coord(x(v))}" x2="${coord(x(v))}" y1="${area.top}" y2="${area.bottom}" stroke="${RULE}"/><text x="${coord(x(v))}" y="${area.bottom + 16}" text-anchor="middle" fill="${MUTED}">${v * 100}%</text>`);
  grid.push(...yt.ticks.map((v) => `<line x1="${area.left}" x2="${area.right}" y1="${coord(y(v))}" y2="${coord(y(v))}" stroke="${RULE}"/><text x="${area.left - 6}" y="${coord(y(v))}" dy="0.32em" text-anchor="end" fill="${MUTED}">${escapeXML(formatValue(v, 'percent'))}</text>`));
  out.push(`<g class="axes">${grid.join('')}`,
    `<text x="${coord((area.left + area.right) / 2)}" y="${height - 12}" text-anchor="middle" fill="#333">Coverage</text>`,
    `<text transform="translate(16 ${coord((area.top + area.bottom) / 2)}) rotate(-90)" text-anchor="middle" fill="#333">Density</text></g>`);
  out.push(`<g class="trajectory">${points.map((p) =>
    `<circle class="step" data-step="${p.index}" cx="${coord(x(p.coverage))}" cy="${coord(y(p.density))}" r="4" fill="${restrictedColour(p.restricted)}" stroke="#555" stroke-width="0.5"><title>${escapeXML(`Step ${p.index}: coverage ${formatValue(p.coverage, 'percent')}, density ${formatValue(p.density, 'percent')}, ${p.restricted} inputs restricted`)}</title></circle>`).join('')}</g>`);
  const chosen = points[result.selected], b = result.box;
  const d = (cx: number, cy: number) => `M${coord(cx)},${coord(cy - 7)} L${coord(cx + 7)},${coord(cy)} L${coord(cx)},${coord(cy + 7)} L${coord(cx - 7)},${coord(cy)} Z`;
  out.push(`<circle class="selected" cx="${coord(x(chosen.coverage))}" cy="${coord(y(chosen.density))}" r="8" fill="none" stroke="#222" stroke-width="1.5"/>`,
    `<path class="chosen-box" d="${d(x(b.coverage), y(b.density))}" fill="#e15759" stroke="#222"><title>${escapeXML(`Chosen box: ${boxSummary(b)}`)}</title></path>`);
  const maxK = Math.max(...points.map((p) => p.restricted));
  const legend = Array.from({ length: maxK + 1 }, (_, k) => `<circle cx="${area.right + 24}" cy="${area.top + 8 + 18 * k}" r="4" fill="${restrictedColour(k)}" stroke="#555" stroke-width="0.5"/><text x="${area.right + 34}" y="${area.top + 8 + 18 * k}" dy="0.32em" fill="#333">${k} restricted</text>`);
  const below = area.top + 8 + 18 * (maxK + 1);
  legend.push(`<path d="${d(area.right + 24, below)}" fill="#e15759" stroke="#222"/><text x="${area.right + 34}" y="${below}" dy="0.32em" fill="#333">chosen box</text>`);
  out.push(`<g class="legend">${legend.join('')}</g>`, '</svg>');
  return out.join('\n');
}

/**
 * A box in SVG: one bar per restricted input over its full range (the
 * range in the runs, or every category), the box's part filled, the
 * restriction in words on the left and its quasi-p-value on the right.
 *
 * @example
 * boxSVG(found.box, { dates: table.dates }); // '<svg …' with one bar per restricted input
 * boxSVG(cartResult.leaves[0]); // a CART leaf
 */
export function boxSVG(box: ChartBox, options: DiscoveryChartOptions = {}): string {
  const bars = boxBars(box, options.dates);
  const labelWidth = Math.round(Math.min(360, 24 + 6.2 * Math.max(12, ...bars.map((b) => b.text.length))));
  const width = options.width ?? Math.max(640, labelWidth + 380), rowH = 30;
  const height = options.height ?? 110 + rowH * Math.max(1, bars.length);
  const area = { left: labelWidth, right: width - 90, top: 62 };
  const x = linear([0, 1], [area.left, area.right]);
  const out = svgHeader(width, height, options.title ?? 'Box', boxSummary(box));
  if (bars.length === 0) out.push(`<text x="16" y="${area.top + 16}" fill="${MUTED}">No input restricted: the box holds every run.</text>`);
  bars.forEach((bar, i) => {
    const top = area.top + i * rowH, mid = top + rowH / 2;
    const parts = [`<text x="${area.left - 10}" y="${coord(mid)}" dy="0.32em" text-anchor="end" fill="#333">${escapeXML(bar.text)}</text>`];
    for (const s of bar.segments) {
      const w = Math.max(1, x(s.to) - x(s.from));
      parts.push(`<rect class="${s.inBox ? 'in-box' : 'range'}" x="${coord(x(s.from))}" y="${coord(top + 6)}" width="${coord(w)}" height="${rowH - 12}" fill="${s.inBox ? IN_BOX : FULL_RANGE}" stroke="#fff"/>`);
      if (s.label) parts.push(`<text x="${coord((x(s.from) + x(s.to)) / 2)}" y="${coord(mid)}" dy="0.32em" text-anchor="middle" font-size="10" fill="${s.inBox ? '#fff' : '#333'}">${escapeXML(s.label)}</text>`);
    }
    parts.push(`<text x="${area.right + 10}" y="${coord(mid)}" dy="0.32em" fill="${MUTED}">p = ${escapeXML(String(Number(bar.p.toPrecision(2))))}</text>`);
    out.push(`<g class="restriction" data-input="${escapeXML(bar.input)}">${parts.join('')}</g>`);
  });
  if (bars.length) {
    const below = area.top + rowH * bars.length;
    out.push(`<g class="axis-titles"><text class="axis-title axis-title-x" x="${coord((area.left + area.right) / 2)}" y="${below + 18}" text-anchor="middle" fill="#333">Each input's range in the runs (low → high); the box's part filled</text>` +
      `<text x="${area.right + 10}" y="${below + 18}" fill="${MUTED}" font-size="10">quasi-p</text></g>`);
  }
  out.push('</svg>');
  return out.join('\n');
}

/**
 * The trade-off curve as a Vega-Lite spec: rows `step, coverage, density,
 * support, restricted, chosen` (the chosen, pasted box as one more row with
 * `chosen: true`), points coloured by inputs restricted.
 *
 * @example
 * tradeoffSpec(found).data.values.length; // => trajectory length + 1
 */
export function tradeoffSpec(result: PrimResult, options: DiscoveryChartOptions = {}): VegaLiteSpec & { data: { values: Array<Record<string, unknown>> } } {
  const rows: Array<Record<string, unknown>> = result.trajectory.map((p) => ({
    step: p.index, coverage: p.coverage, density: p.density, support: p.support, restricted: p.restricted, chosen: false,
  }));
  const b = result.box;
  rows.push({ step: b.index, coverage: b.coverage, density: b.density, support: b.support, restricted: b.restrictions.length, chosen: true });
  const pct = (field: string, title: string) => ({ field, type: 'quantitative', title, axis: { format: '.0%' }, scale: { zero: false } });
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: options.title ?? 'Coverage–density trade-off', subtitle: 'PRIM peeling trajectory; the diamond is the chosen box' },
    width: options.width ? Math.max(100, options.width - 160) : 460,
    height: options.height ? Math.max(100, options.height - 120) : 320,
    data: { values: rows },
    encoding: {
      x: pct('coverage', 'Coverage'), y: pct('density', 'Density'),
      tooltip: [{ field: 'step' }, ...['coverage', 'density', 'support'].map((f) => ({ field: f, type: 'quantitative', format: '.1%' })), { field: 'restricted' }],
    },
    layer: [
      {
        transform: [{ filter: '!datum.chosen' }], mark: { type: 'point', filled: true, size: 50, stroke: '#555', strokeWidth: 0.5 },
        encoding: { color: { field: 'restricted', type: 'ordinal', title: 'Inputs restricted', scale: { range: RESTRICTED_COLOURS } } },
      },
      { transform: [{ filter: 'datum.chosen' }], mark: { type: 'point', shape: 'diamond', filled: true, size: 160, color: '#e15759', stroke: '#222' } },
    ],
  };
}

/**
 * A box as a Vega-Lite spec: rows `input, from, to, inBox, label, p`
 * (segments over each input's full range, scaled to [0, 1]), bars per
 * input and the category names on their segments.
 *
 * @example
 * boxSpec(found.box, { dates: table.dates }).data.values; // => [{ input: 'apple+alibaba · decision ∈ {approved}', from: 0, to: 0.5, inBox: true, … }, …]
 */
export function boxSpec(box: ChartBox, options: DiscoveryChartOptions = {}): VegaLiteSpec & { data: { values: Array<Record<string, unknown>> } } {
  const bars = boxBars(box, options.dates);
  const rows = bars.flatMap((b) => b.segments.map((s) => ({ input: b.text, from: s.from, to: s.to, inBox: s.inBox, label: s.label ?? null, p: b.p })));
  const y = { field: 'input', type: 'nominal', sort: bars.map((b) => b.text), title: null };
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: options.title ?? 'Box', subtitle: boxSummary(box) },
    width: options.width ? Math.max(100, options.width - 320) : 320,
    data: { values: rows },
    layer: [
      {
        mark: { type: 'bar', stroke: '#fff' },
        encoding: {
          y, x: { field: 'from', type: 'quantitative', title: 'Share of the input\'s range', scale: { domain: [0, 1] }, axis: { format: '.0%' } }, x2: { field: 'to' },
          color: { field: 'inBox', type: 'nominal', title: 'In the box', scale: { domain: [false, true], range: [FULL_RANGE, IN_BOX] } },
          tooltip: [{ field: 'input' }, { field: 'label' }, { field: 'p', type: 'quantitative', format: '.2g', title: 'quasi-p' }],
        },
      },
      {
        transform: [{ filter: 'datum.label !== null' }, { calculate: '(datum.from + datum.to) / 2', as: 'middle' }],
        mark: { type: 'text', fontSize: 10 }, encoding: { y, x: { field: 'middle', type: 'quantitative' }, text: { field: 'label' } },
      },
    ],
  };
}
