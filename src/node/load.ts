/**
 * Node-only: loading scenarios named on the command line — a bundled id or
 * a JSON scenario file (see `docs/scenario-files.md`).
 */
import { RivalsimError } from '../errors.js';
import type { ScenarioSpec } from '../model/types.js';
import { scenarios } from '../scenarios/china.js';
import { prepareScenarioDocument, studySettings, type StudySettings } from '../scenarios/document.js';
import { FILE_LIMITS, readTextFile } from './input.js';

/** Line and column (1-based) of character `position` in `text`. */
function lineColumn(text: string, position: number): { line: number; column: number } {
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  return { line, column: position - before.lastIndexOf('\n') };
}

/**
 * Where JSON.parse failed, as `line L, column C`, from its message (V8 gives
 * a position, newer versions also the line and column).
 */
function jsonErrorLocation(message: string, text: string): string | undefined {
  const lc = /line (\d+) column (\d+)/.exec(message);
  if (lc) return `line ${lc[1]}, column ${lc[2]}`;
  const pos = /at position (\d+)/.exec(message);
  if (pos) {
    const { line, column } = lineColumn(text, Number(pos[1]));
    return `line ${line}, column ${column}`;
  }
  if (/end of (JSON )?input/i.test(message)) {
    const { line, column } = lineColumn(text, text.length);
    return `line ${line}, column ${column} (the end)`;
  }
  return undefined;
}

/**
 * A bundled scenario id (`apple-alibaba`) or the path of a JSON scenario
 * file (`my-study.json`), resolved to a scenario and fully checked (mathjs
 * is loaded when the file uses expressions). Errors are
 * {@link RivalsimError}s with one-line messages: an unknown scenario lists
 * the bundled ones; a missing file, malformed JSON (with line and column)
 * and schema errors (with the path inside the document) name the file.
 *
 * @example
 * const s = await loadScenario('apple-alibaba');
 * const t = await loadScenario('studies/late-approval.json');
 */
export async function loadScenario(nameOrPath: string): Promise<ScenarioSpec> {
  return (await loadScenarioFile(nameOrPath)).scenario;
}

/**
 * Like {@link loadScenario}, with the file's study settings (`study`:
 * rank dates and named predicates; none for a bundled id).
 *
 * @example
 * const { scenario, study } = await loadScenarioFile('studies/apple-first.json');
 * study?.rankAt; // => ['2027-12']
 */
export async function loadScenarioFile(nameOrPath: string): Promise<{ scenario: ScenarioSpec; study?: StudySettings }> {
  if (typeof nameOrPath !== 'string' || nameOrPath === '') {
    throw new RivalsimError('No scenario given', 'scenario', nameOrPath, `one of ${Object.keys(scenarios).join(', ')}, or a .json scenario file`);
  }
  if (Object.hasOwn(scenarios, nameOrPath)) return { scenario: scenarios[nameOrPath] };
  if (!nameOrPath.toLowerCase().endsWith('.json')) {
    throw new RivalsimError('Unknown scenario', 'scenario', nameOrPath, `one of ${Object.keys(scenarios).join(', ')}, or a .json scenario file`);
  }
  const text = await readTextFile(nameOrPath, 'scenario file', FILE_LIMITS.scenario);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    const message = (e as Error).message;
    const where = jsonErrorLocation(message, text);
    const error = new RivalsimError('Malformed JSON', '', message, 'a valid JSON document');
    error.message = `${nameOrPath}: malformed JSON${where ? ` at ${where}` : ''}: ${message}`;
    throw error;
  }
  return { scenario: await prepareScenarioDocument(doc, nameOrPath), study: studySettings(doc) };
}
