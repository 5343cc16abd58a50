/**
 * Safe arithmetic expressions (mathjs syntax) in scenarios: parsed once,
 * checked against a whitelist of node types, functions and symbols,
 * compiled once, evaluated with numbers only. mathjs is loaded lazily (it
 * takes about half a second to import) by {@link loadExpressions}; it
 * parses and checks, and the checked tree is compiled into native closures
 * with mathjs's number semantics (native.ts), 4 to 30 times faster than
 * mathjs's own evaluation. mathjs still evaluates the rare cases the
 * closures hand back (Complex intermediate results, invalid arguments).
 */
import { RivalsimError } from '../errors.js';
import { FALLBACK, compileNative, type Evaluator, type ExpressionNode, type NativeProgram } from './native.js';

/** The part of mathjs rivalsim uses. */
interface MathNode extends ExpressionNode {
  fn?: MathNode | string;
  traverse(callback: (node: MathNode, path: string, parent: MathNode | null) => void): void;
  compile(): { evaluate(scope?: Map<string, number> | Record<string, number>): unknown };
}
interface MathLike { parse(source: string): MathNode }

let math: MathLike | undefined;

/**
 * Loads mathjs (once). Scenarios with expressions need it before they are
 * compiled; `simulate`, `compare`, `prepareScenario` and the CLI call it.
 *
 * @example
 * await loadExpressions();
 * compileExpression('0.6 * q', ['q'], 'events[0].capabilityGain').evaluate({ q: 0.5 }); // => 0.3
 */
export async function loadExpressions(): Promise<void> {
  if (math) return;
  const mod = (await import('mathjs')) as unknown as MathLike & { default?: MathLike };
  math = typeof mod.parse === 'function' ? mod : mod.default;
}

/** Whether mathjs is loaded. */
export function expressionsLoaded(): boolean {
  return math !== undefined;
}

/**
 * An expression written in a scenario: a string such as `'0.6 * integrationQuality'`,
 * or `{ expr: '…' }`.
 *
 * @example
 * const gain: Expression = '0.6 * integrationQuality';
 */
export type Expression = string | { expr: string };

/** Functions an expression may call. */
export const ALLOWED_FUNCTIONS = ['abs', 'min', 'max', 'sqrt', 'exp', 'log', 'log10', 'log2', 'pow', 'round', 'floor', 'ceil', 'sign', 'mod'] as const;
/** Constants an expression may use. */
export const ALLOWED_CONSTANTS = ['pi', 'e'] as const;
const OPERATORS = new Set(['+', '-', '*', '/', '^', '%', 'mod', '<', '<=', '>', '>=', '==', '!=', 'and', 'or', 'not']);
const NODES = new Set(['ConstantNode', 'SymbolNode', 'OperatorNode', 'ParenthesisNode', 'FunctionNode', 'ConditionalNode']);
const NODE_WORDS: Record<string, string> = {
  AccessorNode: 'property access', AssignmentNode: 'assignment', FunctionAssignmentNode: 'function definition',
  ArrayNode: 'matrices', IndexNode: 'indexing', ObjectNode: 'objects', RangeNode: 'ranges', BlockNode: 'several statements',
  RelationalNode: 'chained comparisons',
};

/** The source text of an expression, or undefined if `value` is not one. */
export function expressionSource(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null && 'expr' in value && typeof (value as { expr: unknown }).expr === 'string' && Object.keys(value).length === 1) {
    return (value as { expr: string }).expr;
  }
  return undefined;
}

/**
 * A compiled expression: evaluate it with numbers for its symbols.
 *
 * @example
 * const e = compileExpression('max(a, b) / 2', ['a', 'b'], 'x');
 * e.symbols; // => ['a', 'b']
 * e.evaluate({ a: 1, b: 3 }); // => 1.5
 */
export interface CompiledExpression {
  readonly kind: 'expression';
  readonly source: string;
  /** Symbols it reads. */
  readonly symbols: string[];
  evaluate(scope: Record<string, number>): number;
}

/** Thrown when an expression is met before mathjs is loaded. */
export class ExpressionsNotLoaded extends RivalsimError {
  constructor(path: string, source: string) {
    super('Expressions need mathjs loaded', path, source, 'a plain number, or expressions prepared first',
      'Call `await prepareScenario(scenario)` (simulate and compare do it for you)');
  }
}

