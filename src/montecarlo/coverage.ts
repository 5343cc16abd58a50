/**
 * The coverage rule of merging: the parts of a study (shard results, shard
 * files) together cover each of its runs exactly once. One check serves
 * `merge`, `mergeComparisons` and the shard-file mergers.
 */
import { RivalsimError } from '../errors.js';

/** Runs [from, to) as `runs 256–511`. */
export function runSpan(from: number, to: number): string {
  return `runs ${from}–${to - 1}`;
}

/**
 * The runs the parts seen so far cover: {@link Coverage.add} rejects a part
 * that overlaps another at once (so a stream of files stops early),
 * {@link Coverage.complete} then rejects a gap.
 *
 * @example
 * const c = new Coverage();
 * c.add(0, 256, 'part-0.json');
 * c.add(256, 512, 'part-1.json');
 * c.complete(512); // fine; c.complete(1000) throws "Missing runs after the last shard"
 */
export class Coverage {
  private readonly spans: Array<{ from: number; to: number; where: string }> = [];

  /** Adds the part at `where` (a file name, `parts[2]`), covering runs [from, to). */
  add(from: number, to: number, where: string): void {
    const overlap = this.spans.find((c) => from < c.to && c.from < to);
    if (overlap) {
      throw new RivalsimError('Overlapping shards', where, runSpan(from, to), `runs that no other shard covers (${overlap.where} has ${runSpan(overlap.from, overlap.to)})`);
    }
    this.spans.push({ from, to, where });
  }

  /** Checks that the parts cover runs [0, runs) with no gap. */
  complete(runs: number): void {
    const sorted = [...this.spans].sort((a, b) => a.from - b.from);
    let expected = 0;
    for (const c of sorted) {
      if (c.from !== expected) {
        throw new RivalsimError('Missing runs between shards', c.where, runSpan(c.from, c.to), `runs from ${expected} on: no shard covers ${runSpan(expected, c.from)}`);
      }
      expected = c.to;
    }
    if (expected !== runs) {
      const last = sorted[sorted.length - 1];
      throw new RivalsimError('Missing runs after the last shard', last?.where ?? 'parts', `runs up to ${expected - 1}`, `runs up to ${runs - 1}: no shard covers ${runSpan(expected, runs)}`);
    }
  }
}
