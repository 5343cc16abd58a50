/**
 * Shard files and the shard-and-merge round trip: in process (shards
 * written to JSON and merged back, several shard counts, any order), across
 * processes (the command line spawned from source, in parallel, then
 * `merge`), worker threads (`--workers 2` = `--workers 1`) and the errors of
 * `merge`. Small runs and short horizons: the machine has 2 cores.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { expectBadInput, inProcess, rivalsim } from './cli-helpers.js';
import { RivalsimError } from '../src/errors.js';
import type { ScenarioSpec } from '../src/model/types.js';
import { scenarios } from '../src/scenarios/china.js';
import { simulate, type SimulateOptions, type SimulationResult } from '../src/montecarlo/simulate.js';
import {
  decodeCounts, decodeFloat64, encodeCounts, encodeFloat64, mergeShardJSON, readShards, shardToJSON, writeShard,
  type ShardDocument,
} from '../src/node/shards.js';

const tmp = mkdtempSync(join(tmpdir(), 'rivalsim-shards-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const short: ScenarioSpec = { ...scenarios['apple-alibaba'], horizon: 6 };
const study: SimulateOptions = {
  runs: 1100, seed: 3, rankSteps: [3, 6],
  predicates: { appleAhead: (r) => r.at('phones', 'share', 'apple', 6) > r.at('phones', 'share', 'xiaomi', 6) },
  conditions: {
    approved: (r) => r.events.some((e) => e.kind === 'approved'),
    live: (r) => r.events.some((e) => e.kind === 'live'),
  },
};

/** Everything a result reports, as text: CSV, JSON, and each condition's CSV, events and ranks. */
function fingerprint(r: SimulationResult): string {
  return [
    r.toCSV(), JSON.stringify(r.toJSON()), JSON.stringify(r.events()), JSON.stringify(r.rankTable()),
    JSON.stringify(r.probability('appleAhead')),
    ...r.conditions.flatMap((c) => [c, r.given(c).runs, r.given(c).toCSV(), JSON.stringify(r.given(c).events()), JSON.stringify(r.given(c).rankTable())]),
  ].join('\n');
}

/** A deterministic shuffle (reversed, then every other one first). */
function shuffle<T>(xs: T[]): T[] {
  const r = [...xs].reverse();
  return [...r.filter((_, i) => i % 2 === 1), ...r.filter((_, i) => i % 2 === 0)];
}

