/**
 * Node-only: a worker thread of the simulation pool. It receives a
 * scenario (or a module exporting one, with predicates and conditions) and
 * a slice of whole blocks of runs, accumulates them, and sends back the
 * accumulators' state. See pool.ts.
 */
import { parentPort } from 'node:worker_threads';
import { prepareScenario, type Plan } from '../model/compile.js';
import type { ScenarioSpec } from '../model/types.js';
import { accumulate, type SimulateOptions } from '../montecarlo/simulate.js';

/** A task for a worker. */
export interface WorkerTask {
  id: number;
  scenario?: ScenarioSpec;
  module?: string;
  options: Omit<SimulateOptions, 'onProgress' | 'signal' | 'predicates' | 'conditions' | 'keepPaths'>;
  predicateNames: string[];
  conditionNames: string[];
  rankSteps: number[];
  from: number;
  to: number;
}

let plan: Plan | undefined;
let planKey: string | undefined;
let loaded: { scenario?: ScenarioSpec; predicates?: SimulateOptions['predicates']; conditions?: SimulateOptions['conditions'] } | undefined;

async function run(task: WorkerTask) {
  if (task.module && !loaded) loaded = (await import(task.module)) as typeof loaded;
  const scenario = loaded?.scenario ?? task.scenario!;
  const key = task.module ?? JSON.stringify(task.scenario);
  if (!plan || planKey !== key) { plan = await prepareScenario(scenario); planKey = key; }
  const pick = (names: string[], from: SimulateOptions['predicates']) => Object.fromEntries(names.map((n) => {
    const f = from?.[n];
    if (typeof f !== 'function') throw new Error(`The module ${task.module} exports no function "${n}"`);
    return [n, f];
  }));
  const options: SimulateOptions = {
    ...task.options,
    predicates: pick(task.predicateNames, loaded?.predicates),
    conditions: pick(task.conditionNames, loaded?.conditions),
    onProgress: ({ done }) => parentPort!.postMessage({ kind: 'progress', id: task.id, done }),
  };
  const acc = await accumulate(plan, options, task.rankSteps, { from: task.from, to: task.to });
  return { main: acc.main.toState(), conditions: [...acc.conditions].map(([name, g]) => [name, g.toState()] as const) };
}

parentPort?.on('message', (task: WorkerTask) => {
  run(task).then(
    (state) => parentPort!.postMessage({ kind: 'done', id: task.id, state }),
    (error: unknown) => parentPort!.postMessage({
      kind: 'error', id: task.id,
      error: { name: (error as Error)?.name, message: (error as Error)?.message ?? String(error), run: (error as { run?: number })?.run, path: (error as { path?: string })?.path },
    }),
  );
});
