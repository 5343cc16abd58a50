/**
 * Native expression evaluation (src/expressions/native.ts) against mathjs,
 * the reference: random expressions over the whole whitelist and random
 * scopes give the same number bit for bit, or the same error; hand-written
 * cases pin each tricky mathjs semantic; simulations give the same CSV.
 */
import fc from 'fast-check';
import { ceil as mathCeil, floor as mathFloor, mod as mathMod, parse, round as mathRound } from 'mathjs';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { bindExpression, compileExpression, loadExpressions, type CompiledExpression } from '../../src/expressions/expression.js';
import { FALLBACK, ceil1, compileNative, floor1, mod, round1, round2, type ExpressionNode } from '../../src/expressions/native.js';
import { RivalsimError, scenarios, simulate, type ScenarioSpec } from '../../src/index.js';

/**
 * Whole simulations compare native closures with mathjs alone: this test's
 * own switch (no module state in the library) turns native compilation off
 * for every expression a simulation compiles.
 */
const evaluation = vi.hoisted(() => ({ native: true, refused: 0 }));
vi.mock('../../src/expressions/native.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/expressions/native.js')>();
  return { ...actual, compileNative: (...args: Parameters<typeof actual.compileNative>) => (evaluation.native ? actual.compileNative(...args) : (evaluation.refused++, undefined)) };
});

beforeAll(async () => {
  await loadExpressions();
});
afterEach(() => { evaluation.native = true; });

const NAMES = ['x', 'y', 'z'];

type Outcome = { value: number } | { error: string };

function outcome(f: () => number): Outcome {
  try {
    return { value: f() };
  } catch (e) {
    return { error: `${(e as Error).constructor.name}: ${(e as Error).message}` };
  }
}

function compile(source: string, native: boolean, names: readonly string[] = NAMES): CompiledExpression | string {
  try {
    return compileExpression(source, names, 'expr', { native });
  } catch (e) {
    return `${(e as Error).constructor.name}: ${(e as Error).message}`;
  }
}

/** Same number (Object.is: -0 and NaN told apart from 0) or same error. */
function expectSame(actual: Outcome, expected: Outcome, what: string): void {
  if ('value' in expected && 'value' in actual) {
    if (!Object.is(actual.value, expected.value)) expect.fail(`${what}: ${actual.value} instead of mathjs's ${expected.value}`);
  } else {
    expect(actual, what).toEqual(expected);
  }
}

/** The native program alone (no fallback), on a scope. */
function nativeOnly(source: string): ((scope: Record<string, number>) => number | typeof FALLBACK) | undefined {
  const program = compileNative<Record<string, number>>(parse(source) as unknown as ExpressionNode, (name) => (scope) => {
    const v = scope[name];
    if (typeof v !== 'number') throw FALLBACK;
    return v;
  });
  if (!program) return undefined;
  return (scope) => {
    try {
      return program.evaluate(scope);
    } catch (e) {
      if (e === FALLBACK) return FALLBACK;
      throw e;
    }
  };
}

/** Compares native (scope and array) and mathjs evaluation of `source` on each scope; counts native answers. */
function differential(source: string, scopes: Array<Record<string, number>>, counts: { native: number; fallback: number }): void {
  const native = compile(source, true), reference = compile(source, false);
  if (typeof reference === 'string' || typeof native === 'string') {
    expect(native).toEqual(reference);
    return;
  }
  const bound = bindExpression(native, NAMES);
  const direct = nativeOnly(source);
  for (const scope of scopes) {
    const what = `${source} with ${JSON.stringify(scope)} (${NAMES.map((n) => String(scope[n])).join(', ')})`;
    const expected = outcome(() => reference.evaluate(scope));
    expectSame(outcome(() => native.evaluate(scope)), expected, what);
    expectSame(outcome(() => bound(Float64Array.from(NAMES, (n) => scope[n]))), expected, `${what}, bound`);
    const v = direct?.(scope);
    if (v === FALLBACK || v === undefined) counts.fallback++;
    else {
      counts.native++;
      // A number the program gives is mathjs's number (booleans as 1/0), finite or not.
      const raw = (parse(source).compile().evaluate({ ...scope }) as unknown);
      expect(Object.is(v, typeof raw === 'boolean' ? Number(raw) : raw), `${what}: native ${v}, mathjs ${String(raw)}`).toBe(true);
    }
  }
}

