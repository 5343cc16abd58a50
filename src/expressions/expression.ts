/**
 * Safe arithmetic expressions (mathjs syntax) in scenarios: parsed once,
 * checked against a whitelist of node types, functions and symbols,
 * compiled once, evaluated with numbers only. mathjs is loaded lazily (it
 * takes about half a second to import) by {@link loadExpressions}.
 */
import { RivalsimError } from '../errors.js';

/** The part of mathjs rivalsim uses. */
interface MathNode {
  type: string;
  name?: string;
  op?: string;
  fn?: MathNode | string;
  value?: unknown;
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
 * @example
 * compileExpression('import({}, {})', [], 'x'); // throws: Unsafe expression … → at x
 */
export function compileExpression(source: string, allowed: readonly string[], path: string): CompiledExpression {
  if (!math) throw new ExpressionsNotLoaded(path, source);
  if (source.length > 1000) throw new RivalsimError('Expression too long', path, source, 'an expression of at most 1000 characters');
  let node: MathNode;
  try {
    node = math.parse(source);
  } catch (e) {
    throw new RivalsimError('Cannot parse expression', path, source, `a mathjs arithmetic expression (${(e as Error).message})`);
  }
  const functions: readonly string[] = ALLOWED_FUNCTIONS;
  const symbols = new Set<string>();
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
  const code = node.compile();
  return {
    kind: 'expression', source, symbols: [...symbols],
    evaluate(scope) {
      const v = code.evaluate({ ...scope });
      const x = typeof v === 'boolean' ? Number(v) : v;
      if (typeof x !== 'number' || !Number.isFinite(x)) {
        throw new RivalsimError('Expression gave no finite number', path, source, `a finite number (got ${String(v)} with ${JSON.stringify(scope)})`);
      }
      return x;
    },
  };
}
