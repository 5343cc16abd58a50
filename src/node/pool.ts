/**
 * Node-only: `simulate` on a pool of worker threads, with results
 * bit-identical to one thread. Runs are dealt out in chunks of whole blocks
 * (see BLOCK_RUNS); accumulators merge with exact, order-independent
 * arithmetic, so neither the number of workers nor the order in which
 * chunks finish changes a single bit.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { RivalsimError } from '../errors.js';
import { prepareScenario, type Plan } from '../model/compile.js';
import type { RunResult } from '../model/result.js';
import type { ScenarioSpec } from '../model/types.js';
import { World } from '../model/world.js';
import { createRandomSource } from '../random/source.js';
import { buildDesign } from '../montecarlo/design.js';
import { BLOCK_RUNS } from '../montecarlo/exact.js';
import { checkRunOptions, RunError } from '../montecarlo/runner.js';
import {
  Group, SimulationResult, checkSummaryOptions, shardRange, simulate as simulateInProcess,
  type GroupState, type SimulateOptions,
} from '../montecarlo/simulate.js';
import type { WorkerTask } from './worker.js';

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

/** Path of the first function found in a value, or undefined. */
function findFunction(value: unknown, path: string, seen = new Set<unknown>()): string | undefined {
  if (typeof value === 'function') return path;
  if (typeof value !== 'object' || value === null || seen.has(value) || ArrayBuffer.isView(value)) return undefined;
  seen.add(value);
  for (const [k, v] of Object.entries(value)) {
    const found = findFunction(v, Array.isArray(value) ? `${path}[${k}]` : `${path}.${k}`, seen);
    if (found) return found;
  }
  return undefined;
}

/** A worker running worker.js (built) or worker.ts through tsx (from source). */
function startWorker(): Worker {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new Worker(new URL('./worker.js', here));
  const tsx = import.meta.resolve('tsx/esm/api');
  const worker = new URL('./worker.ts', here).href;
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
  const requested = options.workers ?? 1;
  const workers = requested === 'auto' ? availableParallelism() : requested;
  if (!Number.isInteger(workers) || workers < 1) throw new RivalsimError('Invalid number of workers', 'workers', requested, "an integer ≥ 1 or 'auto'");
  const { module, workers: _w, ...portable } = options;
  if (workers === 1) return simulateInProcess(scenario, portable);

  const plan = await prepareScenario(scenario);
  const { seed, runs } = checkRunOptions(options);
  const { quantiles, rankSteps } = checkSummaryOptions(plan, options);
  const range = options.shard ? shardRange(runs, options.shard) : { from: 0, to: runs };
  const moduleUrl = module === undefined ? undefined : module instanceof URL ? module.href : new URL(module, `file://${process.cwd()}/`).href;
  const fn = moduleUrl ? undefined : findFunction(plan.spec, 'scenario') ?? findFunction({ predicates: options.predicates, conditions: options.conditions }, 'options');
  if (fn) {
    throw new RivalsimError('Functions cannot cross to worker threads', fn, 'a function',
      'plain data, or a module that exports them', "Put the scenario, predicates and conditions in a module and pass { module: './study.js' }, or use workers: 1");
  }

  // Chunks of whole blocks, about four per worker for balance.
  const blocks = Math.ceil((range.to - range.from) / BLOCK_RUNS);
  const chunkBlocks = Math.max(1, Math.ceil(blocks / (workers * 4)));
  const chunks: Array<{ from: number; to: number }> = [];
  for (let b = 0; b < blocks; b += chunkBlocks) {
    chunks.push({ from: range.from + b * BLOCK_RUNS, to: Math.min(range.to, range.from + (b + chunkBlocks) * BLOCK_RUNS) });
  }
  const base: Omit<WorkerTask, 'id' | 'from' | 'to'> = {
    scenario: moduleUrl ? undefined : plan.spec, module: moduleUrl,
    options: { runs, seed, design: options.design, correlations: options.correlations, quantiles, rankSteps },
    predicateNames: Object.keys(options.predicates ?? {}), conditionNames: Object.keys(options.conditions ?? {}), rankSteps,
  };

  const pool = Array.from({ length: Math.min(workers, chunks.length) }, startWorker);
  const started = Date.now();
  const doneByChunk = new Array<number>(chunks.length).fill(0);
  let next = 0;
  let main: Group | undefined;
  const conditions = new Map<string, Group>();
  const absorb = (state: { main: GroupState; conditions: Array<readonly [string, GroupState]> }) => {
    const g = Group.fromState(plan, state.main);
    if (main) main.merge(g); else main = g;
    for (const [name, s] of state.conditions) {
      const c = Group.fromState(plan, s);
      const mine = conditions.get(name);
      if (mine) mine.merge(c); else conditions.set(name, c);
    }
  };

  try {
    await new Promise<void>((resolve, reject) => {
      let pending = chunks.length;
      const onAbort = () => reject(Object.assign(new Error('The simulation was aborted'), { name: 'AbortError' }));
      if (options.signal?.aborted) return onAbort();
      options.signal?.addEventListener('abort', onAbort, { once: true });
      const give = (w: Worker) => {
        if (next >= chunks.length) return;
        const id = next++;
        w.postMessage({ ...base, id, ...chunks[id] } satisfies WorkerTask);
      };
      for (const w of pool) {
        w.on('message', (msg: { kind: string; id: number; done?: number; state?: Parameters<typeof absorb>[0]; error?: { name: string; message: string; run?: number; path?: string } }) => {
          if (msg.kind === 'progress') {
            doneByChunk[msg.id] = msg.done!;
            options.onProgress?.({ done: doneByChunk.reduce((a, b) => a + b, 0), total: range.to - range.from, elapsedMs: Date.now() - started });
          } else if (msg.kind === 'done') {
            absorb(msg.state!);
            if (--pending === 0) resolve(); else give(w);
          } else {
            const e = msg.error!;
            reject(e.run !== undefined ? new RunError(e.run, seed, new Error(e.message.replace(/^Run \d+ \(seed [^)]*\) failed: /, ''))) : new Error(e.message));
          }
        });
        w.on('error', reject);
        give(w);
      }
    });
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }

  // Kept paths: runs are pure functions of (seed, run), so the main thread replays them.
  const paths: RunResult[] = [];
  const keep = Math.min(options.keepPaths ?? 0, range.to) - range.from;
  if (keep > 0) {
    const design = buildDesign(plan, { kind: options.design, seed, runs, correlations: options.correlations });
    const world = new World(plan);
    for (let r = range.from; r < range.from + keep; r++) {
      world.reset(createRandomSource(seed, r), design.inputs.length ? design.row(r) : undefined);
      paths.push(world.run());
    }
  }
  main!.summary.flush();
  return new SimulationResult(main!, quantiles, rankSteps, seed, options.design ?? 'monte-carlo', conditions, paths, { runs, ...range });
}
