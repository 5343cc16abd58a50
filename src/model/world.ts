/**
 * One simulated world (see `world/world.ts`; the mechanisms live in `world/`).
 */
export { World, createWorld, runScenario, type WorldOptions } from './world/world.js';
