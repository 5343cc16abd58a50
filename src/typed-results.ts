/**
 * The public functions that return results, typed with the ids of the
 * scenario they run (see `model/ids.ts`): `index.ts` exports each
 * implementation under one of these signatures, so that
 * `(await simulate(scenarios.baseline, o)).stat('phones', 'share', 'nokia')`
 * does not compile while a scenario without declared ids gets `string`s.
 */
import type { AutoRunsOptions } from './analysis/auto-runs.js';
import type { Plan } from './model/compile.js';
import type { LandscapeIds, StudyIds, StudyIdsOf } from './model/ids.js';
import type { RunResult } from './model/result.js';
import type { ScenarioSpec } from './model/types.js';
import type { World, WorldOptions } from './model/world.js';
import type { ComparisonResult } from './montecarlo/compare.js';
import type { PoolWorker } from './montecarlo/pool.js';
import type { SimulationResult } from './montecarlo/result.js';
import type { SimulateOptions } from './montecarlo/simulate.js';
import type { WebWorkerOptions } from './web/pool.js';

/**
 * `simulate` (taking options `O`: those of `rivalsim` or `rivalsim/node`), typed with the scenario's ids.
 *
 * @example
 * const s: Simulate = simulate;
 */
export type Simulate<O = SimulateOptions | AutoRunsOptions> = <L extends LandscapeIds = LandscapeIds, E extends string = string>(
  scenario: ScenarioSpec<L, E> | Plan<L, E>, options: O,
) => Promise<SimulationResult<StudyIdsOf<L, E>>>;

/**
 * `compare` (taking options `O`), typed with the two scenarios' ids.
 *
 * @example
 * const c: Compare = compare;
 */
export type Compare<O = SimulateOptions> = <LA extends LandscapeIds = LandscapeIds, EA extends string = string, LB extends LandscapeIds = LandscapeIds, EB extends string = string>(
  a: ScenarioSpec<LA, EA> | Plan<LA, EA>, b: ScenarioSpec<LB, EB> | Plan<LB, EB>, options: O,
) => Promise<ComparisonResult<StudyIdsOf<LA, EA>, StudyIdsOf<LB, EB>>>;

/**
 * `simulateOnPool`, typed with the scenario's ids.
 *
 * @example
 * const s: SimulateOnPool = simulateOnPool;
 */
export type SimulateOnPool = <L extends LandscapeIds = LandscapeIds, E extends string = string>(
  scenario: ScenarioSpec<L, E> | Plan<L, E>, options: SimulateOptions, workers: number, start: () => PoolWorker, moduleUrl?: string,
) => Promise<SimulationResult<StudyIdsOf<L, E>>>;

/**
 * `simulateInWebWorkers`, typed with the scenario's ids.
 *
 * @example
 * const s: SimulateInWebWorkers = simulateInWebWorkers;
 */
export type SimulateInWebWorkers = <L extends LandscapeIds = LandscapeIds, E extends string = string>(
  scenario: ScenarioSpec<L, E> | Plan<L, E>, options: WebWorkerOptions,
) => Promise<SimulationResult<StudyIdsOf<L, E>>>;

/**
 * `compareOnPool`, typed with the two scenarios' ids.
 *
 * @example
 * const c: CompareOnPool = compareOnPool;
 */
export type CompareOnPool = <LA extends LandscapeIds = LandscapeIds, EA extends string = string, LB extends LandscapeIds = LandscapeIds, EB extends string = string>(
  a: ScenarioSpec<LA, EA> | Plan<LA, EA>, b: ScenarioSpec<LB, EB> | Plan<LB, EB>, options: SimulateOptions, workers: number, start: () => PoolWorker,
) => Promise<ComparisonResult<StudyIdsOf<LA, EA>, StudyIdsOf<LB, EB>>>;

/**
 * `compareInWebWorkers`, typed with the two scenarios' ids.
 *
 * @example
 * const c: CompareInWebWorkers = compareInWebWorkers;
 */
export type CompareInWebWorkers = <LA extends LandscapeIds = LandscapeIds, EA extends string = string, LB extends LandscapeIds = LandscapeIds, EB extends string = string>(
  a: ScenarioSpec<LA, EA> | Plan<LA, EA>, b: ScenarioSpec<LB, EB> | Plan<LB, EB>, options: Omit<WebWorkerOptions, 'module'>,
) => Promise<ComparisonResult<StudyIdsOf<LA, EA>, StudyIdsOf<LB, EB>>>;

/**
 * `merge`, keeping the shards' ids.
 *
 * @example
 * const m: Merge = merge;
 */
export type Merge = <I extends StudyIds = StudyIds>(parts: readonly SimulationResult<I>[]) => SimulationResult<I>;

/**
 * A {@link World} whose results are typed with its scenario's ids `I`
 * (what `createWorld` returns).
 *
 * @example
 * const world: WorldOf<StudyIds> = createWorld(scenario, { seed: 1 });
 */
export type WorldOf<I extends StudyIds> = {
  /** See `World.run`. */
  run(): RunResult<I>;
  /** See `World.result`. */
  result(): RunResult<I>;
  /** See `World.runView`. */
  runView(): RunResult<I>;
} & World;

/**
 * `createWorld`, typed with the scenario's ids.
 *
 * @example
 * const c: CreateWorld = createWorld;
 */
export type CreateWorld = <L extends LandscapeIds = LandscapeIds, E extends string = string>(
  scenario: ScenarioSpec<L, E> | Plan<L, E>, options?: WorldOptions,
) => WorldOf<StudyIdsOf<L, E>>;

/**
 * `runScenario`, typed with the scenario's ids.
 *
 * @example
 * const r: RunScenario = runScenario;
 */
export type RunScenario = <L extends LandscapeIds = LandscapeIds, E extends string = string>(
  scenario: ScenarioSpec<L, E> | Plan<L, E>, options?: WorldOptions,
) => RunResult<StudyIdsOf<L, E>>;