/**
 * Parses and checks an expression once: only numbers, the symbols in
 * `allowed` (and pi, e), arithmetic, comparison and logical operators,
 * parentheses, `a ? b : c`, and the functions in {@link ALLOWED_FUNCTIONS}.
 * Assignment, function definition, property access, indexing, matrices,
 * ranges, objects, strings and every other function (`import`, `evaluate`,
 * `parse`, `createUnit`, …) are rejected with the path.
 *
 * `options.native: false` evaluates with mathjs alone (the reference
 * semantics, several times slower; for tests and comparisons: results are
 * the same) instead of native closures.
 *
 * @example
 * compileExpression('import({}, {})', [], 'x'); // throws: Unsafe expression … → at x
 * compileExpression('x % 3', ['x'], 'x', { native: false }).evaluate({ x: 7 }); // => 1 (evaluated by mathjs)
 */
export function compileExpression(source: string, allowed: readonly string[], path: string, options: { native?: boolean } = {}): CompiledExpression {
  const bare = bareName(source, allowed, path);
  if (bare !== undefined) return bare;
  if (!math) throw new ExpressionsNotLoaded(path, source);
  if (source.length > 1000) throw new RivalsimError('Expression too long', path, source, 'an expression of at most 1000 characters');
  const node = parse(source, path);
  const symbols = checkedSymbols(node, allowed, source, path);
  // Names of Object.prototype (`constructor`, `toString`, …) are never read from a scope by mathjs: leave those to it.
  const program = options.native !== false && !symbols.some((name) => name in Object.prototype)
    ? compileNative<Record<string, number>>(node, scopeSymbol)
    : undefined;
  const expression = evaluated(node, program, symbols, source, path);
  internals.set(expression, { node, program, path, source });
  return expression;
}

/** The mathjs tree of `source`, or a clear error. */
function parse(source: string, path: string): MathNode {
  try {
    return math!.parse(source);
  } catch (e) {
    throw new RivalsimError('Cannot parse expression', path, source, `a mathjs arithmetic expression (${(e as Error).message})`);
  }
}

/**
 * Checks the tree against the whitelist (node types, constants, operators,
 * functions and their calls, names in `allowed`); returns the names it reads.
 */
function checkedSymbols(node: MathNode, allowed: readonly string[], source: string, path: string): string[] {
  const functions: readonly string[] = ALLOWED_FUNCTIONS;
  const symbols = new Set<string>();
  const calls = new Map<string, number>();
  node.traverse((n, _p, parent) => {
    if (!NODES.has(n.type)) {
      throw new RivalsimError('Unsafe expression', path, source, `arithmetic only: ${NODE_WORDS[n.type] ?? n.type} is not allowed`);
    }
    if (n.type === 'ConstantNode' && typeof n.value !== 'number') {
      throw new RivalsimError('Unsafe expression', path, source, 'numbers only (no strings or other constants)');
    }
    if (n.type === 'OperatorNode' && !OPERATORS.has(n.op as string)) {
      throw new RivalsimError('Unsafe expression', path, source, `arithmetic only: operator ${n.op} is not allowed`);
    }
    if (n.type === 'FunctionNode') {
      const fn = n.fn as MathNode;
      if (fn.type !== 'SymbolNode' || !functions.includes(fn.name!)) {
        throw new RivalsimError('Unsafe expression', path, source, `one of the functions ${ALLOWED_FUNCTIONS.join(', ')}`);
      }
      checkCall(fn.name!, (n.args ?? []) as MathNode[], source, path, calls);
    }
    if (n.type === 'SymbolNode') {
      const isCallee = parent?.type === 'FunctionNode' && parent.fn === n;
      if (isCallee) return;
      if ((ALLOWED_CONSTANTS as readonly string[]).includes(n.name!)) return;
      if (!allowed.includes(n.name!)) {
        throw new RivalsimError('Unknown name in expression', path, source, allowed.length ? `names among ${allowed.join(', ')}` : 'numbers only (this scenario declares no parameters)',
          `Declare "${n.name}" in the scenario's parameters`);
      }
      symbols.add(n.name!);
    }
  });
  return [...symbols];
}

/**
 * The compiled expression: `program` (native closures) where it can
 * answer, mathjs where it hands back or cannot be used; a finite number or
 * a clear error.
 */
