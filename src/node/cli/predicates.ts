/**
 * Node-only: the predicates and rank dates of a study on the command line
 * — `--predicate TEXT` (repeatable; named by its text), `--rank-at DATES`
 * and a scenario file's `study` section — checked against the plan before
 * any run, so a typo is one line naming the flag and the column.
 */
import type { Plan } from '../../model/compile.js';
import type { StudySettings } from '../../scenarios/document.js';
import type { Library } from './context.js';
import { rankAtOption } from './options.js';

/**
 * The study's predicates by name: the file's (by their names), then each
 * `--predicate` (named by its text), each compiled once to check it.
 *
 * @example
 * studyPredicates(lib, plan, ['share(phones, apple, 2027-12) > 0.18'], undefined);
 * // => { 'share(phones, apple, 2027-12) > 0.18': 'share(phones, apple, 2027-12) > 0.18' }
 */
export function studyPredicates(lib: Library, plan: Plan, raw: string[] | undefined, study?: StudySettings): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const [name, text] of Object.entries(study?.predicates ?? {})) {
    lib.compilePredicate(text, plan, `study.predicates.${name}`);
    out[name] = text;
  }
  for (const text of raw ?? []) out[lib.compilePredicate(text, plan, '--predicate').source] = text;
  return Object.keys(out).length ? out : undefined;
}

/**
 * The rank dates: the file's `study.rankAt` and `--rank-at`, checked
 * against the plan (months, `start`, `horizon` or steps).
 *
 * @example
 * studyRankAt(lib, plan, ['2027-12'], undefined); // => ['2027-12']
 */
export function studyRankAt(lib: Library, plan: Plan, raw: string[] | undefined, study?: StudySettings): Array<string | number> | undefined {
  const fromFile = study?.rankAt ?? [], fromFlag = rankAtOption(raw) ?? [];
  if (fromFile.length) lib.rankStepsAt(plan, fromFile, 'study.rankAt');
  if (fromFlag.length) lib.rankStepsAt(plan, fromFlag, '--rank-at');
  const all = [...fromFile, ...fromFlag];
  return all.length ? all : undefined;
}
