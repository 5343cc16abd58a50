/**
 * The shape limits of data read from outside — scenario documents, and the
 * scenarios embedded in shard files: how deep and how large a document may
 * be, and the keys it may not use. Checked before anything else reads the
 * document (a schema, a merge, an error message), without recursion, so
 * that a hostile document can neither overflow the stack nor pollute a
 * prototype. Portable: no Node-only API.
 */
import { RivalsimError } from '../errors.js';
import { OBJECT_INTERNALS } from '../model/compile/rules.js';

/**
 * The limits of a scenario document (see docs/scenario-files.md, "Limits").
 *
 * @example
 * DOCUMENT_LIMITS.depth; // => 32
 */
export const DOCUMENT_LIMITS = {
  /** Nesting of objects and arrays (a real document needs about 10). */
  depth: 32,
  /** Values in all (numbers, strings, objects, arrays…). */
  values: 1_000_000,
  /** Characters of one string (a description, an expression, an id…). */
  stringLength: 100_000,
} as const;

/** Keys no document may use: JavaScript's object internals. */
const RESERVED_KEYS: ReadonlySet<string> = new Set(OBJECT_INTERNALS);

/** A dotted path of keys, as documents' errors print them. */
function pathOf(keys: readonly (string | number)[]): string {
  let out = '';
  for (const k of keys.length > 12 ? keys.slice(0, 12) : keys) {
    if (typeof k === 'number') out += `[${k}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(k)) out += out ? `.${k}` : k;
    else out += `[${JSON.stringify(k.length > 40 ? `${k.slice(0, 40)}…` : k)}]`;
  }
  return keys.length > 12 ? `${out}…(${keys.length} levels)` : out;
}

/**
 * Checks the shape of plain data (parsed JSON, or a TypeScript object):
 * at most {@link DOCUMENT_LIMITS}`.depth` levels of nesting and
 * `.values` values, strings of at most `.stringLength` characters, and no
 * key among JavaScript's object internals (`__proto__`, `constructor`,
 * `prototype`, `toString`, …: see `RESERVED_NAMES` in the model). Objects
 * that are not plain data (policy objects, class instances) are not
 * entered. Throws a {@link RivalsimError} naming `source` and the path.
 *
 * @example
 * checkDocumentShape(JSON.parse('{"parameters":{"__proto__":1}}'), 'x.json');
 * // throws: x.json: Reserved key: expected a key that is not one of JavaScript's object internals … → at parameters.__proto__
 */
export function checkDocumentShape(doc: unknown, source: string, limits: { depth: number; values: number; stringLength: number } = DOCUMENT_LIMITS): void {
  const fail = (what: string, keys: readonly (string | number)[], received: unknown, expected: string, fix?: string): never => {
    const e = new RivalsimError(what, pathOf(keys), received, expected, fix);
    e.message = `${source}: ${e.message}`;
    throw e;
  };
  const stack: Array<{ value: unknown; keys: readonly (string | number)[] }> = [{ value: doc, keys: [] }];
  let count = 0;
  while (stack.length > 0) {
    const { value, keys } = stack.pop()!;
    if (++count > limits.values) fail('Document too large', [], `more than ${limits.values.toLocaleString('en-US')} values`, `at most ${limits.values.toLocaleString('en-US')} values`);
    if (typeof value === 'string') {
      if (value.length > limits.stringLength) fail('String too long', keys, `${value.length.toLocaleString('en-US')} characters`, `at most ${limits.stringLength.toLocaleString('en-US')} characters`);
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    const array = Array.isArray(value);
    if (!array) {
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) continue;
    }
    if (keys.length >= limits.depth) {
      fail('Document nested too deeply', keys, `more than ${limits.depth} levels of objects and arrays`, `at most ${limits.depth} levels`);
    }
    if (array) {
      const items = value as unknown[];
      if (count + items.length > limits.values) fail('Document too large', keys, `an array of ${items.length.toLocaleString('en-US')} values`, `at most ${limits.values.toLocaleString('en-US')} values in all`);
      for (let i = items.length - 1; i >= 0; i--) stack.push({ value: items[i], keys: [...keys, i] });
      continue;
    }
    const names = Object.keys(value);
    if (count + names.length > limits.values) fail('Document too large', keys, `an object of ${names.length.toLocaleString('en-US')} keys`, `at most ${limits.values.toLocaleString('en-US')} values in all`);
    for (let i = names.length - 1; i >= 0; i--) {
      const k = names[i];
      if (RESERVED_KEYS.has(k)) {
        fail('Reserved key', [...keys, k], k, `a key that is not one of JavaScript's object internals (${OBJECT_INTERNALS.join(', ')})`, 'Rename it');
      }
      if (k.length > limits.stringLength) fail('Key too long', keys, `a key of ${k.length.toLocaleString('en-US')} characters`, `at most ${limits.stringLength.toLocaleString('en-US')} characters`);
      stack.push({ value: (value as Record<string, unknown>)[k], keys: [...keys, k] });
    }
  }
}