// ---- generators --------------------------------------------------------------

const LITERALS = ['0', '1', '2', '3', '10', '0.1', '0.2', '0.3', '0.5', '2.5', '1.005', '4.35', '1e-16', '1e-300', '1e300', '1e400', '0.49999999999999994', '1e15', '15'];
const OPERATORS = ['+', '-', '*', '/', '^', '%', 'mod', '<', '<=', '>', '>=', '==', '!=', 'and', 'or'];
const ARITIES: Record<string, number[]> = {
  abs: [1], sqrt: [1], exp: [1], log10: [1], log2: [1], sign: [1], log: [1, 2], pow: [2], mod: [2],
  round: [1, 2], floor: [1, 2], ceil: [1, 2], min: [1, 2, 3], max: [1, 2, 3],
};

const leafArb = fc.oneof(
  fc.constantFrom(...LITERALS),
  fc.constantFrom('x', 'y', 'z', 'pi', 'e'),
  fc.integer({ min: 0, max: 20 }).map(String),
  fc.double({ min: 0, max: 100, noNaN: true }).map(String),
);

const { expr: exprArb } = fc.letrec<{ expr: string; unary: string; binary: string; call: string; cond: string; implicit: string }>((tie) => ({
  expr: fc.oneof({ maxDepth: 4, depthIdentifier: 'expr' }, leafArb, tie('unary'), tie('binary'), tie('binary'), tie('call'), tie('cond'), tie('implicit')),
  unary: fc.tuple(fc.constantFrom('-', '+', 'not '), tie('expr')).map(([op, a]) => `${op}(${a})`),
  binary: fc.tuple(tie('expr'), fc.constantFrom(...OPERATORS), tie('expr')).map(([a, op, b]) => `(${a} ${op} ${b})`),
  call: fc.constantFrom(...Object.keys(ARITIES)).chain((name) => fc.constantFrom(...ARITIES[name]).chain((n) => {
    // round/floor/ceil take a number of decimals: mostly a valid one.
    const second = ['round', 'floor', 'ceil'].includes(name)
      ? fc.oneof(fc.integer({ min: 0, max: 15 }).map(String), fc.constantFrom('-1', '16', '1.5', 'x'), tie('expr'))
      : tie('expr');
    return fc.tuple(tie('expr'), second, tie('expr')).map((args) => `${name}(${args.slice(0, n).join(', ')})`);
  })),
  cond: fc.tuple(tie('expr'), tie('expr'), tie('expr')).map(([c, a, b]) => `(${c} ? ${a} : ${b})`),
  // Implicit multiplication (`2 x`, `2 pi`, `(a)(b)`) and percentages (`(a)%`).
  implicit: fc.oneof(
    fc.tuple(fc.constantFrom('2', '3', '0.5'), fc.constantFrom('x', 'y', 'pi', 'e')).map(([n, s]) => `(${n} ${s})`),
    fc.tuple(tie('expr'), tie('expr')).map(([a, b]) => `((${a})(${b}))`),
    tie('expr').map((a) => `((${a})%)`),
  ),
}));

const TRICKY_VALUES = [
  0, -0, 1, -1, 2, -2, 3, 0.5, -0.5, 0.1 + 0.2, 0.3, 0.1, 0.7, 2.5, -2.5, 1.005, 4.35, 0.49999999999999994, 2.9999999999999996,
  1e-16, -1e-16, 1e-300, 5e-324, 1e15, 1e300, -1e300, 2 ** 53, Infinity, -Infinity, NaN,
];
const valueArb = fc.oneof(
  fc.constantFrom(...TRICKY_VALUES),
  fc.integer({ min: -20, max: 20 }),
  fc.double({ min: -10, max: 10, noNaN: true }),
  fc.double({ noNaN: true }),
);
const scopeArb = fc.record({ x: valueArb, y: valueArb, z: valueArb });

