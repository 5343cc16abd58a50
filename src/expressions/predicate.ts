/**
 * The predicate language's syntax: a small, hand-written recursive-descent
 * parser (no `eval`, no mathjs) for yes/no questions about one run, such as
 *
 *     share(phones, apple, 2027-12) >= 18%
 *     rank(phones, apple, 2027-Q4) == 1 and not approved(apple+baidu)
 *
 * and its printer. This file knows the grammar only; what the functions
 * mean, and which markets, agents, events and dates exist, is checked when a
 * predicate is compiled against a scenario's plan (`compilePredicate` in
 * `analysis/discovery/outcome.ts`).
 *
 * Grammar (lowest precedence first; `and`/`or` also spelled `&&`/`||`,
 * `not` also `!`):
 *
 *     or      := and ('or' and)*
 *     and     := not ('and' not)*
 *     not     := 'not' not | compare
 *     compare := sum (('<' | '<=' | '>' | '>=' | '==' | '!=') sum)?
 *     sum     := product (('+' | '-') product)*
 *     product := unary (('*' | '/') unary)*
 *     unary   := '-' unary | primary
 *     primary := number '%'? | 'true' | 'false' | name '(' args? ')' | '(' or ')'
 *     args    := word (',' word)*
 *
 * A `word` is an id, a date or a keyword: letters, digits and `_ . + : @ # -`
 * (so `apple+alibaba`, `2027-12` and `2027-Q4` are single arguments).
 * Comparisons do not chain (`a < b < c` is an error).
 */
import { RivalsimError } from '../errors.js';

/**
 * Comparison operators.
 *
 * @example
 * const op: ComparisonOperator = '>=';
 */
export type ComparisonOperator = '<' | '<=' | '>' | '>=' | '==' | '!=';
/**
 * Arithmetic operators.
 *
 * @example
 * const op: ArithmeticOperator = '-'; // share(phones, apple, horizon) - share(phones, huawei, horizon)
 */
export type ArithmeticOperator = '+' | '-' | '*' | '/';

/**
 * A node of a parsed predicate. `at` is the 0-based offset of the node's
 * first character in the source (of its operator for binary nodes).
 *
 * @example
 * parsePredicate('rank(phones, apple, 2027-Q4) == 1');
 * // => { type: 'compare', op: '==', at: 29,
 * //      left: { type: 'call', name: 'rank', at: 0, args: [{ text: 'phones', at: 5 }, { text: 'apple', at: 13 }, { text: '2027-Q4', at: 20 }] },
 * //      right: { type: 'number', value: 1, text: '1', at: 32 } }
 */
export type PredicateNode =
  | { type: 'number'; value: number; text: string; at: number }
  | { type: 'boolean'; value: boolean; at: number }
  | { type: 'call'; name: string; args: PredicateArgument[]; at: number }
  | { type: 'not'; operand: PredicateNode; at: number }
  | { type: 'negate'; operand: PredicateNode; at: number }
  | { type: 'arithmetic'; op: ArithmeticOperator; left: PredicateNode; right: PredicateNode; at: number }
  | { type: 'compare'; op: ComparisonOperator; left: PredicateNode; right: PredicateNode; at: number }
  | { type: 'logical'; op: 'and' | 'or'; left: PredicateNode; right: PredicateNode; at: number };

/**
 * One argument of a call, as written (an id, a date or a keyword), and its offset.
 *
 * @example
 * // in 'approved(apple+alibaba)': { text: 'apple+alibaba', at: 9 }
 */
export interface PredicateArgument {
  text: string;
  at: number;
}

/**
 * A {@link RivalsimError} about a predicate, naming the column (1-based)
 * where the problem is; the message marks the spot with `▸`.
 *
 * @example
 * try { parsePredicate('share(phones, apple 2027-12) > 0.18', '--when'); }
 * catch (e) { (e as PredicateError).column; } // => 21
 * // message: 'Invalid predicate at column 21: expected "," or ")" but received "2027-12" → at --when. share(phones, apple ▸2027-12) > 0.18'
 */
export class PredicateError extends RivalsimError {
  /** 1-based column of the problem in the predicate's source. */
  readonly column: number;
  /** The predicate's source. */
  readonly source: string;

  constructor(source: string, offset: number, received: unknown, expected: string, path = 'predicate', what = 'Invalid predicate') {
    const at = Math.max(0, Math.min(offset, source.length));
    super(`${what} at column ${at + 1}`, path, received, expected, `${source.slice(0, at)}▸${source.slice(at)}`);
    this.name = 'PredicateError';
    this.column = at + 1;
    this.source = source;
  }
}

type TokenKind = 'number' | 'name' | 'op' | '(' | ')' | ',' | 'end';
interface Token { kind: TokenKind; text: string; at: number }

