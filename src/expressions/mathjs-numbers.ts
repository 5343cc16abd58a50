/**
 * mathjs 15.2.0's arithmetic on plain numbers with its default config
 * (`relTol` 1e-12, `absTol` 1e-15, `predictable: false`), function by
 * function, for the native closures of native.ts: each helper names the
 * mathjs file (under `node_modules/mathjs/lib/esm/`) it follows. Where
 * mathjs would leave plain numbers (a Complex result, an invalid number of
 * decimals) a helper throws {@link FALLBACK}: the caller then evaluates the
 * whole expression with mathjs.
 */

/**
 * Thrown by a native evaluator where mathjs would not give a plain number
 * (or would throw): evaluate the expression with mathjs instead.
 *
 * @example
 * try { v = evaluator(scope); } catch (e) { if (e !== FALLBACK) throw e; v = viaMathjs(scope); }
 */
export const FALLBACK: { readonly fallback: true } = Object.freeze({ fallback: true });

// core/config.js DEFAULT_CONFIG.
const REL_TOL = 1e-12;
const ABS_TOL = 1e-15;
// function/arithmetic/round.js toExponent(config.relTol) = |splitNumber(1e-12).exponent|.
const EPSILON_EXPONENT = 12;

/** utils/number.js isInteger (on numbers). */
function isInteger(value: number): boolean {
  return Number.isFinite(value) ? value === Math.round(value) : false;
}

/**
 * utils/number.js nearlyEqual with the default tolerances: what mathjs's
 * comparisons and floor/ceil/round use.
 *
 * @example
 * nearlyEqual(0.1 + 0.2, 0.3); // => true
 */
export function nearlyEqual(a: number, b: number): boolean {
  if (a !== a || b !== b) return false;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return a === b;
  if (a === b) return true;
  return Math.abs(a - b) <= Math.max(REL_TOL * Math.max(Math.abs(a), Math.abs(b)), ABS_TOL);
}

interface SplitValue { sign: string; coefficients: number[]; exponent: number }

/** utils/number.js splitNumber. */
function splitNumber(value: number): SplitValue {
  const match = String(value).toLowerCase().match(/^(-?)(\d+\.?\d*)(e([+-]?\d+))?$/);
  if (!match) throw FALLBACK; // mathjs throws a SyntaxError (not reached for finite numbers)
  const sign = match[1];
  const digits = match[2];
  let exponent = parseFloat(match[4] || '0');
  const dot = digits.indexOf('.');
  exponent += dot !== -1 ? dot - 1 : digits.length - 1;
  const coefficients = digits.replace('.', '')
    .replace(/^0*/, (zeros) => {
      exponent -= zeros.length;
      return '';
    })
    .replace(/0*$/, '')
    .split('').map((d) => parseInt(d));
  if (coefficients.length === 0) {
    coefficients.push(0);
    exponent++;
  }
  return { sign, coefficients, exponent };
}

/** utils/number.js roundDigits. */
function roundDigits(split: SplitValue, precision: number): SplitValue {
  const rounded = { sign: split.sign, coefficients: split.coefficients, exponent: split.exponent };
  const c = rounded.coefficients;
  while (precision <= 0) {
    c.unshift(0);
    rounded.exponent++;
    precision++;
  }
  if (c.length > precision) {
    const removed = c.splice(precision, c.length - precision);
    if (removed[0] >= 5) {
      let i = precision - 1;
      c[i]++;
      while (c[i] === 10) {
        c.pop();
        if (i === 0) {
          c.unshift(0);
          rounded.exponent++;
          i++;
        }
        i--;
        c[i]++;
      }
    }
  }
  return rounded;
}

function zeros(length: number): number[] {
  const arr: number[] = [];
  for (let i = 0; i < length; i++) arr.push(0);
  return arr;
}

/** utils/number.js toFixed (precision given). */
function toFixed(value: number, precision: number): string {
  if (isNaN(value) || !Number.isFinite(value)) return String(value);
  const splitValue = splitNumber(value);
  const rounded = roundDigits(splitValue, splitValue.exponent + 1 + precision);
  let c: Array<number | string> = rounded.coefficients;
  let p = rounded.exponent + 1;
  const pp = p + (precision || 0);
  if (c.length < pp) c = c.concat(zeros(pp - c.length));
  if (p < 0) {
    c = (zeros(-p + 1) as Array<number | string>).concat(c);
    p = 1;
  }
  if (p < c.length) c.splice(p, 0, p === 0 ? '0.' : '.');
  return rounded.sign + c.join('');
}

/** plain/number/arithmetic.js roundNumber: `decimals` is an integer in 0…15 (checked by callers). */
function roundNumber(value: number, decimals: number): number {
  return parseFloat(toFixed(value, decimals));
}

const POW10 = [1, 10, 100, 1000, 10000, 100000];

/**
 * round.js's result for n = 0…5 decimals without strings, when it is
 * certain; NaN otherwise (then the port above decides). With y = |x|·10^n
 * below 1e6 and its fraction g not within 1e-6 of 1/2, the string rounding
 * of round.js gives K = floor(y) (g < 1/2) or floor(y) + 1: the value it
 * rounds (x, or x snapped to 12 decimals) is within 10^5·5e-13 + a few ulps
 * (≪ 1e-6) of x·10^n, so its decimal digits at n decimals are those of K
 * and the next digit is below 5 (g < 1/2, or just below an integer: 9s
 * carry up to K) or at least 5. parseFloat of that decimal string is the
 * double nearest K/10^n, which is what K / 10^n gives (both exact,
 * correctly rounded division); a negative x keeps its sign, even for 0
 * (`round(-0.4)` is -0); -0 itself gives 0, and so does a negative x above
 * -1e-15 (it snaps to -0, whose string is "0"): tiny x are left to the port.
 */
