/**
 * Node-only: loading scenarios named on the command line — a bundled id or
 * a JSON scenario file.
 */
import { readFile } from 'node:fs/promises';
import { RivalsimError } from '../errors.js';
import type { ScenarioSpec } from '../model/types.js';
import { scenarios } from '../scenarios/china.js';
import { resolveScenarioDocument } from '../scenarios/document.js';

/**
 * A bundled scenario id (`apple-alibaba`) or the path of a JSON scenario
 * file (`my-study.json`), resolved to a scenario.
 *
 * @example
 * const s = await loadScenario('apple-alibaba');
 * const t = await loadScenario('studies/late-approval.json');
 */
export async function loadScenario(nameOrPath: string): Promise<ScenarioSpec> {
  if (Object.hasOwn(scenarios, nameOrPath)) return scenarios[nameOrPath];
  if (!nameOrPath.endsWith('.json')) {
    throw new RivalsimError('Unknown scenario', 'scenario', nameOrPath, `one of ${Object.keys(scenarios).join(', ')}, or a .json scenario file`);
  }
  let text: string;
  try {
    text = await readFile(nameOrPath, 'utf8');
  } catch (e) {
    throw new RivalsimError('Cannot read scenario file', nameOrPath, (e as NodeJS.ErrnoException).code ?? String(e), 'a readable JSON file');
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new RivalsimError('Malformed JSON', nameOrPath, (e as Error).message, 'a valid JSON document');
  }
  return resolveScenarioDocument(doc, nameOrPath);
}
