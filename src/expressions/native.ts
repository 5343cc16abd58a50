/**
 * Native evaluation of checked expressions: the mathjs syntax tree (after
 * the whitelist of expression.ts) becomes a tree of JavaScript closures, no
 * `new Function` or `eval` (so it runs under a strict Content-Security-Policy).
 *
 * The closures reproduce mathjs 15.2.0 on plain numbers with its default
 * config (`relTol` 1e-12, `absTol` 1e-15, `predictable: false`), operation
 * by operation; each helper below names the mathjs file (under
 * `node_modules/mathjs/lib/esm/`) it follows. Booleans (from comparisons,
 * `and`, `or`, `not`) are carried as 1 and 0: every whitelisted mathjs
 * function converts a boolean argument to that number (or has a boolean
 * signature that agrees with it), and the caller maps a final true/false
 * to 1/0 anyway.
 *
 * Where mathjs would leave plain numbers — a Complex from `sqrt`, `log`,
 * `log2`, `log10` of a negative number or NaN, or from `^`/`pow` of a
 * negative number to a non-integer power; an invalid number of decimals in
 * `round`/`floor`/`ceil`; a symbol without a number in the scope — the
 * closures throw {@link FALLBACK} and the caller evaluates the whole
 * expression with mathjs instead, so such cases (rare: they end in an error
 * or a Complex nearly always) keep mathjs's exact result or error.
 */

/** The parts of a (checked) mathjs node the native compiler reads. */
export interface ExpressionNode {
  type: string;
  name?: string;
  op?: string;
  fn?: ExpressionNode | string;
  value?: unknown;
  args?: ExpressionNode[];
  content?: ExpressionNode;
  condition?: ExpressionNode;
  trueExpr?: ExpressionNode;
  falseExpr?: ExpressionNode;
}

/**
 * A compiled closure: the value of an expression (or of one of its nodes)
 * for an input, a scope object or an array of values.
 *
 * @example
 * const f: Evaluator<Float64Array> = (values) => values[0] + 1;
 */
export type Evaluator<I> = (input: I) => number;

/**
 * Thrown by a native evaluator where mathjs would not give a plain number
 * (or would throw): evaluate the expression with mathjs instead.
 *
 * @example
 * try { v = evaluator(scope); } catch (e) { if (e !== FALLBACK) throw e; v = viaMathjs(scope); }
 */
export const FALLBACK: { readonly fallback: true } = Object.freeze({ fallback: true });

/** A native evaluator and the names whose presence in a scope changes mathjs's answer. */
export interface NativeProgram<I> {
  evaluate: Evaluator<I>;
  /**
   * Scope keys that make mathjs read something else or throw: `end` (a
   * reserved keyword, node/Node.js `_validateScope`), the constants used
   * (`pi`, `e`: a scope value wins, node/SymbolNode.js) and the functions
   * called (a scope value wins, node/FunctionNode.js).
   */
  hazards: string[];
}

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

const floor2 = (x: number, n: number) => toDecimals(floor1, x, n);
const ceil2 = (x: number, n: number) => toDecimals(ceil1, x, n);

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
function sqrt(x: number): number {
  if (x !== x) return NaN;
  if (x >= 0) return Math.sqrt(x);
  throw FALLBACK;
}

/** function/arithmetic/log.js, signature `number`. */
function log(x: number): number {
  if (x >= 0) return Math.log(x);
  throw FALLBACK;
}

/** function/arithmetic/log10.js, signature `number` (utils/number.js log10 is Math.log10). */
function log10(x: number): number {
  if (x >= 0) return Math.log10(x);
  throw FALLBACK;
}

/** function/arithmetic/log2.js, signature `number` (utils/number.js log2 is Math.log2). */
function log2(x: number): number {
  if (x >= 0) return Math.log2(x);
  throw FALLBACK;
}

type Compiled<I> = Evaluator<I> | undefined;

/** Unary functions of the whitelist, on numbers. */
const UNARY: Record<string, (x: number) => number> = {
  abs: Math.abs, // function/arithmetic/abs.js → plain absNumber
  exp: Math.exp, // function/arithmetic/exp.js → plain expNumber
  sign: Math.sign, // function/arithmetic/sign.js → utils/number.js sign
  sqrt, log, log10, log2,
  round: round1, floor: floor1, ceil: ceil1,
};
/** Binary functions of the whitelist, on numbers. */
const BINARY: Record<string, (x: number, y: number) => number> = {
  pow, mod, round: round2, floor: floor2, ceil: ceil2,
  log: (x, base) => log(x) / log(base), // function/arithmetic/log.js 'any, any': divideScalar(log(x), log(base))
};

/**
 * Compiles a checked mathjs expression tree into closures over inputs of
 * type `I`; `symbol(name)` gives the closure reading a name (it may throw
 * {@link FALLBACK} when the input has no number for it). Undefined when
 * the tree holds something this compiler does not reproduce (an operator
 * or function outside the whitelist, a wrong number of arguments): mathjs
 * must evaluate that expression.
 *
 * @example
 * const node = math.parse('x > 0 ? y / x : 0');
 * const program = compileNative(node, (name) => (scope: Record<string, number>) => scope[name]);
 * program?.evaluate({ x: 2, y: 1 }); // => 0.5
 */
export function compileNative<I>(node: ExpressionNode, symbol: (name: string) => Evaluator<I>): NativeProgram<I> | undefined {
  const hazards = new Set<string>(['end']);
  const evaluate = compileNode(node, symbol, hazards);
  return evaluate ? { evaluate, hazards: [...hazards] } : undefined;
}

