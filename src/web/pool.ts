/**
 * Browsers: `simulate` on Web Workers. Portable (it only touches
 * `globalThis.Worker` when called). The worker script is `rivalsim/web-worker`
 * (dist/web-worker.js); give its URL as served by your app or bundler.
 */
import { RivalsimError } from '../errors.js';
import type { Plan } from '../model/compile.js';
import type { ScenarioSpec } from '../model/types.js';
import { simulateOnPool, type WorkerMessage } from '../montecarlo/pool.js';
import type { SimulateOptions, SimulationResult } from '../montecarlo/simulate.js';

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
  addEventListener(type: 'message' | 'error', listener: (event: { data?: unknown; message?: string }) => void): void;
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
  const WorkerClass = (globalThis as { Worker?: new (url: string | URL, options?: { type: 'module' }) => WebWorkerLike }).Worker;
  if (!WorkerClass) throw new RivalsimError('No Web Workers here', 'workerUrl', String(options.workerUrl), 'an environment with Worker (a browser, Deno)', "In Node, use simulate from 'rivalsim/node'");
  if (!Number.isInteger(options.workers) || options.workers < 1) throw new RivalsimError('Invalid number of workers', 'workers', options.workers, 'an integer ≥ 1');
  const { workers, workerUrl, module, ...portable } = options;
  return simulateOnPool(scenario, portable, workers, () => {
    const w = new WorkerClass(workerUrl, { type: 'module' });
    return {
      post: (task) => w.postMessage(task),
      listen: (onMessage, onError) => {
        w.addEventListener('message', (e) => onMessage(e.data as WorkerMessage));
        w.addEventListener('error', (e) => onError(new Error(e.message ?? 'Web Worker error')));
      },
      terminate: () => w.terminate(),
    };
  }, module === undefined ? undefined : String(module));
}
