/**
 * `rivalsim/node`: the Node-only edge — `simulate` and `compare` on worker
 * threads, loading scenario files, reading and writing shard files.
 * Everything portable is re-exported, so this entry can replace the main
 * one in Node scripts.
 *
 * @example
 * import { simulate, scenarios } from 'rivalsim/node';
 * const result = await simulate(scenarios['apple-alibaba'], { runs: 1_000_000, seed: 42, workers: 'auto' });
 */
import type { Compare, Simulate } from '../typed-results.js';
import { compare as compareOnThreads, simulate as simulateOnThreads, type NodeCompareOptions, type NodeSimulateOptions } from './pool.js';

export * from '../index.js';
export type { NodeSimulateOptions, NodeCompareOptions } from './pool.js';

/**
 * `simulate` on worker threads (see `node/pool.ts`), its result typed with the scenario's ids.
 *
 * @function
 * @example
 * await simulate(scenarios['apple-alibaba'], { runs: 1_000_000, seed: 42, workers: 'auto' });
 */
export const simulate = simulateOnThreads as Simulate<NodeSimulateOptions>;
/**
 * `compare` on worker threads, its result typed with the two scenarios' ids.
 *
 * @function
 * @example
 * await compare(scenarios.baseline, scenarios['apple-alibaba'], { runs: 100_000, seed: 42, workers: 2 });
 */
export const compare = compareOnThreads as Compare<NodeCompareOptions>;
export { calibrate, autoCalibrationWorkers } from './calibrate.js';
export type { NodeCalibrateOptions } from './calibrate.js';
export { loadScenario } from './load.js';
export { writeShard, readShards, readComparisonShards } from './shards.js';
