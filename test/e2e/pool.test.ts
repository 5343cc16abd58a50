/**
 * The worker pool's protocol, with in-process workers that answer
 * asynchronously and out of order: the result is bit-identical to the
 * in-process simulate, as it is with worker threads and Web Workers.
 */
import { describe, expect, it } from 'vitest';
import {
  scenarios, simulate, simulateOnPool, compare, compareOnPool, mergeComparisons, workerRunner, BLOCK_RUNS, RivalsimError, RunError,
  type PoolWorker, type WorkerMessage, type WorkerTask,
} from '../../src/index.js';
import { simulate as simulateOnThreads, compare as compareOnThreads } from '../../src/node/index.js';

/** A worker in this thread that answers after a random delay. */
function fakeWorker(delays: number[]): PoolWorker {
  const run = workerRunner(async () => ({}));
  let onMessage: (m: WorkerMessage) => void = () => {};
  return {
    post(task: WorkerTask) {
      setTimeout(() => { void run(task, onMessage); }, delays.shift() ?? 0);
    },
    listen(m) { onMessage = m; },
    terminate() {},
  };
}

describe('worker pool', () => {
  const s = { ...scenarios.baseline, horizon: 8 };
  const runs = 5 * BLOCK_RUNS + 3;

  it('gives the in-process result bit for bit, whatever the number of workers and the order chunks finish', async () => {
    const reference = await simulate(s, { runs, seed: 4, keepPaths: 2 });
    for (const workers of [1, 2, 3]) {
      const delays = [30, 0, 10, 20, 5, 0, 15, 0, 25, 0];
      const r = await simulateOnPool(s, { runs, seed: 4, keepPaths: 2 }, workers, () => fakeWorker(delays));
      expect(r.toCSV()).toBe(reference.toCSV());
      expect(JSON.stringify(r.events())).toBe(JSON.stringify(reference.events()));
      expect(r.rankTable()).toEqual(reference.rankTable());
      expect(Array.from(r.paths[1].series('phones', 'share', 'apple'))).toEqual(Array.from(reference.paths[1].series('phones', 'share', 'apple')));
    }
  });

  it('deals shrinking chunks and collects each worker\'s accumulators once, at the end', async () => {
    const seen: Array<{ kind: string; runs?: number }> = [];
    const counting = (): PoolWorker => {
      const w = fakeWorker([5, 0, 10]);
      return {
        post: (task) => { seen.push({ kind: task.collect ? 'collect' : 'chunk', runs: task.to - task.from }); w.post(task); },
        listen: (m, e) => w.listen((msg) => { if (msg.kind === 'collected') seen.push({ kind: 'collected' }); m(msg); }, e),
        terminate: () => w.terminate(),
      };
    };
    const runsMany = 20 * BLOCK_RUNS;
    // A Latin hypercube: each worker builds the design once and reuses it for its next chunks.
    const options = { runs: runsMany, seed: 2, design: 'latin-hypercube' as const };
    const r = await simulateOnPool(s, options, 2, counting);
    expect(r.toCSV()).toBe((await simulate(s, options)).toCSV());
    const chunks = seen.filter((x) => x.kind === 'chunk').map((x) => x.runs!);
    expect(chunks.reduce((a, b) => a + b, 0)).toBe(runsMany);
    expect(chunks[0]).toBeGreaterThan(chunks[chunks.length - 1]); // guided: they shrink
    expect(chunks[chunks.length - 1]).toBe(BLOCK_RUNS);
    expect(seen.filter((x) => x.kind === 'collect')).toHaveLength(2);
    expect(seen.filter((x) => x.kind === 'collected')).toHaveLength(2);
  });

  it('quantiles: [] (no histograms) gives the in-process result on pool workers too', async () => {
    const options = { runs, seed: 8, quantiles: [] };
    const r = await simulateOnPool(s, options, 2, () => fakeWorker([10, 0, 5]));
    expect(r.toCSV()).toBe((await simulate(s, options)).toCSV());
    expect(r.groups().main.summary.histograms).toBe(false);
    const c = await compareOnPool(s, s, options, 2, () => fakeWorker([0, 10]));
    expect(c.a.groups().main.summary.histograms).toBe(false);
    expect(c.toCSV()).toBe((await compare(s, s, options)).toCSV());
  });

  it('reports progress up to the total', async () => {
    const seen: number[] = [];
    await simulateOnPool(s, { runs, seed: 1, onProgress: (p) => seen.push(p.done) }, 2, () => fakeWorker([]));
    expect(Math.max(...seen)).toBe(runs);
  });

  it('a failed run stops the study with the earliest failing run, as on one thread, whatever the order chunks finish', async () => {
    // About 2 % of runs draw q > 0.98 and divide by zero in a custom metric.
    const failing = {
      ...s, parameters: { q: { dist: 'uniform', min: 0, max: 1 } },
      metrics: [{ id: 'fragile', market: 'phones', expr: 'share / (q > 0.98 ? 0 : 1)' }],
    } as typeof s;
    const reference = await simulate(failing, { runs, seed: 6 }).catch((e) => e);
    expect(reference).toBeInstanceOf(RunError);
    for (const workers of [2, 3]) {
      // The first worker's first chunk starts last, so later chunks fail first.
      let started = 0;
      const error = await simulateOnPool(failing, { runs, seed: 6 }, workers, () => fakeWorker(started++ === 0 ? [80] : [])).catch((e) => e);
      expect(error).toBeInstanceOf(RunError);
      expect(error.run).toBe(reference.run);
      expect(error.message).toBe(reference.message);
    }
  });

  it('refuses functions that cannot cross to workers, naming where they are', async () => {
    const error = await simulateOnPool(s, { runs: 10, predicates: { x: () => true } }, 2, () => fakeWorker([])).catch((e) => e);
    expect(error).toBeInstanceOf(RivalsimError);
    expect(error.path).toBe('options.predicates.x');
  });

  it('worker threads give the in-process result bit for bit', async () => {
    const options = { runs: 2 * BLOCK_RUNS + 1, seed: 9 };
    const one = await simulate(s, options);
    const two = await simulateOnThreads(s, { ...options, workers: 2 });
    expect(two.toCSV()).toBe(one.toCSV());
    // Options reach the workers: a study of fewer metrics is the same on threads too.
    const few = await simulateOnThreads(s, { ...options, metrics: ['installedBase'], workers: 2 });
    expect(few.markets[0].metrics).toEqual(['share', 'installedBase']);
    expect(few.toCSV()).toBe((await simulate(s, { ...options, metrics: ['installedBase'] })).toCSV());
  });

  describe('compare', () => {
    const b = { ...scenarios['apple-alibaba'], horizon: 8 };
    const same = (x: Awaited<ReturnType<typeof compare>>, y: Awaited<ReturnType<typeof compare>>) => {
      expect(x.toCSV()).toBe(y.toCSV());
      expect(x.a.toCSV()).toBe(y.a.toCSV());
      expect(x.b.toCSV()).toBe(y.b.toCSV());
      expect(JSON.stringify(x.b.events())).toBe(JSON.stringify(y.b.events()));
      expect(x.b.rankTable()).toEqual(y.b.rankTable());
    };

    it('on pool workers gives the in-process comparison bit for bit, whatever the number of workers and the order chunks finish', async () => {
      const options = { runs, seed: 'cmp', keepPaths: 2 };
      const reference = await compare(s, b, options);
      for (const workers of [1, 2, 3]) {
        const delays = [20, 0, 5, 30, 0, 10, 0, 15];
        const c = await compareOnPool(s, b, options, workers, () => fakeWorker(delays));
        same(c, reference);
        expect(Array.from(c.b.paths[1].series('phones', 'share', 'apple'))).toEqual(Array.from(reference.b.paths[1].series('phones', 'share', 'apple')));
        expect(c.a.paths).toHaveLength(2);
      }
      // Common random numbers survive the split: a scenario against itself differs by exactly zero.
      const self = await compareOnPool(b, b, { runs, seed: 3 }, 2, () => fakeWorker([5, 0, 5]));
      expect(self.difference('phones', 'share', 'apple')).toMatchObject({ mean: 0, sd: 0, pGreater: 0, pLess: 0 });
    });

    it('on pool workers refuses predicates (functions), naming where they are, and scenarios on different calendars', async () => {
      const error = await compareOnPool(s, b, { runs: 10, predicates: { x: () => true } }, 2, () => fakeWorker([])).catch((e) => e);
      expect(error).toBeInstanceOf(RivalsimError);
      expect(error.path).toBe('options.predicates.x');
      const calendars = await compareOnPool(s, { ...b, horizon: 9 }, { runs: 10 }, 2, () => fakeWorker([])).catch((e) => e);
      expect(calendars).toBeInstanceOf(RivalsimError);
      expect(calendars.path).toBe('b.horizon');
    });

    it('summarises only the metrics asked for (and share), on one thread and on pool workers alike', async () => {
      const options = { runs: BLOCK_RUNS + 1, seed: 2, metrics: ['users'] };
      const c = await compare(s, b, options);
      expect(c.markets.map((m) => m.metrics)).toEqual([['share'], ['share', 'users']]);
      expect(c.b.markets[1].metrics).toEqual(['share', 'users']);
      same(await compareOnPool(s, b, options, 2, () => fakeWorker([5, 0])), c);
      const error = await compare(s, b, { runs: 10, metrics: ['userz'] }).catch((e) => e);
      expect(error).toBeInstanceOf(RivalsimError);
      expect(error.path).toBe('metrics[0]');
    });

    it('in shards (on one thread or on pool workers), merged in any order, gives the comparison run in one go bit for bit', async () => {
      const options = { runs, seed: 'cmp', keepPaths: 300, rankSteps: [4, 8] };
      const reference = await compare(s, b, options);
      for (const count of [2, 3, 6]) {
        const parts = [];
        for (let index = count - 1; index >= 0; index--) {
          const shard = { index, count };
          parts.push(index % 2 ? await compareOnPool(s, b, { ...options, shard }, 2, () => fakeWorker([10, 0, 5])) : await compare(s, b, { ...options, shard }));
        }
        expect(parts.map((p) => p.coverage.to - p.coverage.from).reduce((x, y) => x + y, 0)).toBe(runs);
        const merged = mergeComparisons(parts);
        same(merged, reference);
        expect(merged.coverage).toEqual({ runs, from: 0, to: runs });
        expect(merged.b.paths.map((p) => p.at('phones', 'share', 'apple', 8))).toEqual(reference.b.paths.map((p) => p.at('phones', 'share', 'apple', 8)));
      }
    });

    it('in shards: a missing or repeated shard, another study, an empty shard and a simulation result are errors naming the fix', async () => {
      const options = { runs, seed: 1 };
      const parts = await Promise.all([0, 1, 2].map((index) => compare(s, b, { ...options, shard: { index, count: 3 } })));
      const errorOf = (f: () => unknown) => { try { f(); } catch (e) { return e as RivalsimError; } throw new Error('no error'); };
      expect(errorOf(() => mergeComparisons([parts[0], parts[2]])).message).toMatch(/Missing runs between shards/);
      expect(errorOf(() => mergeComparisons([parts[0], parts[1], parts[1], parts[2]])).message).toMatch(/Overlapping shards/);
      const otherSeed = await compare(s, b, { runs, seed: 2, shard: { index: 1, count: 3 } });
      expect(errorOf(() => mergeComparisons([parts[0], otherSeed, parts[2]])).message).toMatch(/Shards of different studies/);
      const swapped = await compare(b, s, { ...options, shard: { index: 1, count: 3 } });
      expect(errorOf(() => mergeComparisons([parts[0], swapped, parts[2]])).message).toMatch(/Shards of different studies/);
      const single = await simulate(s, { ...options, shard: { index: 1, count: 3 } });
      expect(errorOf(() => mergeComparisons([parts[0], single as never, parts[2]]))).toMatchObject({ path: 'parts[1]' });
      expect(errorOf(() => mergeComparisons([]))).toBeInstanceOf(RivalsimError);
      // 300 runs are two blocks: shard 0 of 3 is empty, on one thread and on workers alike (it used to hang on workers).
      for (const run of [
        () => compare(s, b, { runs: 300, shard: { index: 0, count: 3 } }),
        () => compareOnPool(s, b, { runs: 300, shard: { index: 0, count: 3 } }, 2, () => fakeWorker([])),
        () => simulateOnPool(s, { runs: 300, shard: { index: 0, count: 3 } }, 2, () => fakeWorker([])),
      ]) {
        const error = await run().catch((e) => e);
        expect(error).toBeInstanceOf(RivalsimError);
        expect(error.message).toMatch(/Empty shard/);
      }
    });

    it('on worker threads gives the in-process comparison bit for bit', async () => {
      const options = { runs: 2 * BLOCK_RUNS + 7, seed: 5 };
      same(await compareOnThreads(s, b, { ...options, workers: 2 }), await compare(s, b, options));
    });
  });
});
