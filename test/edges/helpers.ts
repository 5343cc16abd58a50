/**
 * Shared by the hardened-edges tests: catching the one error type every
 * piece of bad input must give.
 */
import { RivalsimError } from '../../src/index.js';

/** Runs `fn` (sync or async), which must throw a RivalsimError, and returns that error. */
export async function rivalsimError(fn: () => unknown): Promise<RivalsimError> {
  try {
    await fn();
  } catch (e) {
    if (e instanceof RivalsimError) return e;
    throw new Error(`expected a RivalsimError but got ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
  }
  throw new Error('expected a RivalsimError but nothing was thrown');
}

/** Nested arrays `depth` deep around `inner`. */
export function nested(depth: number, inner: unknown = 1): unknown {
  let v = inner;
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}
