/**
 * The bundled registry of what scenario documents may extend: the bundled
 * scenarios (`scenarios/china.ts`) and the China landscape, built with
 * `chinaLandscape(options)`. Document resolution (`scenarios/document/`)
 * receives a registry and never imports China itself; this one is the
 * default of `resolveScenarioDocument` and `prepareScenarioDocument`.
 */
import * as v from 'valibot';
import { chinaLandscape, PHONE_TRACKERS, type ChinaLandscapeOptions } from '../landscapes/china.js';
import { scenarios } from './china.js';
import { bool, num, NUMERIC, obj, opt, START } from './document/schema-values.js';
import type { DocumentRegistry, LandscapeEntry } from './document/types.js';

/** The options `landscape.options` may give `chinaLandscape`. */
const CHINA_OPTIONS = obj({
  start: opt(START),
  tracker: opt(v.picklist(PHONE_TRACKERS, `one of the trackers ${PHONE_TRACKERS.join(', ')}`)),
  appleInstalledBase: opt(NUMERIC),
  replacementCycleMonths: opt(num('a number of months in [25, 45]')),
  shocks: opt(obj({ persistence: NUMERIC, sd: NUMERIC }, 'a shock process')),
  parameters: opt(v.picklist(['posterior', 'point', 'prior'], "'posterior', 'point' or 'prior'")),
  policies: opt(bool()),
}, 'China landscape options');

/**
 * The China landscape as documents extend it (`"landscape": { "extends": "china", "options": { … } }`).
 *
 * @example
 * CHINA_LANDSCAPE.build({ tracker: 'idc' }).agents.length > 0; // => true
 */
export const CHINA_LANDSCAPE: LandscapeEntry = {
  build: (options?: ChinaLandscapeOptions) => chinaLandscape(options),
  options: CHINA_OPTIONS,
  describe: "'china' (the default landscape)",
  label: 'the China landscape',
};

/**
 * The bundled scenarios and the China landscape: what a document may
 * extend unless told otherwise.
 *
 * @example
 * Object.keys(BUNDLED_REGISTRY.scenarios).includes('apple-alibaba'); // => true
 */
export const BUNDLED_REGISTRY: DocumentRegistry = { scenarios, landscapes: { china: CHINA_LANDSCAPE } };
