/**
 * The Node-only entry (`import … from 'rivalsim/node'`, ESM): everything of
 * `rivalsim`, plus `simulate` and `compare` on worker threads (the same
 * bits as one thread), scenario files (`loadScenario`) and shard files
 * (`writeShard`, `readShards`, …).
 *
 * @module rivalsim/node
 */
export * from '../../src/node/index.js';