function roundAwayFromHalf(x: number, n: number): number {
  const s = POW10[n];
  const ax = Math.abs(x);
  // Below 1e-12 (not 0), x may snap to -0, which rounds to 0: the port decides.
  if (ax < 1e-12 && ax !== 0) return NaN;
  const y = ax * s;
  if (!(y < 1e6)) return NaN;
  const fl = Math.floor(y), g = y - fl;
  if (g > 0.5 - 1e-6 && g < 0.5 + 1e-6) return NaN;
  const r = (g < 0.5 ? fl : fl + 1) / s;
  return x < 0 ? -r : r;
}

/**
 * function/arithmetic/round.js, signature `number`: rounds x after
 * snapping it to 12 decimals when nearly equal (so 2.4999999999999996
 * rounds to 3); halves away from zero; `round(-0)` is 0.
 *
 * @example
 * round1(-2.5); // => -3
 */
export function round1(x: number): number {
  const fast = roundAwayFromHalf(x, 0);
  if (fast === fast) return fast;
  const xEpsilon = roundNumber(x, EPSILON_EXPONENT);
  const xSelected = nearlyEqual(x, xEpsilon) ? xEpsilon : x;
  return roundNumber(xSelected, 0);
}

/**
 * function/arithmetic/round.js, signature `number, number`; n outside the
 * integers 0…15 throws {@link FALLBACK} (mathjs throws an Error).
 *
 * @example
 * round2(1.005, 2); // => 1.01
 */
export function round2(x: number, n: number): number {
  if (!isInteger(n) || n < 0 || n > 15) throw FALLBACK;
  if (n >= EPSILON_EXPONENT) return roundNumber(x, n);
  if (n <= 5) {
    const fast = roundAwayFromHalf(x, n);
    if (fast === fast) return fast;
  }
  const xEpsilon = roundNumber(x, EPSILON_EXPONENT);
  const xSelected = nearlyEqual(x, xEpsilon) ? xEpsilon : x;
  return roundNumber(xSelected, n);
}

/**
 * What mathjs's floor and ceil share: `y`, the floor or the ceiling of x,
 * unless x is nearly equal to the nearest integer and not to y (then that
 * integer).
 */
function snapTo(x: number, y: number): number {
  // Fast: an integer (round1 gives it back, -0 === 0), or clearly between two integers
  // (|x| < 1e6: nearlyEqual's tolerance is below 1e-6, so x is not nearly equal to either).
  const g = Math.abs(x - y);
  if (g === 0 || (g >= 1e-5 && g <= 1 - 1e-5 && x < 1e6 && x > -1e6)) return y;
  const r = round1(x);
  if (y === r) return y;
  if (nearlyEqual(x, r) && !nearlyEqual(x, y)) return r;
  return y;
}

/**
 * function/arithmetic/floor.js `_floorNumber`: Math.floor, unless x is
 * nearly equal to the next integer and not to the floor.
 *
 * @example
 * floor1(2.9999999999999996); // => 3
 */
export function floor1(x: number): number {
  return snapTo(x, Math.floor(x));
}

/**
 * function/arithmetic/ceil.js `_ceilNumber`.
 *
 * @example
 * ceil1(1.0000000000000002); // => 1
 */
export function ceil1(x: number): number {
  return snapTo(x, Math.ceil(x));
}

/** floor.js and ceil.js, signature `number, number`: `f` of x shifted by n decimals, shifted back. */
function toDecimals(f: (x: number) => number, x: number, n: number): number {
  if (!isInteger(n) || n < 0 || n > 15) throw FALLBACK;
  const shift = 10 ** n;
  return f(x * shift) / shift;
}

export const floor2 = (x: number, n: number) => toDecimals(floor1, x, n);
export const ceil2 = (x: number, n: number) => toDecimals(ceil1, x, n);

/**
 * function/arithmetic/mod.js `_modNumber`: the sign of the divisor,
 * `mod(x, 0)` is x, with mathjs's floor.
 *
 * @example
 * mod(-1, 3); // => 2
 */
export function mod(x: number, y: number): number {
  return y === 0 ? x : x - y * floor1(x / y);
}

/**
 * function/arithmetic/pow.js `_pow` (not predictable) and
 * plain/number/arithmetic.js powNumber; a Complex result throws {@link FALLBACK}.
 *
 * @example
 * pow(0.5, Infinity); // => 0
 */
export function pow(x: number, y: number): number {
  if (isInteger(y) || x >= 0) {
    if ((x * x < 1 && y === Infinity) || (x * x > 1 && y === -Infinity)) return 0;
    return Math.pow(x, y);
  }
  if ((x * x < 1 && y === Infinity) || (x * x > 1 && y === -Infinity)) return 0;
  throw FALLBACK;
}

/** function/arithmetic/sqrt.js `_sqrtNumber`. */
export function sqrt(x: number): number {
  if (x !== x) return NaN;
  if (x >= 0) return Math.sqrt(x);
  throw FALLBACK;
}

/** function/arithmetic/log.js, signature `number`. */
export function log(x: number): number {
  if (x >= 0) return Math.log(x);
  throw FALLBACK;
}

/** function/arithmetic/log10.js, signature `number` (utils/number.js log10 is Math.log10). */
export function log10(x: number): number {
  if (x >= 0) return Math.log10(x);
  throw FALLBACK;
}

/** function/arithmetic/log2.js, signature `number` (utils/number.js log2 is Math.log2). */
export function log2(x: number): number {
  if (x >= 0) return Math.log2(x);
  throw FALLBACK;
}
