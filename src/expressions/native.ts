/**
 * Native evaluation of checked expressions: the mathjs syntax tree (after
 * the whitelist of expression.ts) becomes a tree of JavaScript closures, no
 * `new Function` or `eval` (so it runs under a strict Content-Security-Policy).
 *
 * The closures reproduce mathjs 15.2.0 on plain numbers with its default
 * config (`relTol` 1e-12, `absTol` 1e-15, `predictable: false`), operation
 * by operation (the arithmetic helpers are in mathjs-numbers.ts, each
 * naming the mathjs file it follows). Booleans (from comparisons,
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

import {
  ceil1, ceil2, FALLBACK, floor1, floor2, log, log10, log2, mod, nearlyEqual, pow, round1, round2, sqrt,
} from './mathjs-numbers.js';

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

export { FALLBACK, nearlyEqual, round1, round2, floor1, ceil1, mod, pow };

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
