/**
 * The bundled China scenarios (see `china/index.ts`; their parts are in
 * `china/parts.ts`, their builders in `china/scenarios.ts`).
 */
import type { ScenarioSpec } from '../model/types.js';
import { bundledScenarios } from './china/index.js';

export * from './china/index.js';

/**
 * The bundled scenarios as a lookup by any name (scenario files'
 * `extends`, the command line): the same objects as the public, typed
 * `scenarios` (`bundledScenarios` here), indexable by a `string` read at
 * run time. Check the name first (`Object.hasOwn` or `isScenarioId`).
 *
 * @example
 * scenarios[name]?.id; // undefined for an unknown name
 */
export const scenarios: Readonly<Record<string, ScenarioSpec>> = bundledScenarios;