function compileNode<I>(node: ExpressionNode, symbol: (name: string) => Evaluator<I>, hazards: Set<string>): Compiled<I> {
  const sub = (n: ExpressionNode | undefined): Compiled<I> => (n ? compileNode(n, symbol, hazards) : undefined);
  switch (node.type) {
    case 'ConstantNode': {
      const v = node.value;
      if (typeof v !== 'number') return undefined;
      return () => v;
    }
    case 'SymbolNode': {
      const name = node.name!;
      // node/SymbolNode.js: a scope value wins over mathjs's constant.
      if (name === 'pi' || name === 'e') {
        hazards.add(name);
        const v = name === 'pi' ? Math.PI : Math.E; // constants.js (config.number 'number')
        return () => v;
      }
      return symbol(name);
    }
    case 'ParenthesisNode':
      return sub(node.content);
    case 'ConditionalNode': {
      // node/ConditionalNode.js testCondition: a number is true when `!!x`.
      const c = sub(node.condition), t = sub(node.trueExpr), f = sub(node.falseExpr);
      if (!c || !t || !f) return undefined;
      return (i) => (c(i) ? t(i) : f(i));
    }
    case 'OperatorNode':
      return compileOperator(node, sub);
    case 'FunctionNode':
      return compileFunction(node, sub, hazards);
    default:
      return undefined;
  }
}

function compileOperator<I>(node: ExpressionNode, sub: (n: ExpressionNode | undefined) => Compiled<I>): Compiled<I> {
  const args = (node.args ?? []).map(sub);
  if (args.some((a) => a === undefined)) return undefined;
  const fn = node.fn;
  if (args.length === 1) {
    const a = args[0]!;
    switch (fn) {
      case 'unaryMinus': return (i) => -a(i); // plain unaryMinusNumber
      case 'unaryPlus': return a; // plain unaryPlusNumber (a boolean becomes 1 or 0: already so here)
      case 'not': return (i) => (a(i) ? 0 : 1); // plain/number/logical.js notNumber
      default: return undefined;
    }
  }
  if (args.length !== 2) return undefined;
  const a = args[0]!, b = args[1]!;
  switch (fn) {
    // function/arithmetic/{addScalar,subtractScalar,multiplyScalar,divideScalar}.js on numbers.
    case 'add': return (i) => a(i) + b(i);
    case 'subtract': return (i) => a(i) - b(i);
    case 'multiply': return (i) => a(i) * b(i); // also implicit multiplication, `2 pi`
    case 'divide': return (i) => a(i) / b(i); // also the percentage `50%`
    case 'pow': return (i) => pow(a(i), b(i));
    case 'mod': return (i) => mod(a(i), b(i));
    // function/relational/*.js, signature 'number, number'.
    case 'smaller': return (i) => { const x = a(i), y = b(i); return x < y && !nearlyEqual(x, y) ? 1 : 0; };
    case 'smallerEq': return (i) => { const x = a(i), y = b(i); return x <= y || nearlyEqual(x, y) ? 1 : 0; };
    case 'larger': return (i) => { const x = a(i), y = b(i); return x > y && !nearlyEqual(x, y) ? 1 : 0; };
    case 'largerEq': return (i) => { const x = a(i), y = b(i); return x >= y || nearlyEqual(x, y) ? 1 : 0; };
    case 'equal': return (i) => (nearlyEqual(a(i), b(i)) ? 1 : 0);
    case 'unequal': return (i) => (nearlyEqual(a(i), b(i)) ? 0 : 1);
    // expression/transform/{and,or}.transform.js: the right operand is evaluated only when needed.
    case 'and': return (i) => (a(i) ? (b(i) ? 1 : 0) : 0);
    case 'or': return (i) => (a(i) ? 1 : b(i) ? 1 : 0);
    default: return undefined;
  }
}

function compileFunction<I>(node: ExpressionNode, sub: (n: ExpressionNode | undefined) => Compiled<I>, hazards: Set<string>): Compiled<I> {
  const callee = node.fn;
  if (typeof callee !== 'object' || callee.type !== 'SymbolNode' || !callee.name) return undefined;
  const name = callee.name;
  const args = (node.args ?? []).map(sub);
  if (args.some((a) => a === undefined)) return undefined;
  hazards.add(name);
  if (name === 'min' || name === 'max') {
    // function/statistics/{min,max}.js `_min`/`_max` over the arguments
    // (expression/transform/{min,max}.transform.js leaves scalars alone):
    // a NaN wins, else the first argument not beaten by a later one
    // (smaller/larger with nearlyEqual).
    if (args.length === 0) return undefined;
    const fs = args as Evaluator<I>[];
    const isMin = name === 'min';
    if (fs.length === 2) {
      const [a, b] = fs;
      return isMin
        ? (i) => { const x = a(i), y = b(i); return x !== x ? x : y !== y ? y : y < x && !nearlyEqual(y, x) ? y : x; }
        : (i) => { const x = a(i), y = b(i); return x !== x ? x : y !== y ? y : y > x && !nearlyEqual(y, x) ? y : x; };
    }
    return (i) => {
      let m = fs[0](i);
      for (let k = 1; k < fs.length; k++) {
        const v = fs[k](i);
        if (v !== v) m = v;
        else if (isMin ? v < m && !nearlyEqual(v, m) : v > m && !nearlyEqual(v, m)) m = v;
      }
      return m;
    };
  }
  if (args.length === 1 && Object.hasOwn(UNARY, name)) {
    const f = UNARY[name], a = args[0]!;
    return (i) => f(a(i));
  }
  if (args.length === 2 && Object.hasOwn(BINARY, name)) {
    const f = BINARY[name], a = args[0]!, b = args[1]!;
    return (i) => f(a(i), b(i));
  }
  return undefined;
}