function evaluated(node: MathNode, program: NativeProgram<Record<string, number>> | undefined, symbols: string[], source: string, path: string): CompiledExpression {
  const code = node.compile();
  const viaMathjs = (scope: Record<string, number>): unknown => {
    try {
      return code.evaluate({ ...scope });
    } catch (e) {
      // Arguments out of a function's domain met only at run time (a computed number of decimals, …).
      throw new RivalsimError('Expression cannot be evaluated', path, source, `arguments mathjs accepts (${(e as Error).message}) with ${scopeText(scope)}`);
    }
  };
  return {
    kind: 'expression', source, symbols,
    evaluate(scope) {
      let v: unknown;
      if (program && typeof scope === 'object' && scope !== null && !hasHazard(scope, program.hazards)) {
        try {
          v = program.evaluate(scope);
        } catch (e) {
          if (e !== FALLBACK) throw e;
          v = viaMathjs(scope);
        }
      } else {
        v = viaMathjs(scope);
      }
      return finiteOrThrow(v, scope, path, source);
    },
  };
}

/** How many arguments each allowed function takes: [fewest, most]. */
export const FUNCTION_ARITY: Readonly<Record<(typeof ALLOWED_FUNCTIONS)[number], readonly [number, number]>> = {
  abs: [1, 1], min: [1, Infinity], max: [1, Infinity], sqrt: [1, 1], exp: [1, 1], log: [1, 2], log10: [1, 1], log2: [1, 1],
  pow: [2, 2], round: [1, 2], floor: [1, 2], ceil: [1, 2], sign: [1, 1], mod: [2, 2],
};

/** Functions whose second argument is a number of decimals: an integer in 0…15 (mathjs's limit). */
const DECIMALS = new Set(['round', 'floor', 'ceil']);

/**
 * Checks a call of an allowed function when the expression is compiled:
 * its number of arguments, and a constant number of decimals (`round(x, 2)`)
 * within 0…15. The error names the call and where it starts in the source
 * (`calls` counts the calls of each function met so far: the traversal
 * meets them in the order they open in the source).
 */
function checkCall(name: string, args: readonly MathNode[], source: string, path: string, calls: Map<string, number>): void {
  const k = calls.get(name) ?? 0;
  calls.set(name, k + 1);
  const at = () => {
    const re = new RegExp(`\\b${name}\\s*\\(`, 'g');
    let m: RegExpExecArray | null = null;
    for (let i = 0; i <= k; i++) m = re.exec(source);
    return m ? ` (the call at character ${m.index + 1})` : '';
  };
  const [fewest, most] = FUNCTION_ARITY[name as keyof typeof FUNCTION_ARITY];
  if (args.length < fewest || args.length > most) {
    const wanted = fewest === most ? `${fewest} argument${fewest === 1 ? '' : 's'}` : most === Infinity ? `at least ${fewest} argument` : `${fewest} or ${most} arguments`;
    throw new RivalsimError('Wrong number of arguments', path, source, `${name}() with ${wanted}, not ${args.length}${at()}`);
  }
  if (DECIMALS.has(name) && args.length === 2) {
    const d = constantValue(args[1]);
    if (d !== undefined && !(Number.isInteger(d) && d >= 0 && d <= 15)) {
      throw new RivalsimError('Invalid number of decimals', path, source, `${name}(x, n) with n an integer in 0…15, not ${d}${at()}`);
    }
  }
}

/** The value of a constant argument (a number, maybe negated or in parentheses), else undefined. */
function constantValue(n: MathNode): number | undefined {
  if (n.type === 'ConstantNode' && typeof n.value === 'number') return n.value;
  if (n.type === 'ParenthesisNode' && n.content) return constantValue(n.content as MathNode);
  if (n.type === 'OperatorNode' && n.fn === 'unaryMinus' && n.args?.length === 1) {
    const v = constantValue(n.args[0] as MathNode);
    return v === undefined ? undefined : -v;
  }
  return undefined;
}

/**
 * An expression that is a parameter's name alone (`'aiWeightGrowth'`) or
 * a parameter times a number (`'aiWeightGrowth * 18'`), as landscapes use
 * to tie a field to a named uncertain input: compiled without mathjs, so
 * such scenarios run synchronously. Its value is the one mathjs gives (the
 * parameter, or the product of two doubles).
 */