/** Numbers near the edges of rounding: near integers and halves, scaled by powers of ten, a few ulps off. */
const edgeArb = fc.tuple(
  fc.integer({ min: -2000, max: 2000 }), fc.constantFrom(0, 0.5, 1e-13, -1e-13, 0.49999999999999, 1e-12, 5e-12),
  fc.constantFrom(1, 10, 100, 1000, 1e6, 1e12), fc.integer({ min: -3, max: 3 }),
).map(([k, frac, scale, ulps]) => {
  let v = (k + frac) / scale;
  for (let i = 0; i < Math.abs(ulps); i++) v = ulps > 0 ? v + Number.EPSILON * Math.max(1, Math.abs(v)) : v - Number.EPSILON * Math.max(1, Math.abs(v));
  return v;
});

describe('native expressions: differential against mathjs', () => {
  it('random expressions over the whole grammar and random scopes: same number bit for bit, or same error', () => {
    const counts = { native: 0, fallback: 0 };
    fc.assert(fc.property(exprArb, fc.array(scopeArb, { minLength: 3, maxLength: 3 }), (source, scopes) => {
      differential(source, scopes, counts);
    }), { numRuns: 1500, seed: 20251 });
    // Most evaluations are native (the rest: Complex intermediate results and invalid decimals, by mathjs).
    expect(counts.native).toBeGreaterThan(counts.fallback * 2);
  });

  it('rounding, modulo and comparisons near their edges', () => {
    const templates = [
      'round(x)', 'floor(x)', 'ceil(x)', 'round(x, n)', 'floor(x, n)', 'ceil(x, n)', 'x % y', 'mod(x, y)', 'x mod -y',
      'x == y', 'x != y', 'x < y', 'x <= y', 'x > y', 'x >= y', 'min(x, y, x + y)', 'max(y, x, -x)', 'x ^ y', 'pow(y, x)', 'log(x, y)',
    ];
    const counts = { native: 0, fallback: 0 };
    fc.assert(fc.property(
      fc.constantFrom(...templates), edgeArb, fc.oneof(edgeArb, fc.constantFrom(0.1, 0.3, 1, 3, -3, 0.7, 1e-12)), fc.integer({ min: 0, max: 15 }),
      (template, x, y, n) => {
        // y nearly equal to x half of the time.
        differential(template.replace(/\bn\b/g, String(n)), [{ x, y, z: 0 }, { x, y: x * (1 + 1e-13), z: 0 }, { x: x + 0.1 + 0.2, y: x + 0.3, z: 0 }], counts);
      },
    ), { numRuns: 1500, seed: 7 });
    expect(counts.native).toBeGreaterThan(counts.fallback);
  });
});

