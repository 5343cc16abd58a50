/**
 * The prototypes of the analysis results (sensitivity, Sobol indices,
 * scenario discovery), so that the presentation layer can give them
 * notebook display — `toSVG()`, `_toMime()` and
 * `[Symbol.for('Jupyter.display')]()` — as it does the engine's result
 * classes (`charts/display.ts` installs the methods; the analysis never
 * imports charts). The results stay plain objects: their own properties
 * are their data (JSON as before); only their prototype is one of these.
 */
import type { JUPYTER_DISPLAY, MimeBundle } from '../montecarlo/display.js';

/**
 * What a displayable analysis result has once the package's entry has
 * loaded (the methods are installed then).
 *
 * @example
 * const shown: Displayable = await sensitivity(s, { output, runs: 2000 });
 * shown._toMime()['text/plain']; // => 'SensitivityResult: …'
 */
export interface Displayable {
  /** The default chart as SVG. */
  toSVG(): string;
  /** The MIME bundle (IJavascript-style kernels). */
  _toMime(): MimeBundle;
  /** The MIME bundle (Deno's Jupyter kernel). */
  [JUPYTER_DISPLAY](): MimeBundle;
}

/** Prototype of `sensitivity`'s results. */
export class SensitivityDisplay {}
/** Prototype of `sobol`'s results. */
export class SobolDisplay {}
/** Prototype of `discover`'s results. */
export class DiscoveryDisplay {}

/**
 * `value` with `proto` as its prototype (its own properties unchanged).
 *
 * @example
 * displayAs(SobolDisplay, { output: 'x', steps: [] }) instanceof SobolDisplay; // => true
 */
export function displayAs<T extends object>(kind: new () => object, value: T): T & Displayable {
  return Object.setPrototypeOf(value, kind.prototype) as T & Displayable;
}
