/**
 * Node-only: reading the files the command line is given (scenario files,
 * shard files) as text, with one-line errors: a size limit checked before
 * the file is read, and UTF-16 or binary content named as such instead of
 * being quoted byte for byte.
 */
import { open } from 'node:fs/promises';
import { resolve as resolvePath } from 'node:path';
import { RivalsimError } from '../errors.js';

/**
 * The largest files read: scenario files (a real one is a few kilobytes;
 * the scenario limits, 10,000 events and 500 agents, fit in a few
 * megabytes), shard files (a shard's accumulators, sparse histograms),
 * observation files (a row is ~60 bytes) and posterior files (its draws).
 *
 * @example
 * FILE_LIMITS.scenario; // => 16777216 (16 MiB)
 */
export const FILE_LIMITS = { scenario: 16 * 2 ** 20, shard: 1024 * 2 ** 20, observations: 64 * 2 ** 20, posterior: 256 * 2 ** 20 } as const;

/** `what`'s error for `file`, as one line naming the file. */
function fileError(file: string, what: string, expected: string): RivalsimError {
  const e = new RivalsimError(what, '', file, expected);
  e.message = `${file}: ${what}`;
  return e;
}

/**
 * Reads a UTF-8 text file of at most `limit` bytes (a UTF-8 byte order mark
 * is dropped). Errors are {@link RivalsimError}s naming the file: missing,
 * a folder, unreadable, too large (checked before reading), UTF-16
 * (byte order mark, or NUL bytes between ASCII characters), binary (NUL
 * bytes, or bytes that are not UTF-8: the offset of the first).
 *
 * @example
 * const text = await readTextFile('study.json', 'scenario file', FILE_LIMITS.scenario);
 */
export async function readTextFile(file: string, what: string, limit: number): Promise<string> {
  if (typeof file !== 'string' || file === '') throw new RivalsimError(`No ${what}`, '', file, `the name of a ${what}`);
  let bytes: Buffer;
  try {
    const handle = await open(file, 'r');
    try {
      const stat = await handle.stat();
      if (stat.isDirectory()) throw Object.assign(new Error('a directory'), { code: 'EISDIR' });
      if (!stat.isFile()) throw fileError(file, `${what} is not a regular file (a device, a pipe or a socket)`, `a regular ${what}`);
      if (stat.size > limit) {
        throw fileError(file, `${what} too large: ${stat.size.toLocaleString('en-US')} bytes, at most ${limit.toLocaleString('en-US')} (docs/scenario-files.md, "Limits")`, `a ${what} of at most ${limit} bytes`);
      }
      bytes = await handle.readFile();
    } finally {
      await handle.close();
    }
  } catch (e) {
    if (e instanceof RivalsimError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? `${what} not found` : code === 'EISDIR' ? `${what} is a directory`
      : code === 'EACCES' || code === 'EPERM' ? `${what} not readable` : `cannot read ${what} (${code ?? String(e)})`;
    throw fileError(file, `${reason} (${resolvePath(file)})`, `an existing, readable ${what}`);
  }
  return decodeText(bytes, file, what);
}

/**
 * UTF-8 text of `bytes`, or an error saying the file is UTF-16 or binary.
 *
 * @example
 * decodeText(Buffer.from('{"id":"x"}'), 'x.json', 'scenario file'); // => '{"id":"x"}'
 */
export function decodeText(bytes: Uint8Array, file: string, what: string): string {
  const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)
    || (bytes.length >= 4 && ((bytes[0] !== 0 && bytes[1] === 0 && bytes[2] !== 0 && bytes[3] === 0) || (bytes[0] === 0 && bytes[1] !== 0 && bytes[2] === 0 && bytes[3] !== 0)));
  if (utf16) throw fileError(file, `${what} is UTF-16 text: save it as UTF-8`, 'UTF-8 text');
  const nul = bytes.indexOf(0);
  if (nul >= 0) throw fileError(file, `${what} is binary, not text (a NUL byte at offset ${nul})`, 'UTF-8 text');
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    const at = firstInvalidUtf8(bytes);
    throw fileError(file, `${what} is not UTF-8 text (an invalid byte at offset ${at}): save it as UTF-8`, 'UTF-8 text');
  }
}

/** The offset of the first byte that does not start or continue a valid UTF-8 sequence. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i];
    const n = b < 0x80 ? 0 : b >= 0xc2 && b < 0xe0 ? 1 : b >= 0xe0 && b < 0xf0 ? 2 : b >= 0xf0 && b < 0xf5 ? 3 : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) if (i + k >= bytes.length || (bytes[i + k] & 0xc0) !== 0x80) return i;
    i += n + 1;
  }
  return bytes.length;
}
