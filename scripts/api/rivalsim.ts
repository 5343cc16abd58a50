/**
 * The portable library (`import … from 'rivalsim'`): landscapes and
 * scenarios, one world (`runScenario`, `createWorld`), Monte Carlo studies
 * (`simulate`, `compare`, `merge`), analysis (`sensitivity`, `sobol`),
 * charts and reports, and studies on Web Workers in browsers
 * (`simulateInWebWorkers`). It uses no Node-only API: it runs in Node 20+,
 * Deno, browsers (`rivalsim/browser`, one self-contained file) and
 * notebooks.
 *
 * @module rivalsim
 */
export * from '../../src/index.js';
