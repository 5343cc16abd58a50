/**
 * Merging a document's changes into what it extends: plain objects merge
 * key by key, `null` removes an optional key, arrays and values (numbers,
 * strings, distributions `{ dist }`, expressions `{ expr }`, ramps and
 * policies `{ kind }`, policy objects) replace what they override.
 */

import { isObject } from '../../model/compile/context.js';

export { isObject };

/**
 * Whether `x` is plain data (not a policy, function or class instance).
 *
 * @example
 * isPlain({ a: 1 }); // => true
 */
export function isPlain(x: unknown): x is Record<string, unknown> {
  if (!isObject(x)) return false;
  const proto = Object.getPrototypeOf(x);
  return (proto === Object.prototype || proto === null) && !Object.values(x).some((y) => typeof y === 'function');
}

/**
 * A copy of plain data (objects and arrays); policies and other non-plain objects are kept as they are.
 *
 * @example
 * clonePlain({ a: [1] }); // => { a: [1] } (a new object and array)
 */
export function clonePlain<T>(x: T): T {
  if (Array.isArray(x)) return x.map(clonePlain) as T;
  if (isPlain(x)) return Object.fromEntries(Object.entries(x).map(([k, y]) => [k, clonePlain(y)])) as T;
  return x;
}

/** Objects that are values: distributions, expressions, ramps and policies (`kind`), policy objects. */
function isValueObject(x: Record<string, unknown>): boolean {
  return 'dist' in x || 'expr' in x || 'kind' in x || !isPlain(x);
}

/**
 * `over` merged into `base` (a new value; neither is changed). `null`
 * removes (returns undefined); plain objects merge key by key; everything
 * else replaces.
 */
function mergeValue(base: unknown, over: unknown): unknown {
  if (over === undefined) return clonePlain(base);
  if (over === null) return undefined;
  if (isObject(over) && isObject(base) && isPlain(base) && !isValueObject(over) && !isValueObject(base)) {
    const out: Record<string, unknown> = clonePlain(base);
    for (const [k, o] of Object.entries(over)) {
      const m = mergeValue(base[k], o);
      if (m === undefined) delete out[k];
      else out[k] = m;
    }
    return out;
  }
  return clonePlain(over);
}

/**
 * `over` merged key by key into `base` (both objects; neither is changed).
 *
 * @example
 * mergeInto({ a: 1, b: { c: 2, d: 3 } }, { b: { d: null } }); // => { a: 1, b: { c: 2 } }
 */
export function mergeInto<T>(base: T, over: object): T {
  const out = clonePlain(base) as Record<string, unknown>;
  for (const [k, o] of Object.entries(over)) {
    const m = mergeValue(out[k], o);
    if (m === undefined) delete out[k];
    else out[k] = m;
  }
  return out as T;
}

/**
 * A copy without `null`s (for new items built from overrides).
 *
 * @example
 * withoutNulls({ a: 1, b: null }); // => { a: 1 }
 */
export function withoutNulls<T extends Record<string, unknown>>(x: T): T {
  return Object.fromEntries(Object.entries(x).filter(([, y]) => y !== null).map(([k, y]) => [k, isPlain(y) ? withoutNulls(y) : y])) as T;
}

