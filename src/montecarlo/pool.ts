/**
 * A pool of workers running whole blocks of runs, portable: the Node
 * (worker_threads) and browser (Web Worker) adapters only supply how a
 * worker starts and talks. Chunks are dealt out as workers free up; their
 * accumulators merge with exact, order-independent arithmetic, so results
 * are bit-identical to one thread whatever the number of workers and the
 * order in which chunks finish.
 */
import { RivalsimError } from '../errors.js';
import { prepareScenario, type Plan } from '../model/compile.js';
import type { RunResult } from '../model/result.js';
import type { ScenarioSpec } from '../model/types.js';
import type { Seed } from '../random/source.js';
import { buildDesign } from './design.js';
import { BLOCK_RUNS } from './exact.js';
import {
  accumulateComparison, comparisonResult, prepareComparison, type ComparisonAccumulated, type ComparisonResult, type ComparisonState,
} from './compare.js';
import { abortError, checkRunOptions, eachRun, RunError } from './runner.js';
import { Group, type GroupState } from './group.js';
import { SimulationResult } from './result.js';
import { KeptInputs, type KeptInputsState } from './kept-inputs.js';
import { accumulate, checkSummaryOptions, keptInputsOptions, studyRange, type Accumulated, type SimulateOptions } from './simulate.js';
import { Summary } from './summary.js';

/**
 * A task for a worker: a scenario (or a module exporting one) and a slice of
 * whole blocks of runs, added to the worker's accumulators; or, with
 * `collect`, a request for those accumulators (which the worker then drops).
 * With `compareWith`, the runs are those of a comparison of `scenario` (a)
 * with `compareWith` (b) on common random numbers.
 */
export interface WorkerTask {
  /** Send the accumulated state instead of running (from and to are ignored). */
  collect?: boolean;
  id: number;
  scenario?: ScenarioSpec;
  /** Scenario b of a comparison (a is `scenario`). */
  compareWith?: ScenarioSpec;
  module?: string;
  options: Omit<SimulateOptions, 'onProgress' | 'signal' | 'predicates' | 'conditions' | 'keepPaths'>;
  predicateNames: string[];
  conditionNames: string[];
  /** Predicates and conditions given as text (plain data: they need no module), by name. */
  texts?: Record<string, string>;
  rankSteps: number[];
  from: number;
  to: number;
}

/** What a worker sends back: progress, a chunk done, its accumulated state (on `collect`; none if it ran nothing), an error. */
export type WorkerMessage =
  | { kind: 'progress'; id: number; done: number }
  | { kind: 'done'; id: number }
  | {
    kind: 'collected'; id: number; comparison?: ComparisonState;
    state?: { main: GroupState; conditions: Array<readonly [string, GroupState]>; kept?: KeptInputsState[] };
  }
  | { kind: 'error'; id: number; error: { name?: string; message: string; run?: number; path?: string; cause?: { message: string; path: string; expected: string } } };

/**
 * A worker as the pool sees it.
 *
 * @example
 * const w: PoolWorker = { post: (t) => port.postMessage(t), listen: (on) => port.on('message', on), terminate: () => port.close() };
 */
export interface PoolWorker {
  post(task: WorkerTask): void;
  listen(onMessage: (msg: WorkerMessage) => void, onError: (error: unknown) => void): void;
  terminate(): unknown;
}

/** What a module given to workers may export. */
export interface WorkerModule {
  scenario?: ScenarioSpec;
  predicates?: SimulateOptions['predicates'];
  conditions?: SimulateOptions['conditions'];
}

/**
 * The worker side: runs one task and posts its messages. A worker keeps
 * its compiled plan and its accumulators from task to task (its chunks are
 * whole blocks, so adding them to one accumulator splits nothing), and
 * sends the accumulators once, when the pool collects them.
 *
 * @example
 * self.onmessage = (e) => runWorkerTask(e.data, (m) => import(m), (msg) => self.postMessage(msg));
 */
