/**
 * Paths and errors of scenario documents: errors name the document and a
 * dotted path inside it (`eventOverrides["apple+alibaba"].visibility`),
 * whether found by the schema, by merging, or by compiling the resolved
 * scenario (whose paths are then mapped back to the document's).
 */
import * as v from 'valibot';
import { RivalsimError } from '../../errors.js';

/** A key of a path: an object key or an array index. */
export type Key = string | number;

/**
 * Renders path keys as a dotted path: `events[2].approvalProbability`,
 * `landscape.agents.apple.capacity`, `eventOverrides["a.b"]`.
 *
 * @example
 * formatPath(['eventOverrides', 'a.b', 'visibility']); // => 'eventOverrides["a.b"].visibility'
 */
export function formatPath(keys: readonly Key[]): string {
  let out = '';
  for (const k of keys) {
    if (typeof k === 'number') out += `[${k}]`;
    else if (/^[^.[\]\s"]+$/.test(k)) out += out ? `.${k}` : k;
    else out += `[${JSON.stringify(k)}]`;
  }
  return out;
}

/**
 * An error of document `source` at `keys` (its message starts with the source).
 *
 * @example
 * documentError('x.json', 'Unknown agent', ['removeAgents', 0], 'nokia', 'one of apple, vivo').message;
 * // => 'x.json: Unknown agent: expected one of apple, vivo but received "nokia" → at removeAgents[0]'
 */
export function documentError(source: string, what: string, keys: readonly Key[] | string, received: unknown, expected: string, fix?: string): RivalsimError {
  const path = typeof keys === 'string' ? keys : formatPath(keys);
  const e = new RivalsimError(what, path, received, expected, fix);
  e.message = `${source}: ${e.message}`;
  return e;
}

const DISCRIMINATORS: Record<string, string> = { type: 'event type', dist: 'distribution', kind: 'kind' };

/**
 * Checks `value` against `schema`; the first issue becomes a RivalsimError at `prefix` + the issue's path.
 *
 * @example
 * check(v.number('a number'), 'x', ['horizon'], 'x.json'); // throws: x.json: Invalid value: expected a number but received "x" → at horizon
 */
export function check(schema: v.GenericSchema, value: unknown, prefix: readonly Key[], source: string, rename?: (keys: Key[]) => Key[]): void {
  const r = v.safeParse(schema, value);
  if (r.success) return;
  // The first issue; but an unknown key beside a missing one is likely its misspelling: report it.
  const parent = (i: v.BaseIssue<unknown>) => (i.path ?? []).slice(0, -1).map((p) => p.input);
  let issue = r.issues[0];
  if (issue.received === 'undefined' && issue.path?.length) {
    const misspelt = r.issues.find((i) => i.expected === 'never' && i.path?.length === issue.path!.length
      && parent(i).every((x, k) => x === parent(issue)[k]));
    if (misspelt) issue = misspelt;
  }
  let keys: Key[] = (issue.path ?? []).map((p) => p.key as Key);
  if (rename) keys = rename(keys);
  const last = keys[keys.length - 1];
  let what = 'Invalid value';
  let received: unknown = issue.input;
  if ((issue.type === 'strict_object' || issue.type === 'object') && issue.expected === 'never') what = 'Unknown key';
  else if (issue.received === 'undefined' && issue.path?.length) { what = 'Missing value'; received = undefined; }
  else if (issue.type === 'variant' && typeof last === 'string') what = `Unknown ${DISCRIMINATORS[last] ?? last}`;
  throw documentError(source, what, [...prefix, ...keys], received, issue.message);
}

/**
 * Where paths of the resolved scenario come from in the document.
 *
 * @example
 * const m: PathMapping = { from: 'events[3]', to: 'addEvents[1]' };
 */
export interface PathMapping {
  /** Resolved path prefix, e.g. `events[3]` or `landscape.agents[0]`. */
  from: string;
  /**
   * Document path prefix, e.g. `addEvents[1]`, or for an item inherited
   * unchanged the place to change it, e.g. `eventOverrides.apple+alibaba`.
   */
  to: string;
  /** For inherited items: said after the path. */
  note?: string;
}

/**
 * `e` (found on the resolved scenario) located in the document: its path
 * mapped by the longest matching `mappings` entry, its message naming `source`.
 *
 * @example
 * relocate(new RivalsimError('Bad', 'events[3].month', -1, 'a month'), [{ from: 'events[3]', to: 'addEvents[1]' }], 'x.json').path; // => 'addEvents[1].month'
 */
export function relocate(e: RivalsimError, mappings: readonly PathMapping[], source: string): RivalsimError {
  let best: PathMapping | undefined;
  for (const m of mappings) {
    const rest = e.path.slice(m.from.length);
    if (e.path.startsWith(m.from) && (rest === '' || rest[0] === '.' || rest[0] === '[') && (!best || m.from.length > best.from.length)) best = m;
  }
  const path = best ? best.to + e.path.slice(best.from.length) : e.path;
  const out = new RivalsimError('', path, e.received, e.expected);
  const marker = ` → at ${e.path || '(root)'}`;
  const i = e.message.lastIndexOf(marker);
  const located = i >= 0
    ? `${e.message.slice(0, i)} → at ${path || '(root)'}${best?.note ? ` (${best.note})` : ''}${e.message.slice(i + marker.length)}`
    : e.message;
  out.message = `${source}: ${located}`;
  return out;
}

/**
 * How errors list the allowed ids.
 *
 * @example
 * oneOf(['a', 'b']); // => 'one of a, b'
 */
export function oneOf(ids: readonly string[]): string {
  return ids.length ? `one of ${ids.join(', ')}` : 'none (there are none)';
}