describe('shard files in process', () => {
  it('doubles, infinities, NaN and −0 round-trip through JSON bit for bit', () => {
    // JSON writes a finite double as the shortest decimal that reads back as the same double.
    fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
      if (!Object.is(x, -0)) expect(Object.is(JSON.parse(JSON.stringify(x)), x)).toBe(true);
    }), { numRuns: 2000 });
    const edge = [0, -0, Infinity, -Infinity, NaN, Number.MIN_VALUE, -Number.MIN_VALUE, Number.MAX_VALUE, 2 ** 53 + 2, 0.1 + 0.2, 1 / 3, 2.2250738585072014e-308];
    fc.assert(fc.property(fc.array(fc.oneof(fc.double(), fc.constantFrom(...edge))), (xs) => {
      const back = decodeFloat64(JSON.parse(JSON.stringify(encodeFloat64(Float64Array.from(xs)))));
      expect(back.length).toBe(xs.length);
      xs.forEach((x, i) => expect(Object.is(back[i], x), `${x}`).toBe(true));
    }), { numRuns: 300 });
    fc.assert(fc.property(fc.array(fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 0, max: 0xffffffff })), { maxLength: 200 }), (xs) => {
      const counts = Uint32Array.from(xs);
      const sparse = encodeCounts(counts);
      expect(sparse.pairs.length).toBe(2 * xs.filter((x) => x !== 0).length);
      expect([...decodeCounts(JSON.parse(JSON.stringify(sparse)))]).toEqual(xs);
    }));
  });

  it('shards written to JSON and merged in any order are bit-identical to one run (several shard counts, conditions)', async () => {
    const whole = await simulate(short, study);
    const expected = fingerprint(whole);
    expect(whole.given('approved').runs).toBeGreaterThan(0);
    expect(whole.given('approved').runs).toBeLessThan(study.runs);
    for (const count of [2, 3, 5]) {
      const parts = await Promise.all(Array.from({ length: count }, (_, index) => simulate(short, { ...study, shard: { index, count } })));
      const texts = parts.map((p) => JSON.stringify(shardToJSON(p)));
      const docs = shuffle(texts).map((t) => JSON.parse(t) as ShardDocument);
      const merged = await mergeShardJSON(docs);
      expect(merged.coverage).toEqual({ runs: study.runs, from: 0, to: study.runs });
      expect(merged.conditions).toEqual(['approved', 'live']);
      expect(fingerprint(merged), `${count} shards`).toBe(expected);
    }
  });

  it('files: writeShard and readShards; a merged result written again reads back the same; histograms are sparse', async () => {
    const options = { ...study, design: 'latin-hypercube' as const, runs: 800 };
    const whole = await simulate(short, options);
    const files = await Promise.all([0, 1, 2].map(async (index) => {
      const file = join(tmp, `lhs-${index}.json`);
      await writeShard(await simulate(short, { ...options, shard: { index, count: 3 } }), file);
      return file;
    }));
    const merged = await readShards([files[2], files[0], files[1]]);
    expect(fingerprint(merged)).toBe(fingerprint(whole));
    expect(merged.design).toBe('latin-hypercube');
    const again = join(tmp, 'lhs-all.json');
    await writeShard(merged, again);
    expect(fingerprint(await readShards([again]))).toBe(fingerprint(whole));

    const doc = JSON.parse(readFileSync(files[0], 'utf8')) as ShardDocument;
    expect(doc).toMatchObject({ format: 'rivalsim-shard', version: 1, seed: 3, runs: 800, design: 'latin-hypercube', correlations: null, conditions: ['approved', 'live'], coverage: { runs: 800, from: 0, to: 256 } });
    expect(doc.scenario).toEqual(JSON.parse(JSON.stringify(short)));
    const hist = doc.state.main.summary.acc[0].hist!;
    const bins = hist.reduce((n, h) => n + h.length, 0), nonzero = hist.reduce((n, h) => n + h.pairs.length / 2, 0);
    expect(nonzero).toBeLessThan(bins / 20);
  });

  it('rejects a scenario with functions, non-shard documents and shards of different studies', async () => {
    const custom: ScenarioSpec = {
      ...short, horizon: 2,
      landscape: { ...short.landscape, agents: short.landscape.agents.map((a) => (a.id === 'xiaomi' ? { ...a, policy: { name: 'custom', decide: () => [] } } : a)) },
    };
    const withFunctions = await simulate(custom, { runs: 10, seed: 1 });
    expect(() => shardToJSON(withFunctions)).toThrow(RivalsimError);
    expect(() => shardToJSON(withFunctions)).toThrow(/functions.*landscape\.agents\[6\]\.policy\.decide/);

    const part = (seed: number, spec = short) => simulate(spec, { runs: 512, seed, shard: { index: 0, count: 2 } }).then((r) => shardToJSON(r));
    const [a, b, c] = await Promise.all([part(1), part(2), part(1, { ...short, name: 'renamed' })]);
    const next = shardToJSON(await simulate(short, { runs: 512, seed: 1, shard: { index: 1, count: 2 } }));
    await expect(mergeShardJSON([a, next])).resolves.toBeDefined();
    await expect(mergeShardJSON([{ hello: 1 }], ['x.json'])).rejects.toThrow(/Not a rivalsim shard file.*→ at x\.json/);
    await expect(mergeShardJSON([{ ...a, version: 2 }], ['x.json'])).rejects.toThrow(/version/);
    await expect(mergeShardJSON([a, { ...next, seed: 2 }], ['p0.json', 'p1.json'])).rejects.toThrow(/Shards of different studies.*seed 2.*→ at p1\.json/);
    await expect(mergeShardJSON([b, next], ['p0.json', 'p1.json'])).rejects.toThrow(/Shards of different studies/);
    await expect(mergeShardJSON([c, next], ['p0.json', 'p1.json'])).rejects.toThrow(/declared differently \(scenario\.name/);
    await expect(mergeShardJSON([a, a], ['p0.json', 'copy.json'])).rejects.toThrow(/Overlapping shards.*p0\.json has runs 0–255.*→ at copy\.json/);
    await expect(mergeShardJSON([next], ['p1.json'])).rejects.toThrow(/Missing runs between shards.*runs 0–255.*→ at p1\.json/);
    await expect(mergeShardJSON([a], ['p0.json'])).rejects.toThrow(/Missing runs after the last shard.*runs 256–511.*→ at p0\.json/);
    const broken = JSON.parse(JSON.stringify(next)) as ShardDocument;
    broken.state.main.summary.acc[0].sum.pop();
    await expect(mergeShardJSON([a, broken], ['p0.json', 'p1.json'])).rejects.toThrow(/Corrupt shard file.*p1\.json: state\.main\.summary\.acc\[0\]\.sum/);
  });
});