export function workerRunner(importModule: (url: string) => Promise<unknown>) {
  // post(msg, transfer): the state's buffers can be moved rather than copied.
  let plan: Plan | undefined, planKey: string | undefined, loaded: WorkerModule | undefined;
  let planB: Plan | undefined, planBKey: string | undefined;
  let acc: Accumulated | undefined;
  let cmp: ComparisonAccumulated | undefined;
  return async function runWorkerTask(task: WorkerTask, post: (msg: WorkerMessage, transfer?: ArrayBuffer[]) => void): Promise<void> {
    try {
      if (task.collect) {
        const state = acc && {
          main: acc.main.toState(), conditions: [...acc.conditions].map(([name, g]) => [name, g.toState()] as const), kept: acc.kept?.map((k) => k.toState()),
        };
        const comparison = cmp && { a: cmp.a.toState(), b: cmp.b.toState(), diff: cmp.diff.toState() };
        acc = undefined;
        cmp = undefined;
        post({ kind: 'collected', id: task.id, state, comparison }, transferables([state, comparison]));
        return;
      }
      if (task.module && !loaded) loaded = (await importModule(task.module)) as WorkerModule;
      const scenario = loaded?.scenario ?? task.scenario!;
      const key = task.module ?? JSON.stringify(task.scenario);
      if (!plan || planKey !== key) { plan = await prepareScenario(scenario); planKey = key; acc = undefined; cmp = undefined; }
      const pick = (names: string[], from: SimulateOptions['predicates']) => Object.fromEntries(names.map((n) => {
        if (task.texts?.[n] !== undefined) return [n, task.texts[n]];
        const f = from?.[n];
        if (typeof f !== 'function') throw new Error(`The module ${task.module} exports no function "${n}"`);
        return [n, f];
      }));
      const options: SimulateOptions = {
        ...task.options,
        predicates: pick(task.predicateNames, loaded?.predicates),
        conditions: pick(task.conditionNames, loaded?.conditions),
        onProgress: ({ done }) => post({ kind: 'progress', id: task.id, done }),
      };
      if (task.compareWith) {
        const keyB = JSON.stringify(task.compareWith);
        if (!planB || planBKey !== keyB) { planB = await prepareScenario(task.compareWith); planBKey = keyB; cmp = undefined; }
        cmp = await accumulateComparison(plan, planB, options, task.rankSteps, { from: task.from, to: task.to }, cmp);
      } else {
        acc = await accumulate(plan, options, task.rankSteps, { from: task.from, to: task.to }, acc);
      }
      post({ kind: 'done', id: task.id });
    } catch (error) {
      const e = error as { name?: string; message?: string; run?: number; path?: string; cause?: unknown };
      // A run that failed on bad input keeps its RivalsimError (its path, its kind) across the thread.
      const c = e?.cause instanceof RivalsimError ? { message: e.cause.message, path: e.cause.path, expected: e.cause.expected } : undefined;
      post({ kind: 'error', id: task.id, error: { name: e?.name, message: e?.message ?? String(error), run: e?.run, path: e?.path, cause: c } });
    }
  };
}

/** The distinct ArrayBuffers under a value (to move them to another thread). */
function transferables(value: unknown, out = new Set<ArrayBuffer>()): ArrayBuffer[] {
  if (ArrayBuffer.isView(value)) { if (value.buffer instanceof ArrayBuffer) out.add(value.buffer); }
  else if (Array.isArray(value)) value.forEach((v) => transferables(v, out));
  else if (typeof value === 'object' && value !== null) Object.values(value).forEach((v) => transferables(v, out));
  return [...out];
}

/** Path of the first function found in a value, or undefined. */
export function findFunction(value: unknown, path: string, seen = new Set<unknown>()): string | undefined {
  if (typeof value === 'function') return path;
  if (typeof value !== 'object' || value === null || seen.has(value) || ArrayBuffer.isView(value)) return undefined;
  seen.add(value);
  for (const [k, v] of Object.entries(value)) {
    const found = findFunction(v, Array.isArray(value) ? `${path}[${k}]` : `${path}.${k}`, seen);
    if (found) return found;
  }
  return undefined;
}

/**
 * Cuts runs [from, to) into chunks of whole blocks as workers free up
 * (guided self-scheduling): each takes 1/(2 × workers) of the blocks left,
 * so chunks shrink to one block at the end and no worker idles long while
 * another finishes. Workers keep their accumulators between chunks, so
 * small chunks cost only a message. Returns undefined once all are dealt.
 *
 * @example
 * const next = chunkDealer({ from: 0, to: 4096 }, 2);
 * next(); // => { from: 0, to: 1024 } (4 of the 16 blocks)
 */
export function chunkDealer(range: { from: number; to: number }, workers: number): () => { from: number; to: number } | undefined {
  const blocks = Math.ceil((range.to - range.from) / BLOCK_RUNS);
  let nextBlock = 0;
  return () => {
    if (nextBlock >= blocks) return undefined;
    const size = Math.max(1, Math.ceil((blocks - nextBlock) / (2 * workers)));
    const chunk = { from: range.from + nextBlock * BLOCK_RUNS, to: Math.min(range.to, range.from + (nextBlock + size) * BLOCK_RUNS) };
    nextBlock += size;
    return chunk;
  };
}

/**
 * Deals runs [from, to) of a task to `workers` pool workers in chunks of
 * whole blocks and hands each worker's collected accumulators to `absorb`
 * (in any order: the merges are exact). When runs fail, it rejects with the
 * earliest failing run (a RunError), the one a single thread stops at.
 */
