/**
 * Scenario documents: what users write in JSON files (or as objects) to
 * extend a bundled scenario or landscape and override what they change.
 * Portable: no Node-only API.
 */
import { RivalsimError } from '../errors.js';
import type { ScenarioSpec } from '../model/types.js';
import { scenarios } from './china.js';

/**
 * Resolves a scenario document into a scenario. (First version: a full
 * scenario, or `{ extends: '<bundled id>', …overrides }`.)
 *
 * @example
 * resolveScenarioDocument({ id: 'longer', extends: 'apple-alibaba', horizon: 48 });
 */
export function resolveScenarioDocument(doc: unknown, source = 'scenario'): ScenarioSpec {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new RivalsimError('Invalid scenario document', source, doc, 'a JSON object');
  const d = doc as Record<string, unknown>;
  if (typeof d.extends === 'string') {
    const base = scenarios[d.extends];
    if (!base) throw new RivalsimError('Unknown base scenario', `${source}: extends`, d.extends, `one of ${Object.keys(scenarios).join(', ')}`);
    const { extends: _ignored, ...rest } = d;
    return { ...base, ...(rest as Partial<ScenarioSpec>) } as ScenarioSpec;
  }
  return d as unknown as ScenarioSpec;
}
