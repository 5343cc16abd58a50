/**
 * Scenario discovery: the predicate compiler, the input table, boxes, PRIM,
 * CART and `discover` (see docs/discovery.md).
 */
export { compilePredicate, compileRunValue, type CompiledPredicate, type CompiledRunValue } from '../../montecarlo/predicates.js';
export { stepsOfDate, type StepRange } from '../../montecarlo/dates.js';
export { InputTableBuilder, inputTable, sortedRows, type InputColumn, type InputTable, type InputTableOptions } from '../../montecarlo/inputs.js';
export { inputLabel, fieldWords } from '../../montecarlo/labels.js';
export {
  binomialUpperTail, boxStats, describeRestriction, fullBox, membership, restricts, restrictionsOf, statsOf, within,
  type BoxLimits, type BoxStats, type Limit, type Restriction,
} from './box.js';
export { prim, type PrimBox, type PrimOptions, type PrimResult, type PrimStep } from './prim.js';
export { cart, type CartLeaf, type CartNode, type CartOptions, type CartResult, type CartSplit } from './cart.js';
export { describeBox, discover, type DiscoverOptions, type DiscoveryResult } from './discover.js';
