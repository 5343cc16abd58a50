/**
 * Run r, the one rule every study follows: a world seeded with the stream
 * `createRandomSource(seed, r)`, row r of the design and the values fixed
 * for run r ({@link seedRun}); and the loop over runs [from, to) in run
 * order with progress, cancellation and failures reported as a
 * {@link RunError} naming the run and the seed ({@link eachRun}). Used by
 * `simulate`, `compare`, the worker pools, `simulateUntil`, `sensitivity`
 * and `sobol`.
 */
import { RivalsimError } from '../errors.js';
import type { Plan } from '../model/compile.js';
import type { RunResult } from '../model/result.js';
import { World } from '../model/world.js';
import { createRandomSource, type Seed } from '../random/source.js';
import { buildDesign, type CorrelationSpec, type Design, type DesignKind, type PosteriorDraws } from './design.js';
import { BLOCK_RUNS } from './exact.js';

/**
 * Progress of a simulation.
 *
 * @example
 * simulate(s, { runs: 1e5, onProgress: ({ done, total }) => console.error(`${done}/${total}`) });
 */
export interface Progress {
  done: number;
  total: number;
  elapsedMs: number;
}

/** Options of the run loop common to `simulate` and `compare`. */
export interface RunLoopOptions {
  /** Number of runs (an integer ≥ 1). */
  runs: number;
  /** Seed of the study. Default 0. */
  seed?: Seed;
  /** Sampling design of the uncertain inputs. Default `'monte-carlo'`. */
  design?: DesignKind;
  /** Rank correlations between uncertain inputs (Iman–Conover). */
  correlations?: CorrelationSpec;
  /** A calibration's posterior: run r fixes the fitted inputs to a draw chosen from (seed, r). */
  posterior?: PosteriorDraws;
  /** Called after each block of runs. */
  onProgress?: (progress: Progress) => void;
  /** Cancels the study (the promise rejects with an AbortError). */
  signal?: AbortSignal;
}

/**
 * A run that failed (a policy or an expression threw, or a sampled input was
 * invalid), with its run index and the study seed, so it can be replayed
 * with `runScenario(scenario, { seed, run })`.
 *
 * @example
 * try { await simulate(s, { runs: 100, seed: 7 }); }
 * catch (e) { if (e instanceof RunError) console.log(e.run, e.seed); }
 */
