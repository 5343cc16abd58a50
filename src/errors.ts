/**
 * One error type for every piece of bad input. It names where the problem is
 * (`path`, in the declared scenario), what was received and what is allowed,
 * and how to fix it.
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

/**
 * Short, printable rendering of any received value for error messages.
 *
 * @example
 * formatValue('x'); // => '"x"'
 * formatValue([1, 2]); // => '[1,2]'
 */
export function formatValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return 'a function';
  try {
    const s = JSON.stringify(value);
    return s.length > 80 ? s.slice(0, 77) + '...' : s;
  } catch {
    return String(value);
  }
}
