/**
 * The explorer page's side of the sensitivity worker (sensitivity-worker.ts):
 * the headline sensitivity runs on a worker of its own, so that Cancel
 * stops it; its data comes back and is given its `at()` again.
 */
import type { ScenarioSpec, SensitivityResult, SensitivityStep } from '../index.js';

/** What the sensitivity worker sends back: a sensitivity's data (its methods stay behind). */
type SensitivityData = Pick<SensitivityResult, 'output' | 'runs' | 'seed' | 'inputs' | 'skipped' | 'steps'>;

/** The headline sensitivity (as `run --report`: min(runs, 2000) runs of the seed) on a worker of its own, so Cancel stops it. */
export function sensitivityInWorker(workerUrl: URL, scenario: ScenarioSpec, runs: number, seed: number | string, signal: AbortSignal): Promise<SensitivityResult | undefined> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerUrl, { type: 'module' });
    const stop = () => { worker.terminate(); reject(new DOMException('The study was cancelled', 'AbortError')); };
    if (signal.aborted) return stop();
    signal.addEventListener('abort', stop, { once: true });
    worker.addEventListener('message', (e: MessageEvent<{ result?: SensitivityData; none?: string; error?: string }>) => {
      worker.terminate();
      signal.removeEventListener('abort', stop);
      if (e.data.error !== undefined) reject(new Error(`Sensitivity: ${e.data.error}`));
      else if (!e.data.result) resolve(undefined);
      else {
        const data = e.data.result;
        const at = (step?: number): SensitivityStep => {
          const found = step === undefined ? data.steps[0] : data.steps.find((s) => s.step === step);
          if (!found) throw new Error(`No sensitivity at step ${step}`);
          return found;
        };
        resolve({ ...data, at } as SensitivityResult);
      }
    });
    worker.addEventListener('error', (e) => { signal.removeEventListener('abort', stop); reject(new Error(`The sensitivity worker failed: ${e.message || workerUrl.href}`)); });
    worker.postMessage({ scenario, runs, seed });
  });
}
