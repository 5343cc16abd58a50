/**
 * Typed arrays in JSON, exactly: a Float64Array as numbers (and the
 * strings `"Infinity"`, `"-Infinity"`, `"NaN"`, `"-0"` for what JSON cannot
 * hold), a Uint32Array of counts sparsely. The bottom of the shard format
 * (see `document.ts`); errors name the corrupt path.
 */
import { RivalsimError } from '../../errors.js';

/** A Float64Array in JSON: numbers, and strings for the values JSON cannot hold. */
export type Float64JSON = Array<number | 'Infinity' | '-Infinity' | 'NaN' | '-0'>;

/** A Uint32Array in JSON, sparsely: its length and the nonzero entries as `[index, count, index, count, …]`. */
export interface SparseCountsJSON {
  length: number;
  pairs: number[];
}

/**
 * A Float64Array (or any list of doubles) as JSON-ready data that reads
 * back bit for bit: finite numbers as themselves (JSON writes each double
 * as the shortest decimal that parses back to it), `Infinity`, `-Infinity`,
 * `NaN` and `-0` as strings.
 *
 * @example
 * encodeFloat64(Float64Array.of(0.1, -0, Infinity)); // => [0.1, '-0', 'Infinity']
 */
export function encodeFloat64(values: ArrayLike<number>): Float64JSON {
  const out: Float64JSON = new Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    out[i] = x !== 0 && Number.isFinite(x) ? x : x === 0 ? (Object.is(x, -0) ? '-0' : 0) : (String(x) as 'Infinity' | '-Infinity' | 'NaN');
  }
  return out;
}

/**
 * Reads {@link encodeFloat64}'s data back into a Float64Array.
 *
 * @example
 * decodeFloat64([0.1, '-0', 'Infinity']); // => Float64Array [0.1, -0, Infinity]
 */
export function decodeFloat64(values: unknown, path = 'values'): Float64Array {
  if (!Array.isArray(values)) throw corrupt(path, values, 'an array of numbers');
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = decodeNumber(values[i], path, i);
  return out;
}

/**
 * A Uint32Array of counts, sparsely: its length and `[index, count, …]` for
 * the nonzero entries.
 *
 * @example
 * encodeCounts(Uint32Array.of(0, 0, 5, 0, 1)); // => { length: 5, pairs: [2, 5, 4, 1] }
 */
export function encodeCounts(counts: Uint32Array): SparseCountsJSON {
  const pairs: number[] = [];
  for (let i = 0; i < counts.length; i++) if (counts[i] !== 0) pairs.push(i, counts[i]);
  return { length: counts.length, pairs };
}

/**
 * Reads {@link encodeCounts}'s data back into a Uint32Array.
 *
 * @example
 * decodeCounts({ length: 5, pairs: [2, 5, 4, 1] }); // => Uint32Array [0, 0, 5, 0, 1]
 */
export function decodeCounts(data: unknown, path = 'counts', length?: number): Uint32Array {
  const d = data as SparseCountsJSON;
  if (typeof d !== 'object' || d === null || !Number.isSafeInteger(d.length) || d.length < 0 || !Array.isArray(d.pairs) || d.pairs.length % 2 !== 0) {
    throw corrupt(path, data, '{ length, pairs: [index, count, …] }');
  }
  // The length is checked before anything is allocated for it: a file claims it, the layout decides it.
  if (length !== undefined && d.length !== length) throw corrupt(`${path}.length`, d.length, `${length}, the length its layout implies`);
  if (d.length > MAX_COUNTS) throw corrupt(`${path}.length`, d.length, `at most ${MAX_COUNTS} counts`);
  const out = new Uint32Array(d.length);
  let previous = -1;
  for (let k = 0; k < d.pairs.length; k += 2) {
    const i = d.pairs[k], c = d.pairs[k + 1];
    if (!Number.isInteger(i) || i <= previous || i >= d.length || !Number.isInteger(c) || c < 1 || c > 0xffffffff) {
      throw corrupt(`${path}.pairs[${k}]`, [i, c], `an index in ${previous + 1}…${d.length - 1} (increasing) and a count in 1…${0xffffffff}`);
    }
    out[i] = c;
    previous = i;
  }
  return out;
}

/** The most counts one sparse array may hold (a Uint32Array of 1 GiB). */
const MAX_COUNTS = 2 ** 28;

export function corrupt(path: string, received: unknown, expected: string): RivalsimError {
  return new RivalsimError('Corrupt shard file', path, received, expected);
}

export function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Checks a decoded array's length. */
export function sized<T extends { length: number }>(value: T, length: number, path: string): T {
  if (value.length !== length) throw corrupt(path, `${value.length} values`, `${length} values`);
  return value;
}

/**
 * Checks that every value of `values` is a count: an integer in 0…`max`
 * (with `max` the runs summarised, say).
 *
 * @example
 * checkCounts(Float64Array.of(0, 3, 1), 4, 'ranks'); // ok
 * checkCounts(Float64Array.of(0.5), 4, 'ranks'); // throws: Corrupt shard file … → at ranks[0]
 */
export function checkCounts(values: ArrayLike<number>, max: number, path: string): void {
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (!(Number.isInteger(x) && x >= 0 && x <= max)) throw corrupt(`${path}[${i}]`, x, `a count: an integer in 0…${max}`);
  }
}

/**
 * Checks that every value of `values` is an exact limb: an integer below
 * 2^53 in magnitude (sums are kept as integer limbs, see `ExactSums`).
 */
export function checkLimbs(values: ArrayLike<number>, path: string): void {
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (!Number.isSafeInteger(x)) throw corrupt(`${path}[${i}]`, x, 'an exact limb: an integer below 2^53 in magnitude');
  }
}

/** One value of {@link encodeFloat64}'s data. */
export function decodeNumber(x: unknown, path: string, i: number): number {
  if (typeof x === 'number') return x;
  if (x === 'Infinity') return Infinity;
  if (x === '-Infinity') return -Infinity;
  if (x === 'NaN') return NaN;
  if (x === '-0') return -0;
  throw corrupt(`${path}[${i}]`, x, 'a number (or "Infinity", "-Infinity", "NaN", "-0")');
}
