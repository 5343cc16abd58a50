/**
 * Shard files and the shard-and-merge round trip: in process (shards
 * written to JSON and merged back, several shard counts, any order), through
 * the command line (shards run concurrently through `main`, each writing
 * its file, then `merge`), worker threads (`--workers 2` = `--workers 1`) and the errors of
 * `merge` — for simulation shards and for comparison shards (`compare`).
 * Small runs and short horizons: the machine has 2 cores.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { expectBadInput, inProcess } from '../cli-helpers.js';
import { RivalsimError } from '../../src/errors.js';
import type { ScenarioSpec } from '../../src/model/types.js';
import { scenarios } from '../../src/scenarios/china.js';
import type { SimulationResult } from '../../src/montecarlo/result.js';
import { simulate, type SimulateOptions } from '../../src/montecarlo/simulate.js';
import { compare, mergeComparisons, type ComparisonResult } from '../../src/montecarlo/compare.js';
import { decodeCounts, decodeFloat64, encodeCounts, encodeFloat64 } from '../../src/montecarlo/shards/codec.js';
import { comparisonShardToJSON, shardToJSON, type ComparisonShardDocument, type ShardDocument } from '../../src/montecarlo/shards/document.js';
import { mergeComparisonShardJSON, mergeShardJSON } from '../../src/montecarlo/shards/merge.js';
import { withDigest } from '../../src/montecarlo/shards/digest.js';
import { readComparisonShards, readShards, writeShard } from '../../src/node/shards.js';
import { stableJSON } from '../stable.js';

const tmp = mkdtempSync(join(tmpdir(), 'rivalsim-shards-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const short: ScenarioSpec = { ...scenarios['apple-alibaba'], horizon: 6 };
const study: SimulateOptions = {
  runs: 1100, seed: 3, rankSteps: [3, 6],
  predicates: { appleAhead: (r) => r.at('phones', 'share', 'apple', 6) > r.at('phones', 'share', 'xiaomi', 6) },
  conditions: {
    approved: (r) => r.events.some((e) => e.kind === 'approved' && e.event === 'apple+alibaba'),
    live: (r) => r.events.some((e) => e.kind === 'live' && e.event === 'apple+alibaba'),
  },
};

/** Everything a result reports, as text: CSV, JSON (unless `json` is false), and each condition's CSV, events and ranks. */
function fingerprint(r: SimulationResult, json = true): string {
  return [
    r.toCSV(), json ? stableJSON(JSON.stringify(r.toJSON())) : '', JSON.stringify(r.events()), JSON.stringify(r.rankTable()),
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
  }, 180_000); // each fingerprint writes toJSON, exact state included

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
    expect(doc).toMatchObject({ format: 'rivalsim-shard', version: 3, seed: 3, runs: 800, design: 'latin-hypercube', correlations: null, conditions: ['approved', 'live'], coverage: { runs: 800, from: 0, to: 256 } });
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
    await expect(mergeShardJSON([{ ...a, version: 1 }], ['x.json'])).rejects.toThrow(/version/);
    await expect(mergeShardJSON([a, withDigest({ ...next, seed: 2 })], ['p0.json', 'p1.json'])).rejects.toThrow(/Shards of different studies.*seed 2.*→ at p1\.json/);
    await expect(mergeShardJSON([b, next], ['p0.json', 'p1.json'])).rejects.toThrow(/Shards of different studies/);
    await expect(mergeShardJSON([c, next], ['p0.json', 'p1.json'])).rejects.toThrow(/declared differently \(scenario\.name/);
    await expect(mergeShardJSON([a, a], ['p0.json', 'copy.json'])).rejects.toThrow(/Overlapping shards.*p0\.json has runs 0–255.*→ at copy\.json/);
    await expect(mergeShardJSON([next], ['p1.json'])).rejects.toThrow(/Missing runs between shards.*runs 0–255.*→ at p1\.json/);
    await expect(mergeShardJSON([a], ['p0.json'])).rejects.toThrow(/Missing runs after the last shard.*runs 256–511.*→ at p0\.json/);
    const broken = JSON.parse(JSON.stringify(next)) as ShardDocument;
    broken.state.main.summary.acc[0].sum.pop();
    await expect(mergeShardJSON([a, withDigest(broken)], ['p0.json', 'p1.json'])).rejects.toThrow(/Corrupt shard file.*p1\.json: state\.main\.summary\.acc\[0\]\.sum/);
  });
});


