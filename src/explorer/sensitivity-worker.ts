/**
 * The explorer page's second worker (dist/explorer/sensitivity-worker.js, an
 * ES module worker): the headline sensitivity of a study (the tornado), off
 * the page's thread so that the page stays responsive and Cancel can stop it
 * (the page terminates the worker). It receives `{ scenario, runs, seed }`
 * and answers `{ result }` (the sensitivity's data), `{ none }` (no market to
 * analyse) or `{ error }`. The build turns `../index.js` into
 * `../browser/rivalsim.js`.
 */
import { headlineOutput, prepareScenario, sensitivity, type ScenarioSpec, type Seed } from '../index.js';

/** The worker's scope, as far as this script uses it (the DOM library types `self` as a window). */
const scope = globalThis as unknown as {
  onmessage: ((event: { data: { scenario: ScenarioSpec; runs: number; seed: Seed } }) => void) | null;
  postMessage(message: unknown): void;
};

scope.onmessage = async ({ data }) => {
  try {
    const plan = await prepareScenario(data.scenario);
    const output = headlineOutput(plan);
    if (!output || data.runs < 10) {
      scope.postMessage({ none: output ? 'fewer than 10 runs' : 'no market to analyse' });
      return;
    }
    const s = await sensitivity(plan, { output, runs: data.runs, seed: data.seed });
    scope.postMessage({ result: { output: s.output, runs: s.runs, seed: s.seed, inputs: s.inputs, skipped: s.skipped, steps: s.steps } });
  } catch (e) {
    scope.postMessage({ error: e instanceof Error ? e.message : String(e) });
  }
};