describe('native expressions: rounding helpers against mathjs', () => {
  /** Values near the edges of the fast paths (fractions near 0, 1/2 and 1; |x| near 1e6 and 1e-12) and anywhere. */
  const roundingArb = fc.oneof(
    fc.tuple(
      fc.oneof(fc.integer({ min: -1000, max: 1000 }), fc.constantFrom(999_999, -999_999, 1_000_000, 99_999, 9_999_999)),
      fc.oneof(fc.constantFrom(0, 1e-5, 1 - 1e-5, 0.5, 0.5 - 1e-6, 0.5 + 1e-6, 1e-6, 1e-12, 1 - 1e-12, 0.25, 0.75), fc.double({ min: 0, max: 1, noNaN: true })),
      fc.constantFrom(1, 10, 100, 1e3, 1e5, 1e12, 1e15), fc.integer({ min: -4, max: 4 }),
    ).map(([k, frac, scale, ulps]) => {
      let v = (k + frac) / scale;
      for (let i = 0; i < Math.abs(ulps); i++) v += Math.sign(ulps) * Number.EPSILON * Math.max(Math.abs(v), 1e-300);
      return v;
    }),
    fc.constantFrom(-1e-15, -1.5e-15, -1e-13, -4.9e-13, -5e-13, -1e-12, -1.1e-12, 1e-13, -5e-324, 5e-324, -0, 0),
    fc.double({ noNaN: true }),
    fc.double({ min: -1e7, max: 1e7, noNaN: true }),
  );
  /** n and a value a few 1e-13 from a half (or an integer) at n decimals, where snapping to 12 decimals matters (|k| log-uniform up to 1e12). */
  const halfArb = fc.tuple(
    fc.integer({ min: 0, max: 15 }), fc.tuple(fc.double({ min: 0, max: 12, noNaN: true }), fc.boolean()).map(([u, neg]) => (neg ? -1 : 1) * Math.round(10 ** u)), fc.constantFrom(0.5, 0),
    fc.constantFrom(0, 1e-16, 1e-15, 1e-14, 4e-14, 1e-13, 4e-13, 1e-12, 1e-10, 1e-8), fc.constantFrom(1, -1),
  ).map(([n, k, half, delta, sign]) => ({ n, x: (k + half) / 10 ** n + sign * delta }));

  it('round(x, n) near halves and integers, on a grid of magnitudes and offsets', () => {
    let checked = 0;
    for (let n = 0; n <= 12; n++) {
      for (let u = 0; u <= 8; u++) {
        for (const k of [10 ** u, 3 * 10 ** u + 7, 10 ** u - 1]) {
          for (const half of [0.5, 0]) {
            for (const delta of [0, 1e-16, 1e-15, 1e-14, 4e-14, 1e-13, 2e-13, 4e-13, 6e-13, 1e-12, 1e-11, 1e-9, 1e-7, 1e-6, 2e-6]) {
              for (const sign of [1, -1]) {
                const x = sign * ((k + half) / 10 ** n - delta);
                if (!Object.is(round2(x, n), mathRound(x, n))) expect.fail(`round(${x}, ${n}): ${round2(x, n)} instead of mathjs's ${mathRound(x, n)}`);
                const y = x * 10 ** n;
                if (!Object.is(round1(y), mathRound(y))) expect.fail(`round(${y}): ${round1(y)} instead of mathjs's ${mathRound(y)}`);
                if (!Object.is(floor1(y), mathFloor(y))) expect.fail(`floor(${y}): ${floor1(y)} instead of mathjs's ${mathFloor(y)}`);
                if (!Object.is(ceil1(y), mathCeil(y))) expect.fail(`ceil(${y}): ${ceil1(y)} instead of mathjs's ${mathCeil(y)}`);
                checked++;
              }
            }
          }
        }
      }
    }
    expect(checked).toBe(13 * 9 * 3 * 2 * 15 * 2);
  });

  it('round, floor, ceil (1 and 2 arguments) and mod give mathjs\'s number bit for bit', () => {
    fc.assert(fc.property(halfArb, ({ n, x }) => {
      if (!Object.is(round2(x, n), mathRound(x, n))) expect.fail(`round(${x}, ${n}): ${round2(x, n)} instead of mathjs's ${mathRound(x, n)}`);
      if (!Object.is(round1(x * 10 ** n), mathRound(x * 10 ** n))) expect.fail(`round(${x * 10 ** n})`);
      if (!Object.is(floor1(x * 10 ** n), mathFloor(x * 10 ** n))) expect.fail(`floor(${x * 10 ** n})`);
      if (!Object.is(ceil1(x * 10 ** n), mathCeil(x * 10 ** n))) expect.fail(`ceil(${x * 10 ** n})`);
    }), { numRuns: 4000, seed: 9 });
    fc.assert(fc.property(roundingArb, fc.integer({ min: 0, max: 15 }), fc.oneof(roundingArb, fc.constantFrom(1, 3, -3, 0.1, 0.3, 0)), (x, n, y) => {
      const same = (a: number, b: unknown, what: string) => {
        if (!Object.is(a, b)) expect.fail(`${what}(${x}${what.endsWith('2') ? `, ${n}` : ''}): ${a} instead of mathjs's ${String(b)}`);
      };
      same(round1(x), mathRound(x), 'round');
      same(floor1(x), mathFloor(x), 'floor');
      same(ceil1(x), mathCeil(x), 'ceil');
      same(round2(x, n), mathRound(x, n), 'round2');
      same(mod(x, y), mathMod(x, y), `mod(${x}, ${y})`);
    }), { numRuns: 6000, seed: 3 });
  });
});