async function runChunks(
  base: Omit<WorkerTask, 'id' | 'from' | 'to'>, range: { from: number; to: number }, options: SimulateOptions, seed: Seed,
  workers: number, start: () => PoolWorker, absorb: (msg: Extract<WorkerMessage, { kind: 'collected' }>) => void,
): Promise<void> {
  const blocks = Math.ceil((range.to - range.from) / BLOCK_RUNS);
  const nextChunk = chunkDealer(range, workers);
  const pool = Array.from({ length: Math.min(workers, blocks) }, start);
  const started = Date.now();
  const doneByChunk: number[] = [];
  let next = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      // Each worker runs chunks as it frees up, then hands over its accumulators once.
      let collecting = pool.length;
      // A failed run stops the dealing; the chunks under way finish (one of them may fail at an
      // earlier run), then the earliest failure is reported: the same run as on one thread.
      let inFlight = 0;
      let failure: { run: number; error: Error } | undefined;
      const onAbort = () => reject(abortError());
      if (options.signal?.aborted) return onAbort();
      options.signal?.addEventListener('abort', onAbort, { once: true });
      const give = (w: PoolWorker, index: number) => {
        if (failure) {
          if (inFlight === 0) reject(failure.error);
          return;
        }
        const chunk = nextChunk();
        if (chunk) {
          const id = next++;
          doneByChunk[id] = 0;
          inFlight++;
          w.post({ ...base, id, ...chunk });
        } else {
          w.post({ ...base, id: -1 - index, from: 0, to: 0, collect: true });
        }
      };
      pool.forEach((w, index) => {
        w.listen((msg) => {
          if (msg.kind === 'progress') {
            doneByChunk[msg.id] = msg.done;
            options.onProgress?.({ done: doneByChunk.reduce((a, b) => a + b, 0), total: range.to - range.from, elapsedMs: Date.now() - started });
          } else if (msg.kind === 'done') {
            inFlight--;
            give(w, index);
          } else if (msg.kind === 'collected') {
            try { absorb(msg); } catch (e) { reject(e); return; }
            if (--collecting === 0) resolve();
          } else {
            const e = msg.error;
            if (e.run === undefined) { reject(new Error(e.message)); return; }
            inFlight--;
            if (!failure || e.run < failure.run) {
              failure = { run: e.run, error: new RunError(e.run, seed, e.cause ? rebuiltError(e.cause) : new Error(e.message.replace(/^Run \d+ \(seed [^)]*\) failed: /, ''))) };
            }
            give(w, index);
          }
        }, reject);
        give(w, index);
      });
    });
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
}

/** The options a worker needs (checked ones; no functions, no signal). */
function taskOptions(options: SimulateOptions, runs: number, seed: Seed, quantiles: number[], rankSteps: number[]): WorkerTask['options'] {
  return {
    runs, seed, design: options.design, correlations: options.correlations, posterior: options.posterior, quantiles, rankSteps, metrics: options.metrics,
    keepInputs: options.keepInputs,
  };
}

/** The predicates and conditions given as text, by name (names are shared: a predicate and a condition may not differ under one name). */
function textsOf(options: SimulateOptions): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [kind, record] of [['predicates', options.predicates], ['conditions', options.conditions]] as const) {
    for (const [name, p] of Object.entries(record ?? {})) {
      if (typeof p !== 'string') continue;
      if (out[name] !== undefined && out[name] !== p) {
        throw new RivalsimError('Predicate and condition share a name', `${kind}.${name}`, p, 'distinct names for a predicate and a condition that differ');
      }
      out[name] = p;
    }
  }
  return out;
}

/**
 * The kept paths of a study run on workers: the full results of its first
 * `keepPaths` runs from `from` on (below `to`), replayed on the calling
 * thread, since a run is a pure function of (seed, run) and its design row.
 */
async function replayPaths(plan: Plan, options: SimulateOptions, seed: Seed, runs: number, from: number, to = runs): Promise<RunResult[]> {
  const paths: RunResult[] = [];
  const keep = Math.min(options.keepPaths ?? 0, to) - from;
  if (keep <= 0) return paths;
  const design = buildDesign(plan, { kind: options.design, seed, runs, correlations: options.correlations, posterior: options.posterior });
  await eachRun([plan], [design], { seed }, { from, to: from + keep }, (_, [result]) => { paths.push(result.clone()); });
  return paths;
}

/**
 * {@link compare} on `workers` pool workers started by `start`; the result
 * is bit-identical to the in-process `compare`. Both scenarios must be plain
 * data (they are sent to the workers).
 */