const WORD_CHAR = /[A-Za-z0-9_.+:@#-]/;
const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;
const NUMBER_RE = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?%?/;
const OPERATORS = ['<=', '>=', '==', '!=', '&&', '||', '<', '>', '+', '-', '*', '/', '!'];

/** Reads tokens on demand: call arguments are read as raw words, so the lexer is driven by the parser. */
class Lexer {
  pos = 0;
  constructor(readonly source: string, readonly path: string) {}

  private skipSpace(): void {
    while (this.pos < this.source.length && /\s/.test(this.source[this.pos])) this.pos++;
  }

  fail(at: number, received: string, expected: string): never {
    throw new PredicateError(this.source, at, received, expected, this.path);
  }

  /** The next token, without consuming it. */
  peek(): Token {
    const save = this.pos;
    const t = this.next();
    this.pos = save;
    return t;
  }

  next(): Token {
    this.skipSpace();
    const s = this.source, at = this.pos;
    if (at >= s.length) return { kind: 'end', text: '', at };
    const c = s[at];
    if (c === '(' || c === ')' || c === ',') { this.pos++; return { kind: c, text: c, at }; }
    const num = NUMBER_RE.exec(s.slice(at));
    if (num && /[\d.]/.test(c)) {
      this.pos += num[0].length;
      if (this.pos < s.length && NAME_CHAR.test(s[this.pos])) {
        const end = this.wordEnd(at);
        this.fail(at, s.slice(at, end), 'a number, a function call or "("');
      }
      return { kind: 'number', text: num[0], at };
    }
    if (NAME_START.test(c)) {
      let end = at + 1;
      while (end < s.length && NAME_CHAR.test(s[end])) end++;
      this.pos = end;
      return { kind: 'name', text: s.slice(at, end), at };
    }
    for (const op of OPERATORS) {
      if (s.startsWith(op, at)) { this.pos += op.length; return { kind: 'op', text: op, at }; }
    }
    if (c === '=') this.fail(at, c, '"==" to compare (a single "=" is not an operator)');
    return this.fail(at, c, 'a number, a function call, an operator or "("');
  }

  /** The word (or the character) at offset `at`, for messages. */
  wordAt(at: number): string {
    return at >= this.source.length ? 'the end' : this.source.slice(at, Math.max(at + 1, this.wordEnd(at)));
  }

  private wordEnd(from: number): number {
    let end = from;
    while (end < this.source.length && WORD_CHAR.test(this.source[end])) end++;
    return end;
  }

  /** Whether the next character (after spaces) is `)`, consuming it if so (argument lists are not tokens). */
  close(): boolean {
    this.skipSpace();
    if (this.source[this.pos] !== ')') return false;
    this.pos++;
    return true;
  }

  /** A call argument: a word of id characters, spaces around it skipped. */
  word(): PredicateArgument {
    this.skipSpace();
    const at = this.pos, end = this.wordEnd(at);
    if (end === at) {
      const t = this.peek();
      this.fail(at, t.kind === 'end' ? 'the end' : t.text, 'an argument (an id such as phones or apple+alibaba, or a date such as 2027-12 or 2027-Q4)');
    }
    this.pos = end;
    return { text: this.source.slice(at, end), at };
  }
}

const COMPARISONS: ReadonlySet<string> = new Set(['<', '<=', '>', '>=', '==', '!=']);

function describe(t: Token): string {
  return t.kind === 'end' ? 'the end' : t.text;
}

/** The recursive-descent parser over a {@link Lexer}. */
class Parser {
  constructor(private readonly lex: Lexer) {}

  private expect(kind: TokenKind, expected: string): Token {
    const t = this.lex.next();
    if (t.kind !== kind) this.lex.fail(t.at, describe(t), expected);
    return t;
  }

  /** Whether the next token is the keyword or operator `word` (or one of its spellings); consumes it if so. */
  private accept(...spellings: string[]): Token | undefined {
    const t = this.lex.peek();
    if ((t.kind === 'op' || t.kind === 'name') && spellings.includes(t.text)) return this.lex.next();
    return undefined;
  }

  whole(): PredicateNode {
    const t0 = this.lex.peek();
    if (t0.kind === 'end') this.lex.fail(t0.at, 'nothing', 'a predicate such as share(phones, apple, 2027-12) >= 0.18');
    const node = this.or();
    const t = this.lex.next();
    if (t.kind !== 'end') this.lex.fail(t.at, describe(t), 'an operator (and, or, a comparison, + - * /) or the end');
    return node;
  }

  private or(): PredicateNode {
    let left = this.and();
    for (let t = this.accept('or', '||'); t; t = this.accept('or', '||')) left = { type: 'logical', op: 'or', left, right: this.and(), at: t.at };
    return left;
  }

  private and(): PredicateNode {
    let left = this.not();
    for (let t = this.accept('and', '&&'); t; t = this.accept('and', '&&')) left = { type: 'logical', op: 'and', left, right: this.not(), at: t.at };
    return left;
  }

  private not(): PredicateNode {
    const t = this.accept('not', '!');
    return t ? { type: 'not', operand: this.not(), at: t.at } : this.compare();
  }

  private compare(): PredicateNode {
    const left = this.sum();
    const t = this.lex.peek();
    if (t.kind !== 'op' || !COMPARISONS.has(t.text)) return left;
    this.lex.next();
    const node: PredicateNode = { type: 'compare', op: t.text as ComparisonOperator, left, right: this.sum(), at: t.at };
    const again = this.lex.peek();
    if (again.kind === 'op' && COMPARISONS.has(again.text)) {
      this.lex.fail(again.at, again.text, 'and, or, or the end: comparisons do not chain (write a < b and b < c)');
    }
    return node;
  }

  private sum(): PredicateNode {
    let left = this.product();
    for (let t = this.accept('+', '-'); t; t = this.accept('+', '-')) {
      left = { type: 'arithmetic', op: t.text as ArithmeticOperator, left, right: this.product(), at: t.at };
    }
    return left;
  }

  private product(): PredicateNode {
    let left = this.unary();
    for (let t = this.accept('*', '/'); t; t = this.accept('*', '/')) {
      left = { type: 'arithmetic', op: t.text as ArithmeticOperator, left, right: this.unary(), at: t.at };
    }
    return left;
  }

  private unary(): PredicateNode {
    const t = this.accept('-');
    return t ? { type: 'negate', operand: this.unary(), at: t.at } : this.primary();
  }

  private primary(): PredicateNode {
    const t = this.lex.next();
    switch (t.kind) {
      case 'number': {
        const percent = t.text.endsWith('%');
        const value = Number(percent ? t.text.slice(0, -1) : t.text) / (percent ? 100 : 1);
        return { type: 'number', value, text: t.text, at: t.at };
      }
      case '(': {
        const inner = this.or();
        this.expect(')', '")"');
        return inner;
      }
      case 'name': {
        if (t.text === 'true' || t.text === 'false') return { type: 'boolean', value: t.text === 'true', at: t.at };
        if (['and', 'or', 'not'].includes(t.text)) this.lex.fail(t.at, t.text, 'a number, a function call or "("');
        const open = this.lex.next();
        if (open.kind !== '(') this.lex.fail(open.at, describe(open), `"(" after ${t.text}: names are functions, e.g. share(phones, apple, 2027-12)`);
        const args: PredicateArgument[] = [];
        if (this.lex.close()) return { type: 'call', name: t.text, args, at: t.at };
        for (;;) {
          args.push(this.lex.word());
          const sep = this.lex.next();
          if (sep.kind === ')') break;
          if (sep.kind !== ',') this.lex.fail(sep.at, this.lex.wordAt(sep.at), '"," or ")"');
        }
        return { type: 'call', name: t.text, args, at: t.at };
      }
      default:
        return this.lex.fail(t.at, describe(t), 'a number, a function call or "("');
    }
  }
}

/**
 * Parses a predicate (or a numeric expression) into its syntax tree.
 * Throws a {@link PredicateError} naming the column and what was expected.
 * `path` names where the text came from in error messages (default `predicate`).
 *
 * @example
 * parsePredicate('users(assistants, alibaba, 2026-06) > 40 and share(phones, huawei, 2027-12) < 20%').type; // => 'logical'
 * parsePredicate('share(phones, apple 2027-12) > 0.18'); // throws: Invalid predicate at column 21: expected "," or ")" but received "2027-12" → at predicate. …
 */
export function parsePredicate(source: string, path = 'predicate'): PredicateNode {
  if (typeof source !== 'string') throw new RivalsimError('Invalid predicate', path, source, 'a string such as "share(phones, apple, 2027-12) >= 0.18"');
  return new Parser(new Lexer(source, path)).whole();
}

/** Binding strength of a node's top operator (higher binds tighter). */
function precedence(node: PredicateNode): number {
  switch (node.type) {
    case 'logical': return node.op === 'or' ? 1 : 2;
    case 'not': return 3;
    case 'compare': return 4;
    case 'arithmetic': return node.op === '+' || node.op === '-' ? 5 : 6;
    case 'negate': return 7;
    default: return 8;
  }
}

/**
 * Prints a syntax tree back as source, canonically (single spaces around
 * operators, `and`/`or`/`not` as words, numbers as written, parentheses only
 * where needed): `parsePredicate(printPredicate(t))` is `t` again, up to
 * the `at` offsets.
 *
 * @example
 * printPredicate(parsePredicate('(share(phones,apple,2027-12)>=18%)&&!approved( apple+baidu )'));
 * // => 'share(phones, apple, 2027-12) >= 18% and not approved(apple+baidu)'
 */
export function printPredicate(node: PredicateNode): string {
  const wrap = (child: PredicateNode, min: number) => (precedence(child) < min ? `(${printPredicate(child)})` : printPredicate(child));
  switch (node.type) {
    case 'number': return node.text;
    case 'boolean': return String(node.value);
    case 'call': return `${node.name}(${node.args.map((a) => a.text).join(', ')})`;
    case 'not': return `not ${wrap(node.operand, 3)}`;
    case 'negate': return `-${wrap(node.operand, 7)}`;
    case 'compare': return `${wrap(node.left, 5)} ${node.op} ${wrap(node.right, 5)}`;
    default: {
      // Left-associative: the left child may share the level, the right child must bind tighter.
      const p = precedence(node);
      return `${wrap(node.left, p)} ${node.op} ${wrap(node.right, p + 1)}`;
    }
  }
}
