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
export * from '../index.js';
export { simulate, compare } from './pool.js';
export type { NodeSimulateOptions, NodeCompareOptions } from './pool.js';
export { calibrate, autoCalibrationWorkers } from './calibrate.js';
export type { NodeCalibrateOptions } from './calibrate.js';
export { loadScenario } from './load.js';
export { writeShard, readShards, readComparisonShards } from './shards.js';
