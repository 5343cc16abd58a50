/**
 * Node-only: shard files on disk — {@link writeShard} (atomically) and
 * {@link readShards}, {@link readComparisonShards}, {@link readAnyShards}
 * (one file at a time). The format itself, its documents and mergers are
 * portable: `montecarlo/shards/`.
 */
import { basename } from 'node:path';
import { RivalsimError } from '../errors.js';
import { ComparisonResult } from '../montecarlo/compare.js';
import type { SimulationResult } from '../montecarlo/result.js';
import { comparisonShardToJSON, kindOf, shardToJSON, type ShardWriteOptions } from '../montecarlo/shards/document.js';
import { ComparisonMerger, ShardMerger, type MergedShards } from '../montecarlo/shards/merge.js';
import { FILE_LIMITS, readTextFile } from './input.js';
import { OutputError, writeFileAtomically } from './output.js';

/**
 * Writes a result (usually a shard of a study) to a shard file, atomically
 * (a temporary file in the same folder renamed into place, so a reader never
 * sees half a file; removed on failure and on SIGINT/SIGTERM; a symbolic link
 * is written through, a device or a folder refused):
 * a simulation shard for a {@link SimulationResult} (see {@link shardToJSON}),
 * a comparison shard for a {@link ComparisonResult} (see
 * {@link comparisonShardToJSON}).
 *
 * @example
 * import { simulate, compare, writeShard, scenarios } from 'rivalsim/node';
 * const index = Number(process.env.JOB_COMPLETION_INDEX);
 * const part = await simulate(scenarios['apple-alibaba'], { runs: 1_000_000, seed: 42, shard: { index, count: 16 }, workers: 'auto' });
 * await writeShard(part, `/results/part-${index}.json`);
 * // A comparison: the same, with compare.
 * const c = await compare(scenarios.baseline, scenarios['apple-alibaba'], { runs: 1_000_000, seed: 42, shard: { index, count: 16 }, workers: 'auto' });
 * await writeShard(c, `/results/compare-${index}.json`);
 */
export async function writeShard(result: SimulationResult | ComparisonResult, file: string, options: ShardWriteOptions = {}): Promise<void> {
  const text = JSON.stringify(result instanceof ComparisonResult ? comparisonShardToJSON(result, options) : shardToJSON(result, options));
  try {
    await writeFileAtomically(file, text);
  } catch (e) {
    if (e instanceof OutputError) throw new RivalsimError('Cannot write the shard file', 'file', file, 'a regular file (or a new one) in a writable folder', e.message);
    throw e;
  }
}

/** Reads and parses one shard file, with one-line errors naming it. */
async function readShardFile(file: string): Promise<unknown> {
  const text = await readTextFile(file, 'shard file', FILE_LIMITS.shard);
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    const error = new RivalsimError('Malformed JSON', file, basename(file), 'a shard file written by rivalsim');
    error.message = `${file}: not a shard file (malformed JSON: ${(e as Error).message})`;
    throw error;
  }
}

/**
 * Reads shard files (in any order) and merges them into exactly the result
 * of running the study in one go: `writeShard` on each machine, `readShards`
 * on one. Files are read one after the other, so memory does not grow with
 * their number. Errors are {@link RivalsimError}s naming the file: missing
 * or unreadable file, malformed JSON, not a shard file, shards of different
 * studies, overlapping shards, missing runs.
 *
 * @example
 * import { readShards } from 'rivalsim/node';
 * const result = await readShards(['part-0.json', 'part-1.json', 'part-2.json']);
 * result.rankProbability('phones', 'apple', 1);
 */
export async function readShards(files: readonly string[]): Promise<SimulationResult> {
  if (!Array.isArray(files) || files.length === 0) throw new RivalsimError('No shard files', 'files', files, 'a non-empty list of shard file names');
  return (await mergeFiles(new ShardMerger(), files)).result();
}

/**
 * Reads comparison shard files (in any order; `writeShard` of
 * `compare(a, b, { shard })` on each machine, or `rivalsim compare --shard
 * I/N --out FILE`) and merges them into exactly the comparison run in one
 * go. Files are read one after the other, so memory does not grow with
 * their number. Errors are {@link RivalsimError}s naming the file: those of
 * {@link mergeComparisonShardJSON}, and a missing or unreadable file or
 * malformed JSON.
 *
 * @example
 * import { readComparisonShards } from 'rivalsim/node';
 * const c = await readComparisonShards(['compare-0.json', 'compare-1.json', 'compare-2.json']);
 * c.difference('phones', 'share', 'apple').mean;
 */
export async function readComparisonShards(files: readonly string[]): Promise<ComparisonResult> {
  if (!Array.isArray(files) || files.length === 0) throw new RivalsimError('No shard files', 'files', files, 'a non-empty list of comparison shard file names');
  return (await mergeFiles(new ComparisonMerger(), files)).result();
}

/**
 * Internal (`rivalsim merge`): reads shard files of either kind — the kind
 * of the first file decides — and merges them as {@link readShards} or
 * {@link readComparisonShards} would, one file at a time. A file of the
 * other kind is a one-line {@link RivalsimError} naming it.
 *
 * @example
 * const merged = await readAnyShards(['part-0.json', 'part-1.json']);
 * if (merged.kind === 'comparison') merged.result.toCSV(); // the differences b − a
 */
export async function readAnyShards(files: readonly string[]): Promise<MergedShards> {
  if (!Array.isArray(files) || files.length === 0) throw new RivalsimError('No shard files', 'files', files, 'a non-empty list of shard file names');
  const first = await readShardFile(files[0]);
  const kind = kindOf(first) ?? 'simulation';
  const check = (doc: unknown, file: string) => {
    const other = kindOf(doc);
    if (other !== undefined && other !== kind) {
      throw new RivalsimError('Shards of different kinds', file, `a ${other} shard`, `${kind} shards, as ${files[0]} is (merge each kind on its own)`);
    }
  };
  return kind === 'comparison'
    ? { kind, result: (await mergeFiles(new ComparisonMerger(), files, first, check)).result() }
    : { kind, result: (await mergeFiles(new ShardMerger(), files, first, check)).result() };
}

/**
 * Adds shard files to `merger` one at a time (`first`: the first file's
 * document, when already read), each checked by `check` before it is added.
 */
async function mergeFiles<M extends { add(doc: unknown, name: string): Promise<void> }>(
  merger: M, files: readonly string[], first?: unknown, check?: (doc: unknown, file: string) => void,
): Promise<M> {
  for (let i = 0; i < files.length; i++) {
    const doc = i === 0 && first !== undefined ? first : await readShardFile(files[i]);
    check?.(doc, files[i]);
    await merger.add(doc, files[i]);
  }
  return merger;
}
