/**
 * The run loop shared by `simulate` and `compare`: run r of each plan on the
 * stream of (seed, r) and the design row r, in run order, with progress,
 * cancellation and failures reported with their run and seed.
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

function abortError(): Error {
  const e = new Error('The simulation was aborted');
  e.name = 'AbortError';
  return e;
}

/**
 * The last design built for each plan, reused while (kind, seed, runs,
 * correlations) stay the same: a worker's next chunk. Only part-studies use
 * it, so a whole study run in a notebook does not keep its design alive.
 */
const designs = new WeakMap<Plan, { key: string; design: Design }>();

function designOf(plan: Plan, options: RunLoopOptions, seed: Seed, runs: number, partial: boolean): Design {
  if (!partial || options.posterior) return buildDesign(plan, { kind: options.design, seed, runs, correlations: options.correlations, posterior: options.posterior });
  const key = JSON.stringify([options.design ?? 'monte-carlo', seed, runs, options.correlations ?? null]);
  const cached = designs.get(plan);
  if (cached && cached.key === key) return cached.design;
  const design = buildDesign(plan, { kind: options.design, seed, runs, correlations: options.correlations });
  designs.set(plan, { key, design });
  return design;
}

/**
 * Runs runs [from, to) of each plan in run order and hands each run's
 * results to `onRun` (views: clone what you keep). Run r of plan p uses `createRandomSource(seed, r)` and
 * row r of p's design (built from (seed, runs) alone).
 */
export async function runLoop(
  plans: readonly Plan[],
  options: RunLoopOptions,
  onRun: (run: number, results: RunResult[]) => void,
  range?: { from: number; to: number },
): Promise<Design[]> {
  const { runs, seed } = checkRunOptions(options);
  const from = range?.from ?? 0, to = range?.to ?? runs;
  const designs = plans.map((plan) => designOf(plan, options, seed, runs, from > 0 || to < runs));
  const worlds = plans.map((plan) => new World(plan));
  const started = Date.now();
  let lastYield = started;
  const total = to - from;
  for (let r = from; r < to; r++) {
    if (options.signal?.aborted) throw abortError();
    const results: RunResult[] = [];
    try {
      for (let p = 0; p < plans.length; p++) {
        // Worlds are reused from run to run; results are views valid until the next reset.
        worlds[p].reset(createRandomSource(seed, r), designs[p].inputs.length ? designs[p].row(r) : undefined, designs[p].values?.(r));
        results.push(worlds[p].runView());
      }
      onRun(r, results);
    } catch (cause) {
      throw new RunError(r, seed, cause);
    }
    const done = r + 1 - from;
    if (done % BLOCK_RUNS === 0 || r + 1 === to) {
      options.onProgress?.({ done, total, elapsedMs: Date.now() - started });
      if (Date.now() - lastYield > 50) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        lastYield = Date.now();
      }
    }
  }
  return designs;
}