export class RunError extends Error {
  constructor(readonly run: number, readonly seed: Seed, override readonly cause: unknown) {
    super(`Run ${run} (seed ${JSON.stringify(seed)}) failed: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'RunError';
  }
}

/** Validates the common options; returns runs and seed. */
export function checkRunOptions(options: RunLoopOptions): { runs: number; seed: Seed } {
  if (typeof options !== 'object' || options === null) throw new RivalsimError('Invalid options', 'options', options, 'an object such as { runs: 1000, seed: 42 }');
  const { runs, seed = 0 } = options;
  if (!Number.isInteger(runs) || runs < 1 || runs > 2 ** 31) throw new RivalsimError('Invalid number of runs', 'runs', runs, 'an integer ≥ 1');
  if (!(typeof seed === 'string' || (typeof seed === 'number' && Number.isFinite(seed)))) throw new RivalsimError('Invalid seed', 'seed', seed, 'a finite number or a string');
  return { runs, seed };
}

/** The error a cancelled study rejects with (`name` `'AbortError'`, as `fetch`'s). */
export function abortError(): Error {
  const e = new Error('The simulation was aborted');
  e.name = 'AbortError';
  return e;
}

/**
 * Seeds `world` for run `run` of a study: the run's own stream
 * `createRandomSource(seed, design.stream(run))` (`run` itself by
 * default), row `run` of the design (when it places any input) and the
 * inputs the design fixes for that run. Every loop over runs goes through
 * here, so a run is the same pure function of (seed, run, design) wherever
 * it is made.
 *
 * @example
 * seedRun(world, 42, 7).runView().at('phones', 'share', 'apple', 36); // the same as runScenario(s, { seed: 42, run: 7 })
 */
export function seedRun(world: World, seed: Seed, run: number, design?: RunDesign): World {
  const stream = design?.stream ? design.stream(run) : run;
  return world.reset(createRandomSource(seed, stream), design && design.inputs.length ? design.row(run) : undefined, design?.values?.(run));
}

/**
 * What {@link seedRun} reads of a design: the inputs it places, row r, and
 * optionally the values fixed in run r and the stream of run r. A
 * {@link Design} is one; so is Sobol's Saltelli design.
 */
export type RunDesign = Pick<Design, 'inputs' | 'row' | 'values' | 'stream'>;

/** What {@link eachRun} needs besides the worlds: the study's seed, and optional progress and cancellation. */
export interface RunSweep {
  seed: Seed;
  /** Called after each block of runs and after the last. */
  onProgress?: (progress: Progress) => void;
  /** Cancels the sweep (it rejects with an AbortError). */
  signal?: AbortSignal;
  /** @internal false: the worlds compute no flows between brands (their `flow:` series stay zero), for a study that reads none. */
  flows?: boolean;
}

/**
 * Makes runs [from, to) of each plan in run order (plan p with design p:
 * common random numbers across plans, each on a world of its own, reused
 * from run to run), and hands the results to `onRun` (views, valid until
 * the next run: clone what you keep). Reports
 * progress after each block of {@link BLOCK_RUNS} runs, yields to the event
 * loop now and then, stops with an AbortError when `signal` is aborted, and
 * rethrows a failure of a run (or of `onRun` on it) as a {@link RunError}.
 *
 * @example
 * await eachRun([plan], [], { seed: 42 }, { from: 0, to: 100 }, (r, [result]) => sums[r] = result.at('phones', 'share', 'apple', 36));
 */
export async function eachRun(
  plans: readonly Plan[], designs: ReadonlyArray<RunDesign | undefined>, sweep: RunSweep, range: { from: number; to: number },
  onRun: (run: number, results: RunResult[]) => void,
): Promise<void> {
  const { seed, signal, onProgress } = sweep;
  const { from, to } = range;
  const worlds = plans.map((plan) => new World(plan, undefined, undefined, undefined, { flows: sweep.flows !== false }));
  const started = Date.now();
  let lastYield = started;
  const total = to - from;
  const results: RunResult[] = new Array<RunResult>(worlds.length);
  for (let r = from; r < to; r++) {
    if (signal?.aborted) throw abortError();
    try {
      // Worlds are reused from run to run; results are views valid until the next reset.
      for (let p = 0; p < worlds.length; p++) results[p] = seedRun(worlds[p], seed, r, designs[p]).runView();
      onRun(r, results);
    } catch (cause) {
      throw new RunError(r, seed, cause);
    }
    const done = r + 1 - from;
    if (done % BLOCK_RUNS === 0 || r + 1 === to) {
      onProgress?.({ done, total, elapsedMs: Date.now() - started });
      if (Date.now() - lastYield > 50) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        lastYield = Date.now();
      }
    }
  }
}

/**
 * The designs of a study's plans and what they were built from (kind,
 * seed, runs, correlations): the accumulators of a part-study keep them for
 * its next part (a worker's next chunk), which then builds none.
 */
export interface StudyDesigns {
  key: string;
  designs: Design[];
}

/**
 * Runs runs [from, to) of each plan in run order (see {@link eachRun}) and
 * hands each run's results to `onRun`. Run r of plan p uses
 * `createRandomSource(seed, r)` and row r of p's design (built from
 * (seed, runs) alone, or `previous`'s when it was built from the same);
 * returns the designs.
 */
export async function runLoop(
  plans: readonly Plan[],
  options: RunLoopOptions,
  onRun: (run: number, results: RunResult[]) => void,
  range?: { from: number; to: number },
  previous?: StudyDesigns,
  flows = true,
): Promise<StudyDesigns> {
  const { runs, seed } = checkRunOptions(options);
  const from = range?.from ?? 0, to = range?.to ?? runs;
  // A posterior is not part of the key: a study with one never reuses designs.
  const key = options.posterior ? '' : JSON.stringify([options.design ?? 'monte-carlo', seed, runs, options.correlations ?? null]);
  const designs = key !== '' && previous?.key === key && previous.designs.length === plans.length
    ? previous.designs
    : plans.map((plan) => buildDesign(plan, { kind: options.design, seed, runs, correlations: options.correlations, posterior: options.posterior }));
  await eachRun(plans, designs, { seed, signal: options.signal, onProgress: options.onProgress, flows }, { from, to }, onRun);
  return { key, designs };
}
