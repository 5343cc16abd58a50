/**
 * Chart building blocks shared by the SVG and Vega-Lite charts: the agent
 * palette, text escaping, nice ticks and number formats. Portable: no DOM,
 * no Node APIs.
 */

/**
 * The fixed agent palette (Tableau 10): agent i of a market gets colour
 * `PALETTE[i % 10]`, so an agent keeps its colour in every chart of that market.
 *
 * @example
 * agentColour(0); // => '#4e79a7'
 */
export const PALETTE: readonly string[] = [
  '#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f',
  '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac',
];

/**
 * The colour of the agent at position `index` in its market's agent order.
 *
 * @example
 * agentColour(1); // => '#f28e2b'
 */
export function agentColour(index: number): string {
  return PALETTE[((index % PALETTE.length) + PALETTE.length) % PALETTE.length];
}

/**
 * Escapes text for XML content and attribute values.
 *
 * @example
 * escapeXML('A&B <x>'); // => 'A&amp;B &lt;x&gt;'
 */
export function escapeXML(text: unknown): string {
  return String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * Nice axis ticks covering [min, max]: the rounded domain, the ticks and their step.
 *
 * @example
 * niceTicks(0.013, 0.187, 5); // => { domain: [0, 0.2], ticks: [0, 0.05, 0.1, 0.15, 0.2], step: 0.05 }
 */
export function niceTicks(min: number, max: number, count = 5): { domain: [number, number]; ticks: number[]; step: number } {
  if (!Number.isFinite(min) || !Number.isFinite(max)) { min = 0; max = 1; }
  if (min > max) [min, max] = [max, min];
  if (min === max) { const d = Math.abs(min) * 0.1 || 1; min -= d; max += d; }
  const raw = (max - min) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const err = raw / power;
  const step = power * (err >= 7.5 ? 10 : err >= 3.5 ? 5 : err >= 1.5 ? 2 : 1);
  const lo = Math.floor(min / step + 1e-9), hi = Math.ceil(max / step - 1e-9);
  const clean = (x: number) => Number(x.toPrecision(12)) || 0;
  const ticks: number[] = [];
  for (let k = lo; k <= hi; k++) ticks.push(clean(k * step));
  return { domain: [clean(lo * step), clean(hi * step)], ticks, step };
}

/**
 * Whether a metric is a share (a fraction in [0, 1], shown in %).
 *
 * @example
 * isShareMetric('installedBaseShare'); // => true
 */
export function isShareMetric(metric: string): boolean {
  return /share$/i.test(metric);
}

/**
 * Formats a tick value: in % for shares (`pp` for differences of shares),
 * compact (k, M, B) otherwise, with as many decimals as the tick step needs.
 *
 * @example
 * formatTick(0.15, 0.05, 'percent'); // => '15%'
 * formatTick(2500, 500, 'number'); // => '2.5k'
 */
export function formatTick(value: number, step: number, unit: 'percent' | 'pp' | 'number'): string {
  if (unit !== 'number') {
    const decimals = Math.max(0, -Math.floor(Math.log10(step * 100) + 1e-9));
    return `${(value * 100).toFixed(decimals)}${unit === 'percent' ? '%' : ' pp'}`;
  }
  const abs = Math.max(Math.abs(value), Math.abs(step));
  const [div, suffix] = abs >= 1e9 ? [1e9, 'B'] : abs >= 1e6 ? [1e6, 'M'] : abs >= 1e4 ? [1e3, 'k'] : [1, ''];
  const decimals = Math.max(0, -Math.floor(Math.log10(step / div) + 1e-9));
  return `${(value / div).toFixed(Math.min(decimals, 6))}${suffix}`;
}

/**
 * Formats a value for labels and summaries: `17.2%` for shares, else 3 significant digits.
 *
 * @example
 * formatValue(0.1723, 'percent'); // => '17.2%'
 * formatValue(1234.5, 'number'); // => '1.23k'
 */
export function formatValue(value: number, unit: 'percent' | 'pp' | 'number'): string {
  if (!Number.isFinite(value)) return '–';
  if (unit === 'percent') return `${(value * 100).toFixed(1)}%`;
  if (unit === 'pp') return `${value >= 0 ? '+' : ''}${(value * 100).toFixed(2)} pp`;
  const abs = Math.abs(value);
  const [div, suffix] = abs >= 1e9 ? [1e9, 'B'] : abs >= 1e6 ? [1e6, 'M'] : abs >= 1e3 ? [1e3, 'k'] : [1, ''];
  return `${Number((value / div).toPrecision(3))}${suffix}`;
}

/**
 * A linear scale from a domain to a range.
 *
 * @example
 * linear([0, 1], [400, 0])(0.25); // => 300
 */
export function linear(domain: readonly [number, number], range: readonly [number, number]): (x: number) => number {
  const [d0, d1] = domain, [r0, r1] = range;
  const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
  return (x) => r0 + (x - d0) * k;
}

/**
 * Rounds a coordinate to 2 decimals for compact SVG.
 *
 * @example
 * coord(12.3456); // => '12.35'
 */
export function coord(x: number): string {
  return String(Math.round(x * 100) / 100);
}

/**
 * Indices of dates to label on a time axis: at most `max`, evenly spaced,
 * always including the first step.
 *
 * @example
 * dateTickSteps(37, 8); // => [0, 6, 12, 18, 24, 30, 36]
 */
export function dateTickSteps(steps: number, max = 8): number[] {
  if (steps <= 0) return [];
  const candidates = [1, 2, 3, 6, 12, 24, 36, 60, 120];
  const every = candidates.find((c) => Math.ceil(steps / c) <= max) ?? Math.ceil(steps / max);
  const out: number[] = [];
  for (let t = 0; t < steps; t += every) out.push(t);
  return out;
}

const SVG_FONT = "system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif";

/**
 * The opening of a chart's SVG document: the root element (size, viewBox,
 * font, accessible label), its title, a white background and the title
 * and subtitle texts. Close it with `'</svg>'`.
 *
 * @example
 * [...svgHeader(640, 440, 'Box', '412 runs'), '</svg>'].join('\n'); // '<svg xmlns="http://www.w3.org/2000/svg" width="640" …'
 */
export function svgHeader(width: number, height: number, title: string, subtitle: string): string[] {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXML(title)}" font-family="${SVG_FONT}" font-size="12">`,
    `<title>${escapeXML(title)}</title>`, `<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text class="title" x="16" y="24" font-size="15" font-weight="600" fill="#222">${escapeXML(title)}</text>`,
    `<text class="subtitle" x="16" y="42" font-size="11" fill="#666">${escapeXML(subtitle)}</text>`,
  ];
}

/**
 * An input's label cut to fit a chart's label column (`max` characters,
 * the middle elided so the event or agent and the field both show).
 *
 * @example
 * shortInput('launch:tencent-yuanbao-r1 · capability gain', 30); // => 'launch:tencent-…apability gain'
 */
export function shortInput(label: string, max = 44): string {
  if (label.length <= max) return label;
  const tail = Math.floor((max - 1) / 2), head = max - 1 - tail;
  return `${label.slice(0, head)}…${label.slice(label.length - tail)}`;
}
