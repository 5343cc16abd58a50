/**
 * Results that carry provenance (issue 15, item 5): the rivalsim version,
 * the scenario's hash, the study and when and where it ran, in `toJSON()`
 * and shard files; units in the CSV; results reloaded from their JSON; a
 * merge of shards written by different versions refused.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expectBadInput, inProcess } from '../cli-helpers.js';
import {
  ASSISTANT_METRICS, ComparisonResult, DEVICE_METRICS, RIVALSIM_VERSION, SimulationResult, compare, merge, metricUnit, scenarioHash, scenarios, shardToJSON,
  runScenario, simulate, type ScenarioSpec, type ShardDocument,
} from '../../src/index.js';
import { canonicalJSON, runtimeVersion, sha256Hex } from '../../src/montecarlo/provenance.js';
import { withDigest } from '../../src/montecarlo/shards/digest.js';
import { mergeShardJSON } from '../../src/montecarlo/shards/merge.js';
import { stableHTML, stableJSON } from '../stable.js';

const root = join(__dirname, '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'rivalsim-provenance-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const short: ScenarioSpec = { ...scenarios['apple-alibaba'], horizon: 6 };

describe('provenance', () => {
  it('knows its version: package.json\'s', () => {
    expect(RIVALSIM_VERSION).toBe(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version);
  });

  it('SHA-256 is the standard one (against node:crypto)', () => {
    for (const text of ['', 'abc', 'a'.repeat(55), 'a'.repeat(56), 'a'.repeat(64), 'a'.repeat(1000), 'Apple–Alibaba 苹果 🍎']) {
      expect(sha256Hex(text)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
    }
  });

  it('the scenario hash: canonical (key order does not count), and any change changes it', () => {
    const s = scenarios['apple-alibaba'];
    const reordered = Object.fromEntries(Object.entries(s).reverse()) as ScenarioSpec;
    expect(scenarioHash(reordered)).toBe(scenarioHash(s));
    expect(scenarioHash(s)).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(scenarioHash({ ...s, horizon: 35 })).not.toBe(scenarioHash(s));
    expect(canonicalJSON({ b: 1, a: [2, undefined, -0, NaN], c: undefined })).toBe('{"a":[2,null,"-0","NaN"],"b":1}');
  });

  it('the runtime is read from globalThis', () => {
    expect(runtimeVersion()).toBe(`Node ${process.versions.node}`);
  });

  it('toJSON and shard files carry it; the CSV does not and stays the same bytes', async () => {
    const before = new Date().toISOString();
    const r = await simulate(short, { runs: 300, seed: 5, design: 'latin-hypercube' });
    const p = r.provenance;
    expect(p).toEqual({
      rivalsim: RIVALSIM_VERSION, scenario: { id: 'apple-alibaba', hash: scenarioHash(r.plan.spec) }, seed: 5, runs: 300, design: 'latin-hypercube',
      createdAt: p.createdAt, runtime: runtimeVersion(),
    });
    expect(p.createdAt >= before && p.createdAt <= new Date().toISOString()).toBe(true);
    const json = r.toJSON();
    expect(Object.keys(json)[0]).toBe('provenance');
    expect(json.provenance).toEqual(p);
    expect(shardToJSON(r).provenance).toEqual(p);
    const again = await simulate(short, { runs: 300, seed: 5, design: 'latin-hypercube' });
    expect(again.toCSV()).toBe(r.toCSV());
    expect(stableJSON(JSON.stringify(again.toJSON()))).toBe(stableJSON(JSON.stringify(json)));
    expect(r.toCSV()).not.toMatch(/rivalsim|sha256|Node/);
  });

  it('a merge: the parts\' common version, made at the merge', async () => {
    const parts = await Promise.all([0, 1].map((index) => simulate(short, { runs: 600, seed: 5, shard: { index, count: 2 } })));
    const merged = merge(parts);
    expect(merged.provenance.rivalsim).toBe(RIVALSIM_VERSION);
    expect(merged.provenance.runs).toBe(600);
    expect(merged.provenance.createdAt >= parts[1].provenance.createdAt).toBe(true);
    const old = new SimulationResult(parts[1].groups().main, parts[1].quantiles, parts[1].rankSteps, parts[1].seed, parts[1].design, new Map(), [], parts[1].coverage, undefined,
      { ...parts[1].origin, rivalsim: '0.0.9' });
    expect(() => merge([parts[0], old])).toThrow(/Shards of different rivalsim versions.*rivalsim 0\.1\.0, as parts\[0\].*received "0\.0\.9" → at parts\[1\]/);
  });
});

describe('units', () => {
  it('every built-in metric has one, and the CSV ends with it', async () => {
    for (const m of [...DEVICE_METRICS, ...ASSISTANT_METRICS]) expect(metricUnit(m), m).not.toBe('');
    expect(metricUnit('flow:apple')).toBe('million buyers/month');
    expect(metricUnit('share')).toBe('fraction');
    expect(metricUnit('users')).toBe('million users');
    expect(metricUnit('myCustomMetric')).toBe('');
    const r = await simulate(short, { runs: 100, seed: 1 });
    const [header, ...lines] = r.toCSV().trimEnd().split('\n');
    expect(header).toBe('scenario,market,metric,agent,step,date,mean,sd,se,p5,p25,p50,p75,p95,unit');
    for (const line of lines) {
      const cells = line.split(',');
      expect(cells.at(-1)).toBe(metricUnit(cells[2]));
    }
    expect(r.rows().every((row) => row.unit === metricUnit(row.metric))).toBe(true);
  });
});

describe('fromJSON', () => {
  it('a study reloads from its JSON bit for bit: CSV, stat and quantiles, ranks, events, conditions; with its provenance', async () => {
    const r = await simulate(short, {
      runs: 700, seed: 9, rankSteps: [3, 6], predicates: { appleAhead: (x) => x.at('phones', 'share', 'apple', 6) > x.at('phones', 'share', 'xiaomi', 6) },
      conditions: { approved: (x) => x.events.some((e) => e.kind === 'approved') },
    });
    const text = JSON.stringify(r.toJSON());
    const back = await SimulationResult.fromJSON(JSON.parse(text));
    expect(back.toCSV()).toBe(r.toCSV());
    expect(JSON.stringify(back.toJSON())).toBe(text);
    expect(back.provenance).toEqual(r.provenance);
    expect(back.stat('phones', 'share', 'apple', 4)).toEqual(r.stat('phones', 'share', 'apple', 4));
    expect(back.quantileErrors('phones', 'share', 'apple')).toEqual(r.quantileErrors('phones', 'share', 'apple'));
    expect(back.events()).toEqual(r.events());
    expect(back.rankTable()).toEqual(r.rankTable());
    expect(back.probability('appleAhead')).toEqual(r.probability('appleAhead'));
    expect(back.given('approved').toCSV()).toBe(r.given('approved').toCSV());
    expect(back.coverage).toEqual(r.coverage);
  });

  it('a shard reloads as that shard; a comparison as a comparison', async () => {
    const part = await simulate(short, { runs: 800, seed: 2, shard: { index: 1, count: 3 } });
    const back = await SimulationResult.fromJSON(JSON.parse(JSON.stringify(part.toJSON())));
    expect(back.coverage).toEqual(part.coverage);
    expect(back.toCSV()).toBe(part.toCSV());

    const c = await compare({ ...scenarios.baseline, horizon: 6 }, short, { runs: 512, seed: 3 });
    const text = JSON.stringify(c.toJSON());
    const cb = await ComparisonResult.fromJSON(JSON.parse(text));
    expect(cb.toCSV()).toBe(c.toCSV());
    expect(cb.a.toCSV()).toBe(c.a.toCSV());
    expect(cb.b.toCSV()).toBe(c.b.toCSV());
    expect(cb.difference('phones', 'share', 'apple')).toEqual(c.difference('phones', 'share', 'apple'));
    expect(cb.provenance).toEqual(c.provenance);
    expect(JSON.stringify(cb.toJSON())).toBe(text);
    expect(c.provenance).toMatchObject({ rivalsim: RIVALSIM_VERSION, a: { id: 'baseline' }, b: { id: 'apple-alibaba' }, runs: 512, seed: 3 });
  });

  it('refuses what it cannot reload, in one line', async () => {
    await expect(SimulationResult.fromJSON({ hello: 1 })).rejects.toThrow(/No state to reload/);
    await expect(SimulationResult.fromJSON(42)).rejects.toThrow(/Not a SimulationResult/);
    const c = await compare(short, short, { runs: 256, seed: 1 });
    await expect(SimulationResult.fromJSON(JSON.parse(JSON.stringify(c.toJSON())))).rejects.toThrow(/ComparisonResult\.fromJSON/);
    const r = await simulate(short, { runs: 256, seed: 1 });
    await expect(ComparisonResult.fromJSON(JSON.parse(JSON.stringify(r.toJSON())))).rejects.toThrow(/SimulationResult\.fromJSON/);
    const json = JSON.parse(JSON.stringify(r.toJSON()));
    json.state.state.main.summary.n += 1;
    await expect(SimulationResult.fromJSON(json)).rejects.toThrow(/digest/);
  });
});

describe('merge refuses shards of different rivalsim versions', () => {
  const older = (doc: ShardDocument): ShardDocument => {
    const { digest: _d, ...rest } = doc;
    return withDigest({ ...rest, provenance: { ...rest.provenance, rivalsim: '0.0.9' } });
  };

  it('in documents: one line naming the file and both versions', async () => {
    const [p0, p1] = await Promise.all([0, 1].map(async (index) => JSON.parse(JSON.stringify(shardToJSON(await simulate(short, { runs: 512, seed: 1, shard: { index, count: 2 } })))) as ShardDocument));
    await expect(mergeShardJSON([p0, older(p1)], ['p0.json', 'p1.json'])).rejects.toThrow(
      /^p1\.json: written by rivalsim 0\.0\.9, but p0\.json by rivalsim 0\.1\.0: merge only shards written by one version of rivalsim/);
    expect((await mergeShardJSON([older(p0), older(p1)], ['p0.json', 'p1.json'])).provenance.rivalsim).toBe('0.0.9');
  });

  it('rivalsim merge: exit 2, one line', async () => {
    const files = [0, 1].map((i) => join(tmp, `v-${i}.json`));
    for (const [i, file] of files.entries()) {
      const r = await inProcess(['run', 'apple-alibaba', '--runs', '512', '--horizon', '3', '--seed', '1', '--shard', `${i}/2`, '--out', file]);
      expect(r.code, r.stderr).toBe(0);
    }
    writeFileSync(files[1], JSON.stringify(older(JSON.parse(readFileSync(files[1], 'utf8')))));
    expectBadInput(await inProcess(['merge', files[0], files[1]]), /v-1\.json: written by rivalsim 0\.0\.9, but .*v-0\.json by rivalsim 0\.1\.0/);
  });
});

describe('the command line: --runs-csv and merge --report', () => {
  it('run --runs-csv: one row per run, its inputs, predicates and shares at the horizon, in run order whatever the workers', async () => {
    const [one, two] = [join(tmp, 'runs-1.csv'), join(tmp, 'runs-2.csv')];
    const args = ['run', 'apple-alibaba', '--runs', '300', '--horizon', '4', '--seed', '7', '--quiet', '--predicate', 'share(phones, apple, 2025-05) > 0.12'];
    const [a, b] = await Promise.all([inProcess([...args, '--workers', '1', '--runs-csv', one]), inProcess([...args, '--workers', '2', '--runs-csv', two])]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    const text = readFileSync(one, 'utf8');
    expect(readFileSync(two, 'utf8')).toBe(text);
    const [header, ...rows] = text.trimEnd().split('\n');
    expect(rows).toHaveLength(300);
    const columns = header.match(/"(?:[^"]|"")*"|[^,]+/g)!.map((c) => (c.startsWith('"') ? c.slice(1, -1).replace(/""/g, '"') : c));
    expect(columns[0]).toBe('run');
    expect(rows.every((row) => row.split(',').length === columns.length)).toBe(true);
    expect(columns).toContain('events[0].integrationQuality');
    expect(header).toContain('"predicate:share(phones, apple, 2025-05) > 0.12"');
    expect(columns).toContain('predicate:share(phones, apple, 2025-05) > 0.12');
    expect(columns).toContain('share:phones:apple');
    expect(columns).toContain('share:assistants:alibaba');
    // Run 17 replayed alone gives the same inputs and shares.
    const r = 17;
    const cells = rows[r].split(',');
    expect(cells[0]).toBe(String(r));
    const run = runScenario({ ...scenarios['apple-alibaba'], horizon: 4 }, { seed: 7, run: r });
    const apple = columns.indexOf('share:phones:apple'), quality = columns.indexOf('events[0].integrationQuality');
    expect(Number(cells[apple])).toBe(run.at('phones', 'share', 'apple', 4));
    expect(Number(cells[quality])).toBe(run.inputs['events[0].integrationQuality']);
    // Refused where it has no meaning, in one line.
    expectBadInput(await inProcess(['run', 'baseline', '--runs', '600', '--shard', '0/2', '--out', join(tmp, 'x.json'), '--runs-csv', join(tmp, 'x.csv')]), /--runs-csv with --shard/);
    expectBadInput(await inProcess(['compare', 'baseline', 'apple-alibaba', '--runs-csv', join(tmp, 'x.csv')]), /--runs-csv is an option of run/);
  });

  it('merge --report writes the report run --report writes (but when and where it was made)', async () => {
    const base = ['run', 'apple-alibaba', '--runs', '600', '--horizon', '6', '--seed', '3', '--quiet'];
    const whole = join(tmp, 'whole.html'), merged = join(tmp, 'merged.html');
    const parts = [0, 1].map((i) => join(tmp, `rep-${i}.json`));
    const results = await Promise.all([
      inProcess([...base, '--report', whole]),
      ...parts.map((file, i) => inProcess([...base, '--shard', `${i}/2`, '--out', file])),
    ]);
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    const m = await inProcess(['merge', parts[1], parts[0], '--report', merged, '--quiet']);
    expect(m.code, m.stderr).toBe(0);
    const html = readFileSync(merged, 'utf8');
    expect(html).toContain('<section id="provenance">');
    expect(html).toMatch(/<code class="hash">sha256:[0-9a-f]{64}<\/code>/);
    expect(stableHTML(html)).toBe(stableHTML(readFileSync(whole, 'utf8')));
  });

  it('merge --report of comparison shards writes the comparison report compare --report writes', async () => {
    const base = ['compare', 'baseline', 'apple-alibaba', '--runs', '512', '--horizon', '3', '--seed', '2', '--quiet'];
    const whole = join(tmp, 'cmp-whole.html'), merged = join(tmp, 'cmp-merged.html');
    const parts = [0, 1].map((i) => join(tmp, `cmp-rep-${i}.json`));
    const results = await Promise.all([inProcess([...base, '--report', whole]), ...parts.map((file, i) => inProcess([...base, '--shard', `${i}/2`, '--out', file]))]);
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    const m = await inProcess(['merge', ...parts, '--report', merged, '--quiet']);
    expect(m.code, m.stderr).toBe(0);
    const html = readFileSync(merged, 'utf8');
    expect(html).toContain('<dt>Scenario a</dt>');
    expect(stableHTML(html)).toBe(stableHTML(readFileSync(whole, 'utf8')));
  });
});
