/**
 * Scenario documents: what users write in JSON files (or as TypeScript
 * objects) to extend a bundled scenario or landscape and override only what
 * they change. Portable: no Node-only API. The format is described in
 * `docs/scenario-files.md`; in short:
 *
 * ```jsonc
 * {
 *   "id": "slow-approval",                 // required, kebab-case
 *   "extends": "apple-alibaba",            // a bundled scenario to start from (optional)
 *   "name": "…", "description": "…", "horizon": 48,
 *   "parameters": { "quality": { "dist": "uniform", "min": 0.6, "max": 0.9 } },   // merged by name; null removes
 *   "switches": { "noise": false },        // merged
 *   "landscape": {                         // a full LandscapeSpec, or an override:
 *     "extends": "china", "options": { "tracker": "idc", "start": "2024-01" },   // start from chinaLandscape(options) instead
 *     "agents": { "alibaba": { "capacity": { "concurrentUsers": 20 } } },   // deep-merged by id; new ids add agents
 *     "removeAgents": ["oppo"],
 *     "markets": { "phones": { "participants": { "apple": { "initialShare": 0.15 }, "xiaomi": null } } }
 *   },
 *   "events": [ … ],                       // replaces the base's events
 *   "removeEvents": ["launch:honor-assistant"],
 *   "eventOverrides": { "apple+alibaba": { "approvalProbability": 0.5 } },
 *   "addEvents": [ … ],                    // appended
 *   "metrics": [{ "id": "appleLead", "market": "phones", "expr": "share_apple - share_huawei" }]
 * }
 * ```
 *
 * Merging: plain objects merge key by key, `null` removes an optional key,
 * arrays and values (numbers, strings, distributions `{ dist }`, expressions
 * `{ expr }`, ramps and policies `{ kind }`) replace what they override.
 * The shape is checked with valibot; errors are {@link RivalsimError}s whose
 * `path` is a dotted path inside the document.
 *
 * This file is the entry: resolution itself (`document/`: types, schema,
 * merging, paths, landscape, events, resolve) receives a
 * {@link DocumentRegistry} of what documents may extend; here it defaults
 * to the bundled one (`registry.ts`: the bundled scenarios and the China
 * landscape).
 */
import type { RivalsimError } from '../errors.js';
import type { ScenarioSpec } from '../model/types.js';
import { clonePlain, isObject } from './document/merge.js';
import { prepareDocument, resolveDocument } from './document/resolve.js';
import type { DocumentRegistry, StudySettings } from './document/types.js';
import { BUNDLED_REGISTRY } from './registry.js';

export type {
  AgentOverride, Changes, DocumentRegistry, EventOverride, LandscapeEntry, LandscapeOverride, MarketOverride, ParticipantOverride, ScenarioDocument,
  StudySettings,
} from './document/types.js';
export { locateInDocument } from './document/resolve.js';
export { BUNDLED_REGISTRY } from './registry.js';

/**
 * The study settings of a scenario document (checked with the rest of it
 * by {@link resolveScenarioDocument}), or undefined.
 *
 * @example
 * studySettings({ id: 'x', extends: 'baseline', study: { rankAt: ['2027-12'] } }); // => { rankAt: ['2027-12'] }
 */
export function studySettings(doc: unknown): StudySettings | undefined {
  return isObject(doc) && isObject(doc.study) ? clonePlain(doc.study as StudySettings) : undefined;
}

/**
 * Resolves a scenario document (parsed JSON or a TypeScript object) into a
 * scenario: checks its shape, applies it to the scenario it `extends`
 * (which is never changed), then compiles the result to check cross
 * references (unknown agents or markets, shares, ranges, expressions).
 * Errors are {@link RivalsimError}s naming `source` and the path inside
 * the document. Documents with expressions are fully checked only once
 * mathjs is loaded (`await loadExpressions()`), otherwise when simulated;
 * {@link prepareScenarioDocument} does that for you. `registry` lists the
 * scenarios and landscapes a document may extend (by default the bundled
 * ones).
 *
 * @example
 * resolveScenarioDocument({ id: 'longer', extends: 'apple-alibaba', horizon: 48 });
 * resolveScenarioDocument({ id: 'x', extends: 'baseline', removeEvents: ['nope'] }, 'x.json');
 * // throws: x.json: Unknown event id: expected one of apple+alibaba, … but received "nope" → at removeEvents[0]
 */
export function resolveScenarioDocument(doc: unknown, source = 'scenario', registry: DocumentRegistry = BUNDLED_REGISTRY): ScenarioSpec {
  return resolveDocument(doc, source, registry);
}

/**
 * Like {@link resolveScenarioDocument}, loading mathjs first when the
 * document uses expressions, so every check (expressions included) runs now.
 *
 * @example
 * const spec = await prepareScenarioDocument(JSON.parse(text), 'study.json');
 */
export function prepareScenarioDocument(doc: unknown, source = 'scenario', registry: DocumentRegistry = BUNDLED_REGISTRY): Promise<ScenarioSpec> {
  return prepareDocument(doc, source, registry);
}
