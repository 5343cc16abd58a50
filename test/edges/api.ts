/** What the hardened-edges tests use of the library (and the error renderer, tested directly). */
export * from '../../src/node/index.js';
export { formatValue as formatValueForTest } from '../../src/errors.js';