describe('rivalsim run --shard and merge through the command line', () => {
  const base = ['run', 'apple-alibaba', '--runs', '800', '--horizon', '6', '--seed', '5'];
  const part = (i: number) => join(tmp, `part-${i}.json`);
  const oneCsv = join(tmp, 'one.csv'), fullShard = join(tmp, 'full.json'), workersCsv = join(tmp, 'workers2.csv');
  // Four shard processes, one whole run (--workers 1, also writing a full shard file) and one on two worker threads, all at once.
  const spawned = Promise.all([
    ...[0, 1, 2, 3].map((i) => inProcess([...base, '--shard', `${i}/4`, '--out', part(i)])),
    inProcess([...base, '--csv', oneCsv, '--out', fullShard, '--workers', '1']),
    inProcess([...base, '--csv', workersCsv, '--workers', '2', '--quiet']),
  ]);

  it('four shard processes in parallel, then merge: the CSV equals the one-run CSV', async () => {
    const outcomes = await spawned;
    for (const r of outcomes) expect(r.code, r.stderr).toBe(0);
    outcomes.slice(0, 4).forEach((r, i) => {
      expect(r.stdout).toMatch(new RegExp(`^apple-alibaba: shard ${i}/4, runs \\d+–\\d+ of 800, seed 5, 6 months, .*; wrote .*part-${i}\\.json\\n$`));
    });
    expect(outcomes[4].stdout).toContain('800 runs, seed 5, 6 months (2025-01 → 2025-07)');
    const mergedCsv = join(tmp, 'merged.csv');
    const merged = await inProcess(['merge', part(2), part(0), part(3), part(1), '--csv', mergedCsv]);
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
    expectBadInput(await inProcess(['merge', part(0), '--csv', part(0)]), /--csv.*is one of the inputs/);
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

// ---------------------------------------------------------------------------
// Comparison shards

const shortA: ScenarioSpec = { ...scenarios.baseline, horizon: 6 };
const comparison: SimulateOptions = {
  runs: 1100, seed: 3, rankSteps: [3, 6],
  predicates: { appleAhead: (r) => r.at('phones', 'share', 'apple', 6) > r.at('phones', 'share', 'xiaomi', 6) },
};

/** Everything a comparison reports, as text: its CSV and JSON (which holds both sides' JSON and state), and both sides' fingerprints. */
function comparisonFingerprint(c: ComparisonResult): string {
  return [c.toCSV(), stableJSON(JSON.stringify(c.toJSON())), JSON.stringify(c.difference('phones', 'share', 'apple', 3)), fingerprint(c.a, false), fingerprint(c.b, false)].join('\n');
}

/** A comparison shard document through JSON text, as a file holds it. */
const viaText = (c: ComparisonResult): ComparisonShardDocument => JSON.parse(JSON.stringify(comparisonShardToJSON(c))) as ComparisonShardDocument;

describe('comparison shard files in process', () => {
  it('comparison shards written to JSON and merged in any order are bit-identical to one compare: the differences and both sides (several shard counts)', async () => {
    const whole = await compare(shortA, short, comparison);
    const expected = comparisonFingerprint(whole);
    for (const count of [2, 3, 5]) {
      const parts = await Promise.all(Array.from({ length: count }, (_, index) => compare(shortA, short, { ...comparison, shard: { index, count } })));
      const docs = shuffle(parts.map(viaText));
      const merged = await mergeComparisonShardJSON(docs);
      expect(merged.coverage).toEqual({ runs: comparison.runs, from: 0, to: comparison.runs });
      expect(merged.a.coverage).toEqual(merged.b.coverage);
      expect(merged.toCSV(), `${count} shards`).toBe(whole.toCSV());
      expect(merged.a.toCSV(), `${count} shards, a`).toBe(whole.a.toCSV());
      expect(merged.b.toCSV(), `${count} shards, b`).toBe(whole.b.toCSV());
      expect(comparisonFingerprint(merged), `${count} shards`).toBe(expected);
      // The same as merging the shards in memory.
      expect(comparisonFingerprint(mergeComparisons(parts))).toBe(expected);
    }
  }, 180_000);

  it('the document: each side a simulation shard of the same study, the differences without histograms over the same runs', async () => {
    const part = await compare(shortA, short, { ...comparison, shard: { index: 1, count: 3 } });
    const doc = viaText(part);
    expect(Object.keys(doc)).toEqual(['format', 'version', 'a', 'b', 'differences', 'digest']);
    expect(Object.keys(doc.a).slice(0, 3)).toEqual(['format', 'version', 'provenance']);
    expect(doc).toMatchObject({ format: 'rivalsim-comparison-shard', version: 3 });
    expect(doc.a).toMatchObject({ format: 'rivalsim-shard', version: 3, seed: 3, runs: 1100, coverage: part.coverage, conditions: [] });
    expect(doc.b).toMatchObject({ format: 'rivalsim-shard', version: 3, seed: 3, runs: 1100, coverage: part.coverage, conditions: [] });
    expect(doc.a.scenario).toEqual(JSON.parse(JSON.stringify(shortA)));
    expect(doc.b.scenario).toEqual(JSON.parse(JSON.stringify(short)));
    expect(doc.differences.histograms).toBe(false);
    expect(doc.differences.n).toBe(part.coverage.to - part.coverage.from);
    expect(doc.differences.acc.every((x) => x.hist === null)).toBe(true);
    expect(doc.differences.markets.map((m) => m.id)).toEqual(part.markets.map((m) => m.id));
  });

  it('files: writeShard of a comparison and readComparisonShards; a merged comparison written again reads back the same', async () => {
    const options = { ...comparison, design: 'latin-hypercube' as const, runs: 800 };
    const whole = await compare(shortA, short, options);
    const files = await Promise.all([0, 1, 2].map(async (index) => {
      const file = join(tmp, `cmp-lhs-${index}.json`);
      await writeShard(await compare(shortA, short, { ...options, shard: { index, count: 3 } }), file);
      return file;
    }));
    expect(JSON.parse(readFileSync(files[0], 'utf8'))).toMatchObject({ format: 'rivalsim-comparison-shard', a: { design: 'latin-hypercube' } });
    const merged = await readComparisonShards([files[1], files[2], files[0]]);
    expect(comparisonFingerprint(merged)).toBe(comparisonFingerprint(whole));
    expect(merged.a.design).toBe('latin-hypercube');
    const again = join(tmp, 'cmp-lhs-all.json');
    await writeShard(merged, again);
    expect(comparisonFingerprint(await readComparisonShards([again]))).toBe(comparisonFingerprint(whole));
  });

  it('errors name the file and the path: the other kind of shard, different comparisons, overlaps, missing runs, corrupt sides and differences', async () => {
    const options = { runs: 512, seed: 1 };
    const part = (index: number, a = shortA, b = short, extra: SimulateOptions = options) => compare(a, b, { ...extra, shard: { index, count: 2 } }).then(viaText);
    const [p0, p1, otherB, swapped, otherSeed, otherRuns, renamed] = await Promise.all([
      part(0), part(1), part(1, shortA, { ...scenarios['apple-baidu'], horizon: 6 }), part(1, short, shortA), part(1, shortA, short, { ...options, seed: 2 }),
      part(1, shortA, short, { ...options, runs: 768 }), part(1, shortA, { ...short, name: 'renamed' }),
    ]);
    const names = ['p0.json', 'p1.json'];
    await expect(mergeComparisonShardJSON([p0, p1], names)).resolves.toBeDefined();

    // The other kind: a simulation shard given to the comparison reader, and a comparison shard to the simulation reader.
    const sim = shardToJSON(await simulate(short, { ...options, shard: { index: 0, count: 2 } }));
    await expect(mergeComparisonShardJSON([sim], ['sim.json'])).rejects.toThrow(/^sim\.json: this is a simulation shard: merge it with readShards\(\) or mergeShardJSON\(\)/);
    await expect(mergeComparisonShardJSON([p0, sim], ['p0.json', 'sim.json'])).rejects.toThrow(/^sim\.json: this is a simulation shard/);
    await expect(mergeShardJSON([p0], ['p0.json'])).rejects.toThrow(/^p0\.json: this is a comparison shard: merge it with readComparisonShards\(\) or mergeComparisonShardJSON\(\)/);
    await expect(mergeShardJSON([sim, p1], ['sim.json', 'p1.json'])).rejects.toThrow(/^p1\.json: this is a comparison shard/);
    const simFile = join(tmp, 'cmp-err-sim.json'), cmpFile = join(tmp, 'cmp-err-0.json');
    writeFileSync(simFile, JSON.stringify(sim));
    writeFileSync(cmpFile, JSON.stringify(p0));
    await expect(readComparisonShards([simFile])).rejects.toThrow(/cmp-err-sim\.json: this is a simulation shard/);
    await expect(readShards([cmpFile])).rejects.toThrow(/cmp-err-0\.json: this is a comparison shard: .*readComparisonShards/);
    await expect(readComparisonShards([join(tmp, 'nope.json')])).rejects.toThrow(/nope\.json: shard file not found/);
    await expect(mergeComparisonShardJSON([{ hello: 1 }], ['x.json'])).rejects.toThrow(/Not a rivalsim comparison shard file.*→ at x\.json/);
    await expect(mergeComparisonShardJSON([{ ...p1, version: 1 }], ['x.json'])).rejects.toThrow(/Unsupported shard file version.*→ at x\.json: version/);
    await expect(mergeComparisonShardJSON([withDigest({ ...p1, a: { hello: 1 } })], ['x.json'])).rejects.toThrow(/Corrupt shard file.*side a.*→ at x\.json: a$/);

    // Different comparisons.
    await expect(mergeComparisonShardJSON([p0, otherB], names)).rejects.toThrow(/^Shards of different comparisons: expected shards of the comparison in p0\.json \(a "baseline", b "apple-alibaba", seed 1, 512 runs.*but received "b: scenario .*apple-baidu.*" → at p1\.json: b$/);
    await expect(mergeComparisonShardJSON([p0, swapped], names)).rejects.toThrow(/Shards of different comparisons.*"a: scenario.*→ at p1\.json: a$/);
    await expect(mergeComparisonShardJSON([p0, otherSeed], names)).rejects.toThrow(/Shards of different comparisons.*a: seed 2.*→ at p1\.json: a$/);
    await expect(mergeComparisonShardJSON([p0, otherRuns], names)).rejects.toThrow(/Shards of different comparisons.*a: 768 runs.*→ at p1\.json: a$/);
    await expect(mergeComparisonShardJSON([p0, renamed], names)).rejects.toThrow(/Shards of different comparisons.*b: the same scenario id declared differently \(scenario\.name/);

    // Overlaps and missing runs.
    await expect(mergeComparisonShardJSON([p0, p0], ['p0.json', 'copy.json'])).rejects.toThrow(/Overlapping shards.*p0\.json has runs 0–255.*→ at copy\.json/);
    await expect(mergeComparisonShardJSON([p1], ['p1.json'])).rejects.toThrow(/Missing runs between shards.*runs 0–255.*→ at p1\.json/);
    await expect(mergeComparisonShardJSON([p0], ['p0.json'])).rejects.toThrow(/Missing runs after the last shard.*runs 256–511.*→ at p0\.json/);

    // Corrupt documents: a side, the two sides disagreeing, the differences.
    const broken = (edit: (d: ComparisonShardDocument) => void) => {
      const d = JSON.parse(JSON.stringify(p1)) as ComparisonShardDocument;
      edit(d);
      return mergeComparisonShardJSON([p0, withDigest(d)], names);
    };
    await expect(broken((d) => { d.b.state.main.summary.acc[0].sum.pop(); })).rejects.toThrow(/Corrupt shard file.*→ at p1\.json: b\.state\.main\.summary\.acc\[0\]\.sum$/);
    await expect(broken((d) => { d.b.seed = 2; })).rejects.toThrow(/Corrupt shard file: expected the seed of side a \(1\).*→ at p1\.json: b\.seed$/);
    await expect(broken((d) => { d.b.coverage = { ...d.b.coverage, from: 0 }; })).rejects.toThrow(/Corrupt shard file.*→ at p1\.json: b\.coverage$/);
    await expect(broken((d) => { d.differences.acc[0].sum.pop(); })).rejects.toThrow(/Corrupt shard file.*→ at p1\.json: differences\.acc\[0\]\.sum$/);
    await expect(broken((d) => { d.differences.acc[0].min[3] = 'x' as unknown as number; })).rejects.toThrow(/Corrupt shard file.*→ at p1\.json: differences\.acc\[0\]\.min\[3\]$/);
    await expect(broken((d) => { d.differences.n += 1; })).rejects.toThrow(/Corrupt shard file: expected 256, the runs both sides cover \(runs 256–511\).*→ at p1\.json: differences\.n$/);
    await expect(broken((d) => { d.differences.histograms = true; })).rejects.toThrow(/→ at p1\.json: differences\.histograms$/);
    await expect(broken((d) => { d.differences.dates = d.differences.dates.slice(1); })).rejects.toThrow(/→ at p1\.json: differences\.dates$/);
    await expect(broken((d) => { d.differences.markets[0] = { ...d.differences.markets[0], agents: ['nokia'] }; })).rejects.toThrow(/→ at p1\.json: differences\.markets\[0\]$/);
    await expect(broken((d) => { d.differences.markets[0] = { ...d.differences.markets[0], metrics: ['share'] }; })).rejects.toThrow(/another layout.*→ at p1\.json: differences$/);
    await expect(broken((d) => { delete (d as Partial<ComparisonShardDocument>).differences; })).rejects.toThrow(/→ at p1\.json: differences$/);
    // Every message is one line.
    for (const edit of [(d: ComparisonShardDocument) => { d.differences.acc[0].sum.pop(); }, (d: ComparisonShardDocument) => { d.b.seed = 2; }]) {
      const e = await broken(edit).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(RivalsimError);
      expect((e as Error).message).not.toContain('\n');
    }
  });
});

describe('rivalsim compare --shard and merge through the command line', () => {
  const base = ['compare', 'baseline', 'apple-alibaba', '--runs', '800', '--horizon', '6', '--seed', '5'];
  const part = (i: number) => join(tmp, `compare-part-${i}.json`);
  const oneCsv = join(tmp, 'compare-one.csv'), oneJson = join(tmp, 'compare-one.json'), fullShard = join(tmp, 'compare-full.json');
  // Three shard processes and one whole compare (also writing a full shard file), all at once; started by the first test.
  let spawned: Promise<Awaited<ReturnType<typeof inProcess>>[]> | undefined;
  const outcomes = () => (spawned ??= Promise.all([
    ...[0, 1, 2].map((i) => inProcess([...base, '--shard', `${i}/3`, '--out', part(i)])),
    inProcess([...base, '--csv', oneCsv, '--json', oneJson, '--out', fullShard]),
  ]));

  it('three compare shard processes in parallel, then merge: the same tables as one compare, and the same --csv and --json', async () => {
    const results = await outcomes();
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    results.slice(0, 3).forEach((r, i) => {
      expect(r.stdout).toMatch(new RegExp(`^baseline vs apple-alibaba: shard ${i}/3, runs \\d+–\\d+ of 800, seed 5, 6 months, .*; wrote .*compare-part-${i}\\.json\\n$`));
    });
    const one = results[3].stdout;
    expect(one).toContain('800 runs on common random numbers, seed 5, 6 months (2025-01 → 2025-07)');
    const mergedCsv = join(tmp, 'compare-merged.csv'), mergedJson = join(tmp, 'compare-merged.json');
    const merged = await inProcess(['merge', part(2), part(0), part(1), '--csv', mergedCsv, '--json', mergedJson]);
    expect(merged.code, merged.stderr).toBe(0);
    const lines = merged.stdout.split('\n'), oneLines = one.split('\n');
    expect(lines.slice(0, 2)).toEqual(['a: baseline — Baseline: the world as of January 2025', oneLines[1]]);
    expect(lines.slice(0, 2)).toEqual(oneLines.slice(0, 2));
    expect(lines[2]).toMatch(/^800 runs on common random numbers, seed 5, 6 months \(2025-01 → 2025-07\), merged from 3 shard files in /);
    expect(lines[2].split(', merged')[0]).toBe(oneLines[2].replace(/, [\d.]+ (ms|s|min)$/, ''));
    expect(merged.stdout).toContain('Smartphones (China) — sales share at 2025-07, b − a');
    expect(lines.slice(3)).toEqual(oneLines.slice(3)); // the same tables
    expect(readFileSync(mergedCsv, 'utf8')).toBe(readFileSync(oneCsv, 'utf8'));
    expect(stableJSON(readFileSync(mergedJson, 'utf8'))).toBe(stableJSON(readFileSync(oneJson, 'utf8'))); // but when and where each was made
    // --out without --shard: one comparison shard covering all runs.
    expect((await readComparisonShards([fullShard])).toCSV()).toBe(readFileSync(oneCsv, 'utf8'));
    const all = await inProcess(['merge', fullShard]);
    expect(all.stdout.split('\n').slice(3)).toEqual(oneLines.slice(3));
  });

  it('merge errors exit 2 with one line: missing shard, duplicated shard, another comparison, the two kinds mixed', async () => {
    await outcomes();
    const otherSeed = join(tmp, 'compare-seed-6.json');
    await writeShard(await compare(shortA, short, { runs: 800, seed: 6, shard: { index: 2, count: 3 } }), otherSeed);
    const simShard = join(tmp, 'compare-sim-shard.json');
    await writeShard(await simulate(short, { runs: 800, seed: 5, shard: { index: 0, count: 3 } }), simShard);
    expectBadInput(await inProcess(['merge', part(0), part(2)]), /Missing runs between shards.*compare-part-2\.json/);
    expectBadInput(await inProcess(['merge', part(0), part(1)]), /Missing runs after the last shard.*compare-part-1\.json/);
    expectBadInput(await inProcess(['merge', part(0), part(1), part(1), part(2)]), /Overlapping shards.*compare-part-1\.json/);
    expectBadInput(await inProcess(['merge', part(0), part(1), otherSeed]), /Shards of different comparisons.*seed 6.*compare-seed-6\.json: a/);
    expectBadInput(await inProcess(['merge', part(0), simShard, part(1), part(2)]), /Shards of different kinds: expected comparison shards, as .*compare-part-0\.json is.*"a simulation shard" → at .*compare-sim-shard\.json/);
    expectBadInput(await inProcess(['merge', simShard, part(0)]), /Shards of different kinds: expected simulation shards.*"a comparison shard" → at .*compare-part-0\.json/);
  });
});

describe('rivalsim compare --shard: bad input', () => {
  const bad: Array<[string, string[], RegExp]> = [
    ['index = count', ['--shard', '3/3', '--out', join(tmp, 'x.json')], /Invalid --shard.*"3\/3"/],
    ['--shard without --out', ['--shard', '1/4'], /--shard needs --out/],
    ['--shard with --csv', ['--shard', '1/4', '--out', join(tmp, 'x.json'), '--csv', join(tmp, 'x.csv')], /--csv with --shard/],
    ['--shard with --json', ['--shard', '1/4', '--out', join(tmp, 'x.json'), '--json', join(tmp, 'y.json')], /--json with --shard/],
    ['--shard with --report', ['--shard', '1/4', '--out', join(tmp, 'x.json'), '--report', join(tmp, 'x.html')], /--report with --shard/],
    ['--out is the --csv file', ['--out', join(tmp, 'same'), '--csv', join(tmp, 'same')], /--out.*also the --csv file/],
    ['an empty shard', ['--runs', '300', '--horizon', '2', '--shard', '0/4', '--out', join(tmp, 'x.json')], /Empty shard/],
  ];
  for (const [name, args, pattern] of bad) {
    it(`exit 2, one line: ${name}`, async () => {
      expectBadInput(await inProcess(['compare', 'baseline', 'apple-alibaba', ...args]), pattern);
    });
  }
});