describe('native expressions: mathjs semantics, case by case', () => {
  const cases: Array<[string, Record<string, number>, number | RegExp]> = [
    // Comparisons use relTol 1e-12 / absTol 1e-15.
    ['0.1 + 0.2 == 0.3', {}, 1], ['0.1 + 0.2 > 0.3', {}, 0], ['0.1 + 0.2 <= 0.3', {}, 1], ['x != y', { x: 1, y: 1 + 1e-13 }, 0],
    ['x < y', { x: 1e-16, y: 2e-16 }, 0], ['x < y', { x: 1, y: 1 + 1e-11 }, 1],
    // floor/ceil/round snap nearly-integers; round halves away from zero; round(-0) is 0, round(-0.4) is -0.
    ['floor(2.9999999999999996)', {}, 3], ['ceil(1.0000000000000002)', {}, 1], ['floor(-0.5)', {}, -1], ['ceil(-0.5)', {}, -0],
    ['round(2.5)', {}, 3], ['round(-2.5)', {}, -3], ['round(-0.4)', {}, -0], ['round(x)', { x: -0 }, 0], ['round(0.49999999999999994)', {}, 1], ['round(0.4999999999)', {}, 0],
    ['round(1.005, 2)', {}, 1.01], ['round(4.35, 1)', {}, 4.4], ['round(x, 14)', { x: 1 / 3 }, 0.33333333333333], ['floor(0.1 + 0.2, 1)', {}, 0.3],
    ['ceil(x, 2)', { x: 1.001 }, 1.01],
    // % and mod: the sign of the divisor; x mod 0 is x.
    ['-1 % 3', {}, 2], ['5 % -3', {}, -1], ['5 % 0', {}, 5], ['mod(-7, -3)', {}, -1], ['mod(x, 0)', { x: -0 }, -0], ['0.3 % 0.1', {}, -5.551115123125783e-17], // floor(0.3 / 0.1) snaps to 3
   
    ['x mod y', { x: 7.5, y: 2 }, 1.5],
    // ^ and pow: (-8)^(1/3) is Complex in mathjs (no finite number); integer powers of negatives are real; x^±Infinity.
    ['(-8)^(1/3)', {}, /a finite number \(got 1 \+ 1\.73205\d+i/], ['pow(-2, 3)', {}, -8], ['(-2)^2', {}, 4], ['-2^2', {}, -4],
    ['0.5 ^ 1e400', {}, 0], ['(-0.5) ^ 1e400', {}, 0], ['2 ^ -1e400', {}, 0], ['2^-1', {}, 0.5],
    // sqrt and logs of negatives are Complex; abs of one is a number again; log(x, base) divides natural logs.
    ['sqrt(-1)', {}, /a finite number \(got i with/], ['abs(sqrt(-4))', {}, 2], ['sqrt(-0)', {}, -0], ['log(-1)', {}, /no finite number/],
    ['log(8, 2)', {}, 3], ['log(1000, 10)', {}, 2.9999999999999996], ['log(x, 0)', { x: 0.5 }, 0], ['log(-8, 2)', {}, /no finite number/],
    ['log10(1000)', {}, 3], ['log2(8)', {}, 3], ['log(0)', {}, /a finite number \(got -Infinity/], ['sqrt(-1) > 0', {}, /No ordering relation/],
    ['sqrt(-4) ? 1 : 2', {}, 1],
    // min/max: several arguments, nearly-equal keeps the first, NaN wins.
    ['min(3, 1, 2)', {}, 1], ['max(1, 3, 2)', {}, 3], ['min(0.3, 0.1 + 0.2)', {}, 0.3], ['min(0.1 + 0.2, 0.3)', {}, 0.30000000000000004],
    ['max(x, 1)', { x: NaN }, /a finite number \(got NaN/], ['min(-0, 0)', {}, -0], ['min(0, -0)', {}, 0], ['max(x)', { x: 7 }, 7],
    // Unary minus, booleans in arithmetic and as the result, and/or/not, conditionals.
    ['-x', { x: 0 }, -0], ['-(x > 1)', { x: 0 }, -0], ['+(x > 1)', { x: 2 }, 1], ['(x > 0) + (y > 0)', { x: 1, y: 1 }, 2],
    ['x > 0', { x: 1 }, 1], ['not x', { x: 0 }, 1], ['not x', { x: NaN }, 1], ['x and y', { x: 2, y: NaN }, 0], ['x or y', { x: 0, y: -3 }, 1],
    ['0 and sqrt(-1)', {}, 0], ['1 or sqrt(-1)', {}, 1], ['sqrt(-1) and 1', {}, /Unexpected type of argument in function and/],
    ['x ? 1 : 2', { x: NaN }, 2], ['x ? 1 : 2', { x: -0 }, 2], ['x ? 1 : 2', { x: 0.001 }, 1], ['x ? 1/0 : 2', { x: 0 }, 2],
    ['min(x > 0, 3)', { x: 1 }, 1], ['sign(-0)', {}, -0], ['sign(x - 3)', { x: 1 }, -1], ['abs(-0)', {}, 0], ['exp(1000)', {}, /got Infinity/],
    // Constants, implicit multiplication, percentages.
    ['e', {}, Math.E], ['pi', {}, Math.PI], ['2 pi', {}, 2 * Math.PI], ['2x', { x: 3 }, 6], ['(x)(y)', { x: 3, y: 4 }, 12], ['50%', {}, 0.5],
    ['1/2x', { x: 4 }, 2], ['e^2', {}, Math.E ** 2],
    // Divisions by zero and other non-finite results.
    ['1 / x', { x: 0 }, /a finite number \(got Infinity with \{"x":0\}\)/], ['x / y', { x: 0, y: 0 }, /got NaN/], ['1e400 - 1e400', {}, /got NaN/],
    // Invalid numbers of decimals met only in a run: mathjs's own errors, as RivalsimErrors naming the path.
    ['round(1, x)', { x: 1.5 }, /Number of decimals in function round must be an integer from 0 to 15/], ['round(1, x)', { x: 16 }, /from 0 to 15/],
    ['floor(1, x)', { x: -1 }, /must be in range 0 - 15/],
    // Scopes: a missing name, the keyword `end`, a scope value named like a called function or a constant.
    ['x + 1', {}, /Undefined symbol x/], ['x + 1', { x: 1, end: 2 }, /"end" is a reserved keyword/],
    ['max(x, 1)', { x: 1, max: 3 }, /'max' is not a function/], ['2 pi', { pi: 3 }, 6], ['e', { e: 1 }, 1],
  ];
  for (const [source, scope, expected] of cases) {
    it(`${source} with ${JSON.stringify(scope)}`, () => {
      const native = compile(source, true, ['x', 'y']) as CompiledExpression;
      const reference = compile(source, false, ['x', 'y']) as CompiledExpression;
      const got = outcome(() => native.evaluate(scope));
      expectSame(got, outcome(() => reference.evaluate(scope)), source);
      if (typeof expected === 'number') expect(Object.is('value' in got ? got.value : got.error, expected), `${source}: ${JSON.stringify(got)}`).toBe(true);
      else expect('error' in got ? got.error : got.value).toMatch(expected);
    });
  }

  it('refuses wrong arities and constant numbers of decimals out of range when compiling, natively or not', () => {
    for (const [source, message] of [
      ['round(x, 1.5)', /round\(x, n\) with n an integer in 0…15, not 1\.5/], ['round(x, 16)', /not 16/], ['floor(x, -1)', /not -1/],
      ['abs(1, 2)', /abs\(\) with 1 argument, not 2/], ['min()', /min\(\) with at least 1 argument, not 0/],
    ] as const) {
      for (const native of [true, false]) expect(compile(source, native, ['x'])).toMatch(message);
    }
  });

  it('keeps the error of an expression that gives no finite number', () => {
    const e = compileExpression('x / y', ['x', 'y'], 'events[0].capabilityGain');
    expect(() => e.evaluate({ x: 1, y: 0 })).toThrowError(RivalsimError);
    expect(() => e.evaluate({ x: 1, y: 0 })).toThrowError(
      'Expression gave no finite number: expected a finite number (got Infinity with {"x":1,"y":0}) but received "x / y" → at events[0].capabilityGain');
    const f = bindExpression(e, ['x', 'y']);
    expect(() => f(Float64Array.of(1, 0))).toThrowError('(got Infinity with {"x":1,"y":0})');
    expect(f(Float64Array.of(1, 4))).toBe(0.25);
  });

  it('does not copy or change the scope', () => {
    const scope = { x: 2, y: 3 };
    const frozen = Object.freeze({ ...scope });
    expect(compileExpression('x * y + x', ['x', 'y'], 'p').evaluate(frozen)).toBe(8);
    expect(frozen).toEqual(scope);
  });

  it('leaves names of Object.prototype to mathjs', () => {
    for (const source of ['constructor + 1', 'toString']) {
      const native = compile(source, true, ['constructor', 'toString']) as CompiledExpression;
      const reference = compile(source, false, ['constructor', 'toString']) as CompiledExpression;
      for (const scope of [{}, { constructor: 1, toString: 2 }] as Array<Record<string, number>>) expectSame(outcome(() => native.evaluate(scope)), outcome(() => reference.evaluate(scope)), source);
    }
  });

  it('keeps the validation errors', () => {
    for (const source of ['x = 1', 'import({}, {})', 'sin(x)', '"a"', 'x.y', '[1, 2]', 'x < y < 1', 'q + 1', '2 +', 'x!']) {
      expect(compile(source, true, ['x', 'y'])).toEqual(compile(source, false, ['x', 'y']));
      expect(compile(source, true, ['x', 'y'])).toMatch(/^RivalsimError: (Unsafe expression|Unknown name|Cannot parse)/);
    }
  });
});

describe('native expressions: simulations', () => {
  async function csv(spec: ScenarioSpec, native: boolean, runs: number): Promise<string> {
    evaluation.native = native;
    try {
      return (await simulate(spec, { runs, seed: 11 })).toCSV();
    } finally {
      evaluation.native = true;
    }
  }

  it('bundled scenarios give the same CSV natively and with mathjs', async () => {
    for (const [id, spec] of Object.entries(scenarios)) {
      const short = { ...spec, horizon: 6 };
      expect(await csv(short, true, 4), id).toBe(await csv(short, false, 4));
    }
  });

  it('a scenario with expressions and custom metrics gives the same CSV natively and with mathjs', async () => {
    const base = scenarios['apple-alibaba'];
    const spec: ScenarioSpec = {
      ...base, id: 'native-vs-mathjs', horizon: 12,
      parameters: { q: { dist: 'uniform', min: 0.5, max: 1 }, k: 3 },
      events: [...(base.events ?? []), { type: 'aiLaunch', agent: 'baidu', month: 2, capabilityGain: 'min(0.6 * q, 0.5) * round(q, 2) + (q > 0.75 ? 0.01 : 0)' }],
      metrics: [
        { id: 'lead', market: 'phones', expr: 'share_apple - share_huawei' },
        { id: 'perUser', market: 'assistants', expr: 'ownUsers > 0 ? users / ownUsers : 0' },
        { id: 'rounded', market: 'phones', expr: 'round(share * 100, 1) + floor(step / k) - ceil(share_apple * 10) + mod(step, 4) + step % -3 + round(sales)' },
        { id: 'logs', market: 'phones', expr: 'share > share_apple ? log(share / share_apple, 2) : -sqrt(share_apple) + log10(1 + sales) + log2(1 + installedBase)' },
        { id: 'logic', market: 'phones', expr: 'max(share, share_apple, 0.1) - min(share, 0.05) + (share == share_apple) + not (share < 0.1) + (step >= 6 and share != 0) + (step < 2 or share <= 0.2)' },
        { id: 'powers', market: 'assistants', expr: '2 pi share + e^(-step / 12) + pow(share, 1.5) + abs(share - 0.2) + sign(share - 0.15) + exp(-share) + share^q + q % 0.3' },
      ],
    };
    const native = await csv(spec, true, 12);
    expect(native).toContain('perUser');
    const refused = evaluation.refused;
    expect(native).toBe(await csv(spec, false, 12));
    expect(evaluation.refused, 'expressions compiled for mathjs alone').toBeGreaterThan(refused);
  });
});
