/**
 * What results promise to show in a notebook (a port that the presentation
 * layer fills): the Jupyter display symbol, the MIME bundle, and the
 * options of the default chart. The engine's result classes declare
 * `toSVG()`, `_toMime()` and `[JUPYTER_DISPLAY]()` with these types;
 * `charts/display.ts` installs them (the package's entry calls it), so the
 * engine never imports charts.
 */

/**
 * The symbol Deno's Jupyter kernel looks for: `obj[JUPYTER_DISPLAY]()`
 * returns a MIME bundle. It is `Symbol.for('Jupyter.display')`.
 *
 * @example
 * result[JUPYTER_DISPLAY]()['image/svg+xml']; // => '<svg …'
 */
export const JUPYTER_DISPLAY: unique symbol = Symbol.for('Jupyter.display') as never;

/**
 * What a result shows in a notebook: text, an SVG chart and its Vega-Lite spec.
 *
 * @example
 * const bundle: MimeBundle = result._toMime();
 * bundle['text/plain']; // => 'SimulationResult: apple-alibaba — 10,000 runs …'
 */
export interface MimeBundle {
  'text/plain': string;
  'image/svg+xml'?: string;
  'application/vnd.vegalite.v5+json'?: Record<string, unknown>;
}

/**
 * What every chart may set: its title and size in pixels (default 720 × 420).
 *
 * @example
 * const size: ChartFrame = { title: 'Phones', width: 900, height: 500 };
 */
export interface ChartFrame {
  /** Chart title (default: market and metric). */
  title?: string;
  /** Width in pixels. */
  width?: number;
  /** Height in pixels. */
  height?: number;
}

/**
 * Which series a chart over time draws: a market, a metric and some agents.
 *
 * @example
 * const options: SeriesChartOptions = { market: 'phones', metric: 'share', agents: ['apple', 'huawei'] };
 */
export interface SeriesChartOptions extends ChartFrame {
  /** Market id. */
  market: string;
  /** Metric, default `'share'`. */
  metric?: string;
  /** Agents to draw, default all of the market's (colours keep the market's agent order). */
  agents?: readonly string[];
}

/**
 * How a fan chart of many agents stays readable: some agents highlighted
 * (the others as thin grey medians), or one panel per agent.
 *
 * @example
 * result.toSVG({ market: 'phones', highlight: ['apple'] });
 * result.toSVG({ market: 'phones', panels: true, columns: 4 });
 */
export interface FanChartLayout {
  /**
   * Agents drawn in colour with their bands; the others only as thin grey
   * medians for context. Default: every agent in colour.
   */
  highlight?: readonly string[];
  /**
   * Small multiples: one panel per agent (its median and bands, the
   * others' medians in grey), on a shared scale — readable with many
   * agents. `columns` panels a row (default 3).
   */
  panels?: boolean;
  columns?: number;
}