export async function compareOnPool(
  a: ScenarioSpec | Plan, b: ScenarioSpec | Plan, options: SimulateOptions, workers: number, start: () => PoolWorker,
): Promise<ComparisonResult> {
  const { planA, planB, runs, seed, quantiles, rankSteps, range } = await prepareComparison(a, b, options);
  const fn = findFunction(planA.spec, 'a') ?? findFunction(planB.spec, 'b') ?? findFunction({ predicates: options.predicates }, 'options');
  if (fn) {
    throw new RivalsimError('Functions cannot cross to workers', fn, 'a function', 'plain data (declarative policies, expressions)',
      'Compare scenarios that hold functions on one thread (workers: 1)');
  }
  const base: Omit<WorkerTask, 'id' | 'from' | 'to'> = {
    scenario: planA.spec, compareWith: planB.spec, options: taskOptions(options, runs, seed, quantiles, rankSteps),
    predicateNames: Object.keys(options.predicates ?? {}), conditionNames: [], rankSteps, texts: textsOf(options),
  };
  let acc: ComparisonAccumulated | undefined;
  await runChunks(base, range, options, seed, workers, start, (msg) => {
    const c = msg.comparison;
    if (!c) return;
    if (!acc) {
      acc = { a: Group.fromState(planA, c.a, true), b: Group.fromState(planB, c.b, true), diff: Summary.fromState(c.diff, true), paths: [[], []] };
    } else {
      acc.a.mergeState(c.a); acc.b.mergeState(c.b); acc.diff.mergeState(c.diff);
    }
  });
  acc!.paths = [await replayPaths(planA, options, seed, runs, range.from, range.to), await replayPaths(planB, options, seed, runs, range.from, range.to)];
  acc!.a.summary.flush(); acc!.b.summary.flush(); acc!.diff.flush();
  return comparisonResult(acc!, { ...options, seed }, quantiles, rankSteps, range);
}

/**
 * Runs a study on `workers` pool workers started by `start`; the result is
 * bit-identical to the in-process `simulate`. `moduleUrl`, when given, is
 * imported by each worker (for scenarios, predicates and conditions that
 * hold functions).
 */
export async function simulateOnPool(
  scenario: ScenarioSpec | Plan, options: SimulateOptions, workers: number, start: () => PoolWorker, moduleUrl?: string,
): Promise<SimulationResult> {
  const plan = await prepareScenario(scenario);
  const { seed, runs } = checkRunOptions(options);
  const { quantiles, rankSteps } = checkSummaryOptions(plan, options);
  const range = studyRange(runs, options.shard);
  const fn = moduleUrl ? undefined : findFunction(plan.spec, 'scenario') ?? findFunction({ predicates: options.predicates, conditions: options.conditions }, 'options');
  if (fn) {
    throw new RivalsimError('Functions cannot cross to workers', fn, 'a function', 'plain data, or a module that exports them',
      "Put the scenario, predicates and conditions in a module and pass { module: './study.js' }, or use workers: 1");
  }

  const base: Omit<WorkerTask, 'id' | 'from' | 'to'> = {
    scenario: moduleUrl ? undefined : plan.spec, module: moduleUrl, options: taskOptions(options, runs, seed, quantiles, rankSteps),
    predicateNames: Object.keys(options.predicates ?? {}), conditionNames: Object.keys(options.conditions ?? {}), rankSteps, texts: textsOf(options),
  };
  let main: Group | undefined;
  const conditions = new Map<string, Group>();
  const keepInputs = keptInputsOptions(options);
  const kept: KeptInputs[] = [];
  await runChunks(base, range, options, seed, workers, start, (msg) => {
    if (!msg.state) return;
    // A worker's state is handed over (moved, never used again there): the first one is adopted, not copied.
    if (main) main.mergeState(msg.state.main); else main = Group.fromState(plan, msg.state.main, true);
    for (const [name, s] of msg.state.conditions) {
      const mine = conditions.get(name);
      if (mine) mine.mergeState(s); else conditions.set(name, Group.fromState(plan, s, true));
    }
    if (keepInputs) for (const k of msg.state.kept ?? []) kept.push(KeptInputs.fromState(plan, keepInputs, k));
  });

  const paths = await replayPaths(plan, options, seed, runs, range.from, range.to);
  main!.summary.flush();
  return new SimulationResult(main!, quantiles, rankSteps, seed, options.design ?? 'monte-carlo', conditions, paths, { runs, ...range }, KeptInputs.join(kept));
}

/** A run's RivalsimError sent from a worker thread, as it was. */
function rebuiltError(c: { message: string; path: string; expected: string }): RivalsimError {
  const e = new RivalsimError('', c.path, undefined, c.expected);
  e.message = c.message;
  return e;
}
