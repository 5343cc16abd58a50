/**
 * `rivalsim/node`: the Node-only edge — `simulate` on worker threads, and
 * loading scenario files. Everything portable is re-exported, so this entry
 * can replace the main one in Node scripts.
 *
 * @example
 * import { simulate, scenarios } from 'rivalsim/node';
 * const result = await simulate(scenarios['apple-alibaba'], { runs: 1_000_000, seed: 42, workers: 'auto' });
 */
export * from '../index.js';
export { simulate, compare } from './pool.js';
export type { NodeSimulateOptions, NodeCompareOptions } from './pool.js';
export { loadScenario } from './load.js';
export {
  writeShard, readShards, shardToJSON, mergeShardJSON, encodeFloat64, decodeFloat64, encodeCounts, decodeCounts,
  comparisonShardToJSON, mergeComparisonShardJSON, readComparisonShards,
  SHARD_FORMAT, SHARD_VERSION, COMPARISON_SHARD_FORMAT,
} from './shards.js';
export type {
  ShardDocument, ComparisonShardDocument, ShardWriteOptions, GroupStateJSON, SummaryStateJSON, Float64JSON, SparseCountsJSON,
} from './shards.js';
