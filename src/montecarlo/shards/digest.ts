/**
 * The digest of a shard document: a 64-bit hash of its JSON text without
 * the digest itself, written in the document and checked when it is read,
 * so that an edited file (a count changed by hand, a line lost in a copy)
 * is refused before it is merged. It detects accidents and plausible edits,
 * not forgery (anyone can recompute it): shard files are as trusted as the
 * machines that wrote them.
 */
import { hashString } from '../../random/source.js';
import { corrupt } from './codec.js';

/** The prefix of a digest: the hash it is (`hashString` of random/source.ts, 64 bits). */
const PREFIX = 'h64:';

/**
 * The digest of a document's content: of `JSON.stringify(doc)` without its
 * `digest` key (JSON reads numbers back exactly, so a parsed document gives
 * the same text, and the same digest, as the one written).
 *
 * @example
 * shardDigest({ format: 'rivalsim-shard', version: 2 }); // => 'h64:…' (16 hex digits)
 */
export function shardDigest(doc: Record<string, unknown>): string {
  const { digest: _ignored, ...content } = doc;
  const [h1, h2] = hashString(JSON.stringify(content));
  return PREFIX + (h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0');
}

/**
 * `doc` with its digest as the last key (the text a file holds).
 *
 * @example
 * withDigest({ format: 'rivalsim-shard' }).digest; // => 'h64:…'
 */
export function withDigest<T extends object>(doc: T): T & { digest: string } {
  return { ...doc, digest: shardDigest(doc as Record<string, unknown>) };
}

/**
 * Checks a read document's digest: present, and that of its content.
 * Throws a "Corrupt shard file" {@link RivalsimError} naming `name`.
 */
export function checkDigest(doc: Record<string, unknown>, name: string): void {
  const written = doc.digest;
  if (typeof written !== 'string' || !written.startsWith(PREFIX)) throw corrupt(`${name}: digest`, written, 'the digest rivalsim writes ("h64:…")');
  const actual = shardDigest(doc);
  if (written !== actual) {
    const e = corrupt(`${name}: digest`, written, `${actual}, the digest of the file's content`);
    e.message = `${e.message}: the file was changed after rivalsim wrote it (edited, truncated or mixed up); write the shard again`;
    throw e;
  }
}
