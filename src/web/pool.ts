/**
 * Browsers: `simulate` and `compare` on Web Workers. Portable (it only touches
 * `globalThis.Worker` when called). The worker script is `rivalsim/web-worker`
 * (dist/browser/web-worker.js, one file with nothing to import); give its URL
 * as served by your app or bundler. A worker that fails rejects the study
 * with the cause (see worker-failure.ts).
 */
import { RivalsimError } from '../errors.js';
import type { Plan } from '../model/compile.js';
import type { ScenarioSpec } from '../model/types.js';
import type { ComparisonResult } from '../montecarlo/compare.js';
import { compareOnPool, simulateOnPool, type PoolWorker, type WorkerMessage } from '../montecarlo/pool.js';
import type { SimulateOptions, SimulationResult } from '../montecarlo/simulate.js';
import { workerFailure, type WorkerErrorEvent } from './worker-failure.js';

/**
 * Options of {@link simulateInWebWorkers}.
 *
 * @example
 * const o: WebWorkerOptions = { runs: 100_000, seed: 1, workers: navigator.hardwareConcurrency, workerUrl: new URL('rivalsim/web-worker', import.meta.url) };
 */
export interface WebWorkerOptions extends SimulateOptions {
  /** Number of Web Workers (≥ 1). */
  workers: number;
  /** URL of the worker script (`rivalsim/web-worker`, an ES module). */
  workerUrl: string | URL;
  /** A module the workers import for scenarios, predicates or conditions that hold functions. */
  module?: string | URL;
}

interface WebWorkerLike {
  postMessage(message: unknown): void;
  addEventListener(type: 'message' | 'error' | 'messageerror', listener: (event: WorkerErrorEvent & { data?: unknown }) => void): void;
  terminate(): void;
}

/**
 * Runs a study on Web Workers; bit-identical to the in-process `simulate`.
 *
 * @example
 * import { simulateInWebWorkers, scenarios } from 'rivalsim';
 * const result = await simulateInWebWorkers(scenarios['apple-alibaba'], {
 *   runs: 100_000, seed: 42, workers: 4, workerUrl: new URL('rivalsim/web-worker', import.meta.url),
 * });
 */
export async function simulateInWebWorkers(scenario: ScenarioSpec | Plan, options: WebWorkerOptions): Promise<SimulationResult> {
  const start = webWorkers(options);
  const { workers, workerUrl: _u, module, ...portable } = options;
  return simulateOnPool(scenario, portable, workers, start, module === undefined ? undefined : String(module));
}

/**
 * Compares two scenarios on Web Workers (common random numbers);
 * bit-identical to the in-process `compare`. Both scenarios must be plain
 * data, and predicates are not available (they are functions).
 *
 * @example
 * import { compareInWebWorkers, scenarios } from 'rivalsim';
 * const c = await compareInWebWorkers(scenarios.baseline, scenarios['apple-alibaba'], {
 *   runs: 100_000, seed: 42, workers: 4, workerUrl: new URL('rivalsim/web-worker', import.meta.url),
 * });
 */
export async function compareInWebWorkers(a: ScenarioSpec | Plan, b: ScenarioSpec | Plan, options: Omit<WebWorkerOptions, 'module'>): Promise<ComparisonResult> {
  const start = webWorkers(options);
  const { workers, workerUrl: _u, ...portable } = options;
  return compareOnPool(a, b, portable, workers, start);
}

/** Checks the options and returns a function that starts one Web Worker as a pool worker. */
function webWorkers(options: Pick<WebWorkerOptions, 'workers' | 'workerUrl'>): () => PoolWorker {
  const WorkerClass = (globalThis as { Worker?: new (url: string | URL, options?: { type: 'module' }) => WebWorkerLike }).Worker;
  if (!WorkerClass) throw new RivalsimError('No Web Workers here', 'workerUrl', String(options.workerUrl), 'an environment with Worker (a browser, Deno)', "In Node, use simulate and compare from 'rivalsim/node'");
  if (!Number.isInteger(options.workers) || options.workers < 1) throw new RivalsimError('Invalid number of workers', 'workers', options.workers, 'an integer ≥ 1');
  const url = options.workerUrl;
  return () => {
    const w = new WorkerClass(url, { type: 'module' });
    return {
      post: (task) => w.postMessage(task),
      listen: (onMessage, onError) => {
        w.addEventListener('message', (e) => onMessage(e.data as WorkerMessage));
        // The event says little when the script could not start: workerFailure finds out why.
        w.addEventListener('error', (e) => { void workerFailure(e, String(url)).then(onError); });
        w.addEventListener('messageerror', () => onError(new Error(`A message from the Web Worker ${String(url)} could not be read (is the script the rivalsim/web-worker of this version of rivalsim?)`)));
      },
      terminate: () => w.terminate(),
    };
  };
}
