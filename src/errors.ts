/**
 * One error type for every piece of bad input. It names where the problem is
 * (`path`, in the declared scenario), what was received and what is allowed,
 * and how to fix it. Every lookup of a result (`stat`, `rankProbability`,
 * `event`, `predicate`, `condition`, …) throws it too. What is not bad input
 * keeps JavaScript's own errors: a broken internal invariant (a summary fed a
 * non-finite value, states of different layouts merged: `RangeError`), a
 * failed run (`RunError`, wrapping the cause), an aborted study.
 *
 * @example
 * try { compileScenario({ ...scenario, horizon: -1 }); }
 * catch (e) { if (e instanceof RivalsimError) console.log(e.message); }
 * // => "Invalid horizon: expected an integer ≥ 1 but received -1 → at horizon"
 */
export class RivalsimError extends Error {
  /** Dotted path of the offending value in the declaration, e.g. `events[2].approvalProbability`. */
  readonly path: string;
  /** The value that was received. */
  readonly received: unknown;
  /** What would have been accepted. */
  readonly expected: string;

  constructor(what: string, path: string, received: unknown, expected: string, fix?: string) {
    super(
      `${what}: expected ${expected} but received ${formatValue(received)} → at ${path || '(root)'}` +
        (fix ? `. ${fix}` : ''),
    );
    this.name = 'RivalsimError';
    this.path = path;
    this.received = received;
    this.expected = expected;
  }
}

/** The longest rendering {@link formatValue} gives (characters). */
const MAX_RENDERING = 80;

/**
 * Short, printable rendering of any received value for error messages:
 * at most 80 characters, whatever the value (deeply nested arrays, cycles,
 * symbols, bigints, getters that throw are all fine), with control
 * characters escaped (see {@link escapeControl}). It never walks more of
 * a value than it prints.
 *
 * @example
 * formatValue('x'); // => '"x"'
 * formatValue([1, 2]); // => '[1,2]'
 * formatValue(Symbol('s')); // => 'Symbol(s)'
 */
export function formatValue(value: unknown): string {
  const out = { text: '', full: false };
  render(value, out, 0);
  const text = out.full ? `${out.text.slice(0, MAX_RENDERING - 3)}...` : out.text;
  return escapeControl(text);
}

/** Appends to `out` until it holds more than {@link MAX_RENDERING} characters. */
function render(value: unknown, out: { text: string; full: boolean }, depth: number): void {
  const put = (s: string) => {
    if (out.full) return;
    out.text += s;
    if (out.text.length > MAX_RENDERING) out.full = true;
  };
  if (out.full) return;
  switch (typeof value) {
    case 'string': put(JSON.stringify(value.length > MAX_RENDERING ? value.slice(0, MAX_RENDERING + 1) : value)); return;
    case 'number': put(Number.isNaN(value) ? 'NaN' : String(value)); return;
    case 'bigint': put(`${value}n`); return;
    case 'boolean': put(String(value)); return;
    case 'undefined': put('undefined'); return;
    case 'symbol': put(value.description === undefined ? 'Symbol()' : `Symbol(${value.description})`); return;
    case 'function': put('a function'); return;
  }
  if (value === null) { put('null'); return; }
  if (depth > 20) { put('…'); return; }
  try {
    if (Array.isArray(value)) {
      put('[');
      for (let i = 0; i < value.length && !out.full; i++) {
        if (i > 0) put(',');
        render(value[i], out, depth + 1);
      }
      put(']');
      return;
    }
    put('{');
    let first = true;
    for (const key in value as object) {
      if (out.full) break;
      if (!Object.hasOwn(value as object, key)) continue;
      put(`${first ? '' : ','}${JSON.stringify(key.length > MAX_RENDERING ? key.slice(0, MAX_RENDERING + 1) : key)}:`);
      first = false;
      render((value as Record<string, unknown>)[key], out, depth + 1);
    }
    put('}');
  } catch {
    put('(unreadable)');
  }
}

/**
 * Text with its control characters escaped, so that it cannot move the
 * cursor, recolour, retitle or clear a terminal, or start a new line:
 * C0 and C1 controls, DEL, the line and paragraph separators and the
 * bidirectional overrides become `\n`, `\t`, `\x1b`, `\u202e`, … (visible
 * text). Everything the command line prints from a scenario, a shard file or
 * an error goes through it.
 *
 * @example
 * escapeControl('Evil\u001b[2J\nname'); // => 'Evil\\x1b[2J\\nname'
 * escapeControl('Apple 苹果'); // => 'Apple 苹果'
 */
export function escapeControl(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\n\t]/g, (c) => {
    switch (c) {
      case '\n': return '\\n';
      case '\t': return '\\t';
      case '\r': return '\\r';
    }
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
