/**
 * The building blocks of the scenario-document schema (valibot): strict
 * objects whose errors list the allowed keys, the changes that overrides
 * may make to an object, and the values documents hold — numbers,
 * distributions, expressions, months, ids and ramps.
 */
import * as v from 'valibot';
import { DISTRIBUTION_NAMES } from '../../random/distributions.js';
import { MONTH_RE } from '../../model/time.js';
import { isObject } from './merge.js';

/** A valibot schema. */
export type Schema = v.GenericSchema;
/** The entries of an object schema, by key. */
export type Entries = Record<string, Schema>;

/** Whether `x` is a policy object (with `decide()`), which documents written in TypeScript may hold. */
export function isPolicyObject(x: unknown): boolean {
  return isObject(x) && typeof x.decide === 'function';
}

/**
 * A strict object: unknown keys are errors listing the allowed ones.
 *
 * @example
 * v.safeParse(obj({ a: num() }, 'a thing'), { b: 1 }).issues?.[0].message; // => 'one of the keys of a thing: a'
 */
export function obj(entries: Entries, what: string): Schema {
  const keys = Object.keys(entries);
  return v.strictObject(entries, (issue) => {
    if (issue.expected === 'never') return `one of the keys of ${what}: ${keys.join(', ')}`;
    if (issue.received === 'undefined' && issue.path?.length) return `a value for ${issue.expected} (required in ${what})`;
    return `${what}: an object with keys ${keys.join(', ')}`;
  });
}

/** Objects that overrides merge into key by key (not values such as distributions or ramps). */
const STRUCTS = new WeakMap<Schema, { entries: Entries; what: string }>();

/**
 * A strict object that overrides merge into key by key (see {@link changesOf}).
 *
 * @example
 * const capacity = struct({ concurrentUsers: NUMERIC }, 'a capacity');
 */
export function struct(entries: Entries, what: string): Schema {
  const s = obj(entries, what);
  STRUCTS.set(s, { entries, what });
  return s;
}

/**
 * The schema of changes to a value of schema `s`: structs and records become partial, values stay.
 *
 * @example
 * changesOf(struct({ p: NUMERIC, q: NUMERIC }, 'Bass coefficients')); // accepts { q: 0.4 }
 */
export function changesOf(s: Schema): Schema {
  const st = STRUCTS.get(s);
  if (st) return partialOf(st.entries, `changes to ${st.what}`);
  const r = s as unknown as { type: string; key: Schema; value: Schema; message: string };
  if (r.type === 'record') return v.record(r.key as v.GenericSchema<string, string>, v.nullable(changesOf(r.value)), r.message);
  return s;
}

/**
 * The object with every key optional and deeply partial, and optional keys nullable (null removes them).
 *
 * @example
 * partialOf({ id: ID, loyalty: opt(NUMERIC) }, 'a participant override'); // accepts { loyalty: null }
 */
export function partialOf(entries: Entries, what: string): Schema {
  return obj(Object.fromEntries(Object.entries(entries).map(([k, s]) => {
    const optional = (s as { type: string }).type === 'optional';
    const inner = changesOf(optional ? (s as unknown as { wrapped: Schema }).wrapped : s);
    return [k, v.optional(optional ? v.nullable(inner) : inner)];
  })), what);
}

/** Schemas of values: a finite number, a string, a boolean, an optional value, strings, an integer in a range. */
export const num = (expected = 'a finite number'): Schema => v.pipe(v.number(expected), v.finite(expected));
export const str = (expected = 'a string'): Schema => v.string(expected);
export const bool = (): Schema => v.boolean('true or false');
export const opt = (s: Schema): Schema => v.optional(s);
export const strings = (expected = 'an array of strings') => v.array(v.string(expected), expected);
export const integerIn = (min: number, max: number, expected: string): Schema =>
  v.pipe(v.number(expected), v.integer(expected), v.minValue(min, expected), v.maxValue(max, expected));

const DIST_KEYS: Record<string, Entries> = {
  fixed: { value: num() },
  uniform: { min: num(), max: num() },
  normal: { mean: num(), sd: num(), min: opt(num()), max: opt(num()) },
  lognormal: { mu: num(), sigma: num() },
  triangular: { min: num(), mode: num(), max: num() },
  pert: { min: num(), mode: num(), max: num(), lambda: opt(num()) },
  beta: { alpha: num(), beta: num(), min: opt(num()), max: opt(num()) },
  bernoulli: { p: num() },
  discrete: {
    values: v.pipe(v.array(num(), 'a non-empty array of numbers'), v.minLength(1, 'a non-empty array of numbers')),
    weights: opt(v.array(num(), 'an array of weights')),
  },
};
/** A distribution `{ dist, … }`. */
export const DISTRIBUTION: Schema = v.variant('dist',
  DISTRIBUTION_NAMES.map((d) => obj({ dist: v.literal(d), ...DIST_KEYS[d] }, `a ${d} distribution`)) as unknown as v.VariantOptions<'dist'>,
  `one of the distributions ${DISTRIBUTION_NAMES.join(', ')}`);

const NUMERIC_EXPECTED = "a number, a distribution such as { \"dist\": \"uniform\", \"min\": 0, \"max\": 1 }, or an expression such as \"0.6 * quality\"";
const EXPRESSION_OBJECT = obj({ expr: str('an expression string') }, 'an expression object');
const EXPRESSION_STRING: Schema = v.pipe(v.string(), v.minLength(1, 'a non-empty expression or month'));

/** A number, a distribution, an expression (string or `{ expr }`) — or, for months, `'YYYY-MM'`. */
export const NUMERIC: Schema = v.lazy((x) => {
  if (typeof x === 'number') return num();
  if (typeof x === 'string') return EXPRESSION_STRING;
  if (isObject(x) && 'dist' in x) return DISTRIBUTION;
  if (isObject(x) && 'expr' in x) return EXPRESSION_OBJECT;
  return v.custom(() => false, NUMERIC_EXPECTED);
});
/** A month: a number of steps, a distribution, an expression, or `'YYYY-MM'`. */
export const MONTH = NUMERIC;
/** Parameters: numbers or distributions only. */
export const SAMPLEABLE: Schema = v.lazy((x) => {
  if (typeof x === 'number') return num();
  if (isObject(x) && 'dist' in x) return DISTRIBUTION;
  return v.custom(() => false, 'a number or a distribution (parameters cannot be expressions)');
});
/** A start month `'YYYY-MM'`. */
export const START: Schema = v.pipe(v.string("a month 'YYYY-MM'"), v.regex(MONTH_RE, "a month 'YYYY-MM'"));
/** A non-empty id (compilation checks its characters: `ID_RE`). */
export const ID: Schema = v.pipe(v.string('an id string'), v.minLength(1, 'a non-empty id'));
/** A scenario id: kebab-case. */
export const KEBAB: Schema = v.pipe(v.string('a kebab-case id'), v.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "a kebab-case id such as 'slow-approval'"));

/** An adoption ramp (`bass`, `linear`, `immediate`). */
export const RAMP: Schema = v.variant('kind', <v.VariantOptions<'kind'>><unknown>[
  obj({ kind: v.literal('bass'), p: NUMERIC, q: NUMERIC }, 'a Bass ramp'),
  obj({ kind: v.literal('linear'), months: NUMERIC }, 'a linear ramp'),
  obj({ kind: v.literal('immediate') }, 'an immediate ramp'),
], "one of the ramps 'bass' { p, q }, 'linear' { months }, 'immediate'");