function bareName(source: string, allowed: readonly string[], path: string): CompiledExpression | undefined {
  const m = /^\s*(?:([A-Za-z_][A-Za-z0-9_]*)(?:\s*\*\s*(\d+(?:\.\d+)?))?|(\d+(?:\.\d+)?)\s*\*\s*([A-Za-z_][A-Za-z0-9_]*))\s*$/.exec(source);
  if (!m) return undefined;
  const name = m[1] ?? m[4];
  const factor = m[2] ?? m[3];
  if (!allowed.includes(name) || name in Object.prototype) return undefined;
  if ((ALLOWED_CONSTANTS as readonly string[]).includes(name) || (ALLOWED_FUNCTIONS as readonly string[]).includes(name)) return undefined;
  const k = factor === undefined ? 1 : Number(factor);
  return {
    kind: 'expression', source, symbols: [name],
    evaluate(scope) {
      const v = scope[name];
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new RivalsimError('Expression gave no finite number', path, source, `a finite number (got ${String(v)})`);
      }
      return factor === undefined ? v : m[1] !== undefined ? v * k : k * v;
    },
  };
}

/** What {@link bindExpression} needs of a compiled expression. */
interface Internals {
  node: MathNode;
  program: NativeProgram<Record<string, number>> | undefined;
  path: string;
  source: string;
}
const internals = new WeakMap<CompiledExpression, Internals>();

/** Reads a name from a scope object; no number there (missing, or not a number) → mathjs decides. */
function scopeSymbol(name: string): Evaluator<Record<string, number>> {
  return (scope) => {
    const v = scope[name];
    if (typeof v !== 'number') throw FALLBACK;
    return v;
  };
}

/** Whether the scope holds a name that makes mathjs answer otherwise (see NativeProgram.hazards). */
function hasHazard(scope: Record<string, number>, hazards: readonly string[]): boolean {
  for (let k = 0; k < hazards.length; k++) if (hazards[k] in scope) return true;
  return false;
}

/** The scope an expression was evaluated with, for error messages (at most a few hundred characters). */
function scopeText(scope: Record<string, number>): string {
  const text = JSON.stringify(scope) ?? String(scope);
  return text.length > 300 ? `${text.slice(0, 297)}...` : text;
}

function finiteOrThrow(v: unknown, scope: Record<string, number>, path: string, source: string): number {
  const x = typeof v === 'boolean' ? Number(v) : v;
  if (typeof x !== 'number' || !Number.isFinite(x)) {
    throw new RivalsimError('Expression gave no finite number', path, source, `a finite number (got ${String(v).slice(0, 80)} with ${scopeText(scope)})`);
  }
  return x;
}

/**
 * An evaluator of a compiled expression reading its names from an array:
 * `evaluate(values)` is `expression.evaluate(scope)` for the scope that maps
 * `given[k]` to `values[k]` (same value, same errors), without building the
 * scope. Bind once, evaluate many times (custom metrics bind at compile time).
 *
 * @example
 * const e = compileExpression('a - b', ['a', 'b'], 'x');
 * const f = bindExpression(e, ['a', 'b']);
 * f(Float64Array.of(3, 1)); // => 2
 */
export function bindExpression(expression: CompiledExpression, given: readonly string[]): (values: Float64Array) => number {
  const names = [...given];
  const scopeOf = (values: Float64Array): Record<string, number> => {
    const scope: Record<string, number> = {};
    for (let k = 0; k < names.length; k++) scope[names[k]] = values[k];
    return scope;
  };
  const generic = (values: Float64Array): number => expression.evaluate(scopeOf(values));
  const inner = internals.get(expression);
  const program = inner?.program;
  if (!inner || !program || program.hazards.some((h) => names.includes(h)) || !expression.symbols.every((s) => names.includes(s))) return generic;
  const index = new Map(names.map((name, k) => [name, k]));
  const native = compileNative<Float64Array>(inner.node, (name) => {
    const k = index.get(name)!;
    return (values) => values[k];
  });
  if (!native) return generic;
  const evaluate = native.evaluate;
  return (values) => {
    let x: number;
    try {
      x = evaluate(values);
    } catch (e) {
      if (e !== FALLBACK) throw e;
      return generic(values);
    }
    if (!Number.isFinite(x)) return finiteOrThrow(x, scopeOf(values), inner.path, inner.source);
    return x;
  };
}
