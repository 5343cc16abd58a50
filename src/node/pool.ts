/**
 * Node-only: `simulate` and `compare` on a pool of worker threads, with results
 * bit-identical to one thread. Runs are dealt out in chunks of whole blocks
 * (see BLOCK_RUNS); accumulators merge with exact, order-independent
 * arithmetic, so neither the number of workers nor the order in which
 * chunks finish changes a single bit.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { RivalsimError } from '../errors.js';
import type { Plan } from '../model/compile.js';
import type { ScenarioSpec } from '../model/types.js';
import { compare as compareInProcess, type ComparisonResult } from '../montecarlo/compare.js';
import { compareOnPool, simulateOnPool, type PoolWorker } from '../montecarlo/pool.js';
import type { SimulationResult } from '../montecarlo/result.js';
import { simulate as simulateInProcess, type SimulateOptions } from '../montecarlo/simulate.js';

/**
 * Options of the Node `simulate`: the portable options plus worker threads.
 *
 * @example
 * const options: NodeSimulateOptions = { runs: 1_000_000, seed: 42, workers: 2 };
 */
export interface NodeSimulateOptions extends SimulateOptions {
  /** Worker threads (default 1: in process). `'auto'` uses the machine's parallelism. */
  workers?: number | 'auto';
  /**
   * A module (path or file URL) the workers import when the study has
   * functions, which cannot cross threads: it may export `scenario`,
   * `predicates` and `conditions` (records of functions, by name).
   */
  module?: string | URL;
}

/** A worker thread running `<name>.js` (built) or `<name>.ts` through tsx (from source), next to this module. */
export function startWorker(name = 'worker'): Worker {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new Worker(new URL(`./${name}.js`, here));
  const tsx = import.meta.resolve('tsx/esm/api');
  const worker = new URL(`./${name}.ts`, here).href;
  return new Worker(`import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(worker)}); });`, { eval: true });
}

/**
 * Runs a scenario like the portable `simulate`, on `workers` threads.
 * Results are bit-identical to `workers: 1` for any number of workers.
 * Policies given as objects, predicates and conditions are functions: with
 * more than one worker, put them in a module and pass `module`.
 *
 * @example
 * import { simulate } from 'rivalsim/node';
 * const result = await simulate(scenarios['apple-alibaba'], { runs: 100_000, seed: 42, workers: 2 });
 */
export async function simulate(scenario: ScenarioSpec | Plan, options: NodeSimulateOptions): Promise<SimulationResult> {
  const workers = workerCount(options.workers);
  const { module, workers: _w, ...portable } = options;
  if (workers === 1) return simulateInProcess(scenario, portable);
  const moduleUrl = module === undefined ? undefined : module instanceof URL ? module.href : new URL(module, `file://${process.cwd()}/`).href;
  return simulateOnPool(scenario, portable, workers, threadWorker, moduleUrl);
}

/**
 * Options of the Node `compare`: the portable options plus worker threads.
 *
 * @example
 * const options: NodeCompareOptions = { runs: 200_000, seed: 42, workers: 2 };
 */
export interface NodeCompareOptions extends SimulateOptions {
  /** Worker threads (default 1: in process). `'auto'` uses the machine's parallelism. */
  workers?: number | 'auto';
}

/**
 * Compares two scenarios like the portable `compare` (common random
 * numbers), on `workers` threads. Results are bit-identical to `workers: 1`
 * for any number of workers. With more than one worker both scenarios must
 * be plain data (declarative policies, expressions), and predicates are not
 * available (they are functions): use one worker for those.
 *
 * @example
 * import { compare } from 'rivalsim/node';
 * const c = await compare(scenarios.baseline, scenarios['apple-alibaba'], { runs: 100_000, seed: 42, workers: 2 });
 * c.difference('phones', 'share', 'apple').mean; // => 0.02…
 */
export async function compare(a: ScenarioSpec | Plan, b: ScenarioSpec | Plan, options: NodeCompareOptions): Promise<ComparisonResult> {
  const workers = workerCount(options.workers);
  const { workers: _w, ...portable } = options;
  if (workers === 1) return compareInProcess(a, b, portable);
  return compareOnPool(a, b, portable, workers, threadWorker);
}

/** The number of workers asked for, checked (`'auto'`: the machine's parallelism). */
export function workerCount(requested: number | 'auto' = 1): number {
  const workers = requested === 'auto' ? availableParallelism() : requested;
  if (!Number.isInteger(workers) || workers < 1) throw new RivalsimError('Invalid number of workers', 'workers', requested, "an integer ≥ 1 or 'auto'");
  return workers;
}

/** A pool worker on a new worker thread. */
function threadWorker(): PoolWorker {
  const w = startWorker();
  return {
    post: (task) => w.postMessage(task),
    listen: (onMessage, onError) => { w.on('message', onMessage); w.on('error', onError); },
    terminate: () => w.terminate(),
  };
}