describe('rivalsim run --shard and merge across processes', () => {
  const base = ['run', 'apple-alibaba', '--runs', '800', '--horizon', '6', '--seed', '5'];
  const part = (i: number) => join(tmp, `part-${i}.json`);
  const oneCsv = join(tmp, 'one.csv'), fullShard = join(tmp, 'full.json'), workersCsv = join(tmp, 'workers2.csv');
  // Four shard processes, one whole run (--workers 1, also writing a full shard file) and one on two worker threads, all at once.
  const spawned = Promise.all([
    ...[0, 1, 2, 3].map((i) => rivalsim([...base, '--shard', `${i}/4`, '--out', part(i)])),
    rivalsim([...base, '--csv', oneCsv, '--out', fullShard, '--workers', '1']),
    rivalsim([...base, '--csv', workersCsv, '--workers', '2', '--quiet']),
  ]);

  it('four shard processes in parallel, then merge: the CSV equals the one-run CSV', async () => {
    const outcomes = await spawned;
    for (const r of outcomes) expect(r.code, r.stderr).toBe(0);
    outcomes.slice(0, 4).forEach((r, i) => {
      expect(r.stdout).toMatch(new RegExp(`^apple-alibaba: shard ${i}/4, runs \\d+–\\d+ of 800, seed 5, 6 months, .*; wrote .*part-${i}\\.json\\n$`));
    });
    expect(outcomes[4].stdout).toContain('800 runs, seed 5, 6 months (2025-01 → 2025-07)');
    const mergedCsv = join(tmp, 'merged.csv');
    const merged = await rivalsim(['merge', part(2), part(0), part(3), part(1), '--csv', mergedCsv]);
    expect(merged.code, merged.stderr).toBe(0);
    expect(merged.stdout).toContain('800 runs, seed 5, 6 months (2025-01 → 2025-07), merged from 4 shard files');
    expect(merged.stdout).toContain('Smartphones (China) — sales share');
    expect(merged.stdout.split('\n').slice(2)).toEqual(outcomes[4].stdout.split('\n').slice(2)); // the same tables
    expect(readFileSync(mergedCsv, 'utf8')).toBe(readFileSync(oneCsv, 'utf8'));
    // --out without --shard: one file covering all runs.
    expect((await readShards([fullShard])).toCSV()).toBe(readFileSync(oneCsv, 'utf8'));
  });

  it('--workers 2 gives the same CSV as --workers 1', async () => {
    await spawned;
    expect(readFileSync(workersCsv, 'utf8')).toBe(readFileSync(oneCsv, 'utf8'));
  });

  it('merge errors exit 2 with one line: missing shard (gap), duplicated shard (overlap), another seed, not a shard file', async () => {
    await spawned;
    const otherSeed = join(tmp, 'seed-6.json');
    await writeShard(await simulate(short, { runs: 800, seed: 6, shard: { index: 2, count: 4 } }), otherSeed);
    const notShard = join(tmp, 'not-a-shard.json');
    writeFileSync(notShard, '{"format": "something-else"}');
    expectBadInput(await inProcess(['merge', part(0), part(1), part(3)]), /Missing runs between shards.*runs 512–767.*part-3\.json/);
    expectBadInput(await inProcess(['merge', part(0), part(1), part(2)]), /Missing runs after the last shard/);
    expectBadInput(await inProcess(['merge', part(0), part(1), part(1), part(2), part(3)]), /Overlapping shards.*part-1\.json/);
    expectBadInput(await inProcess(['merge', part(0), part(1), otherSeed, part(3)]), /Shards of different studies.*seed 6.*seed-6\.json/);
    expectBadInput(await inProcess(['merge', part(0), join(tmp, 'nope.json')]), /nope\.json: shard file not found/);
    expectBadInput(await inProcess(['merge', notShard]), /Not a rivalsim shard file.*not-a-shard\.json/);
    expectBadInput(await inProcess(['merge', oneCsv]), /one\.csv: not a shard file \(malformed JSON/);
    expectBadInput(await inProcess(['merge']), /Missing <shard files>/);
    expectBadInput(await inProcess(['merge', part(0), '--csv', part(0)]), /--csv.*one of the shard files/);
  });
});

describe('rivalsim run --shard: bad input', () => {
  const bad: Array<[string, string[], RegExp]> = [
    ['index = count', ['--shard', '4/4', '--out', join(tmp, 'x.json')], /Invalid --shard.*"4\/4"/],
    ['negative index', ['--shard', '-1/4', '--out', join(tmp, 'x.json')], /Invalid --shard.*"-1\/4"/],
    ['count 0', ['--shard', '0/0', '--out', join(tmp, 'x.json')], /Invalid --shard.*"0\/0"/],
    ['not I/N', ['--shard', 'a/b', '--out', join(tmp, 'x.json')], /Invalid --shard.*"a\/b"/],
    ['--shard without --out', ['--shard', '1/4'], /--shard needs --out/],
    ['--shard with --csv', ['--shard', '1/4', '--out', join(tmp, 'x.json'), '--csv', join(tmp, 'x.csv')], /--csv with --shard/],
    ['--out in a missing folder', ['--out', join(tmp, 'no/such/x.json')], /--out/],
    ['--out is the --csv file', ['--out', join(tmp, 'same'), '--csv', join(tmp, 'same')], /--out.*also the --csv file/],
    ['an empty shard', ['--runs', '300', '--horizon', '2', '--shard', '0/4', '--out', join(tmp, 'x.json')], /Empty shard/],
  ];
  for (const [name, args, pattern] of bad) {
    it(`exit 2, one line: ${name}`, async () => {
      expectBadInput(await inProcess(['run', 'apple-alibaba', ...args]), pattern);
    });
  }
});
