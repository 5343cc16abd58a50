/**
 * Shard files trusted no more than they deserve: a digest detects any edit,
 * and every invariant a real run guarantees is checked (finite integers
 * where integers belong, counts summing to the runs, lengths matching the
 * layout) before anything is allocated for it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { mergeShardJSON } from '../../src/montecarlo/shards/merge.js';
import { withDigest } from '../../src/montecarlo/shards/digest.js';
import { shardToJSON, type ShardDocument } from '../../src/montecarlo/shards/document.js';
import { scenarios, simulate } from './api.js';
import { nested, rivalsimError } from './helpers.js';

const study = { runs: 512, seed: 7 };
const spec = { ...scenarios['apple-alibaba'], horizon: 4 };
let parts: ShardDocument[] = [];

beforeAll(async () => {
  parts = await Promise.all([0, 1].map(async (index) => shardToJSON(await simulate(spec, { ...study, shard: { index, count: 2 } }))));
});

/** A copy of shard 1 edited by `edit`, its digest recomputed (a careful editor) unless told. */
function edited(edit: (d: ShardDocument) => void, redigest = true): ShardDocument {
  const d = JSON.parse(JSON.stringify(parts[1])) as ShardDocument;
  edit(d);
  return redigest ? withDigest(d) : d;
}

async function refused(doc: ShardDocument, pattern: RegExp) {
  const e = await rivalsimError(() => mergeShardJSON([parts[0], doc], ['p0.json', 'p1.json']));
  expect(e.message).toMatch(/^Corrupt shard file/);
  expect(e.message).toMatch(pattern);
  expect(e.message).not.toContain('\n');
}

describe('shard files', () => {
  it('merge as before when untouched', async () => {
    const merged = await mergeShardJSON(parts, ['p0.json', 'p1.json']);
    expect(merged.runs).toBe(512);
  });

  it('carry a digest that detects a plausible edit', async () => {
    expect(parts[0].digest).toMatch(/^h64:[0-9a-f]{16}$/);
    // One run moved from one rank to the next: every invariant still holds, only the digest sees it.
    await refused(edited((d) => {
      const r = d.state.main.ranks[0][0] as number[];
      const n = Math.sqrt(r.length);
      const k = r.findIndex((x, i) => x > 0 && i % n === 0);
      r[k] -= 1; r[k + 1] += 1; r[k + n] += 1; r[k + n + 1] -= 1;
    }, false), /→ at p1\.json: digest: the file was changed after rivalsim wrote it/);
    await refused(edited((d) => { delete d.digest; }, false), /→ at p1\.json: digest/);
  });

  it.each<[string, (d: ShardDocument) => void, RegExp]>([
    ['NaN in limbs', (d) => { d.state.main.summary.acc[0].sum[0] = 'NaN'; }, /an exact limb.*acc\[0\]\.sum\[0\]/],
    ['Infinity in limbs', (d) => { d.state.main.summary.acc[0].sq[5] = 'Infinity'; }, /an exact limb.*acc\[0\]\.sq\[5\]/],
    ['a fractional limb', (d) => { d.state.main.summary.acc[0].sum[2] = 0.5; }, /an exact limb.*acc\[0\]\.sum\[2\]/],
    ['a fractional count', (d) => { d.state.main.summary.acc[0].positive[1] = 3.5; }, /a count.*acc\[0\]\.positive\[1\]/],
    ['a count above the runs', (d) => { d.state.main.summary.acc[0].negative[1] = 1e9; }, /a count: an integer in 0…256.*acc\[0\]\.negative\[1\]/],
    ['NaN as a minimum', (d) => { d.state.main.summary.acc[0].min[0] = 'NaN'; }, /finite min.*acc\[0\]\.min\[0\]/],
    ['NaN in rank counts', (d) => { (d.state.main.ranks[0][0] as unknown[])[0] = 'NaN'; }, /ranks\[0\]\[0\]\[0\]/],
    ['ranks that do not count every run', (d) => { (d.state.main.ranks[0][0] as number[])[0] += 1; }, /every run ranks each agent once.*ranks\[0\]\[0\]/],
    ['a histogram whose counts no longer sum to the runs', (d) => {
      const h = d.state.main.summary.acc[0].hist![0];
      h.pairs[1] += 1;
    }, /256 runs in every cell.*hist\[0\]/],
    ['histogram indices out of order', (d) => {
      const h = d.state.main.summary.acc[0].hist![0];
      [h.pairs[0], h.pairs[2]] = [h.pairs[2], h.pairs[0]];
    }, /increasing.*hist\[0\]\.pairs/],
    ['Infinity in event counts', (d) => { d.state.main.events.counts[0][0] = 'Infinity'; }, /events\.counts\[0\]\[0\]/],
  ])('refuse %s, even with a recomputed digest', async (_, edit, pattern) => {
    await refused(edited(edit), pattern);
  });

  it('check a histogram length of 1e15 before allocating it', async () => {
    const doc = edited((d) => { d.state.main.summary.acc[0].hist![0].length = 1e15; });
    await refused(doc, /length its layout implies.*hist\[0\]\.length/);
  });

  it('refuse a layout that is not the scenario', async () => {
    await refused(edited((d) => { d.state.main.summary.markets[0] = { ...d.state.main.summary.markets[0], id: 'tablets' }; }), /markets/);
  });

  it('refuse a deeply nested embedded scenario without overflowing the stack', async () => {
    const doc = edited((d) => { (d.scenario as unknown as Record<string, unknown>).description = nested(50_000); }, false);
    const e = await rivalsimError(() => mergeShardJSON([doc], ['p1.json']));
    expect(e.message).toMatch(/^p1\.json: Document nested too deeply.*→ at scenario\.description/);
  });
});
