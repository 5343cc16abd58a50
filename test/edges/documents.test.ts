/**
 * Bad scenario documents and bad arguments to the library: every one a
 * RivalsimError naming the document path — reserved names and keys, deep
 * or huge documents, inputs outside the sane range, names with control
 * characters, too many events, a start that cannot be calibrated — and no
 * TypeError or RangeError from any public entry point.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  RivalsimError, compileScenario, createRandomSource, createWorld, formatValueForTest, prepareScenarioDocument, runScenario, scenarios, simulate,
} from './api.js';
import { nested, rivalsimError } from './helpers.js';

const prepare = (doc: unknown) => prepareScenarioDocument(doc, 'study.json');
const base = { id: 'x', extends: 'apple-alibaba' };

describe('names that collide with object internals', () => {
  it.each(['constructor', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__', 'isPrototypeOf'])('refuses a parameter named %s', async (name) => {
    const e = await rivalsimError(() => prepare(JSON.parse(`{"id":"x","extends":"baseline","parameters":{"${name}":0.5}}`)));
    expect(e.message).toMatch(/Reserved key/);
    expect(e.path).toBe(`parameters.${name}`);
    // The same name in a TypeScript scenario: refused when compiled.
    const spec = { ...scenarios.baseline, parameters: { [name]: 0.5 } };
    const c = await rivalsimError(() => compileScenario(spec));
    expect(c.message).toMatch(/Reserved parameter name/);
  });

  it.each([
    ['parameters', '{"parameters":{"__proto__":{"dist":"bogus"}}}', 'parameters.__proto__'],
    ['attributes', '{"landscape":{"agents":{"apple":{"attributes":{"__proto__":0.5}}}}}', 'landscape.agents.apple.attributes.__proto__'],
    ['weights', '{"landscape":{"markets":{"phones":{"weights":{"__proto__":0.5}}}}}', 'landscape.markets.phones.weights.__proto__'],
    ['weightDrift', '{"landscape":{"markets":{"phones":{"weightDrift":{"__proto__":{"perMonth":1}}}}}}', 'landscape.markets.phones.weightDrift.__proto__'],
    ['agents by id', '{"landscape":{"agents":{"constructor":{"name":"C","roles":["aiProvider"]}}}}', 'landscape.agents.constructor'],
  ])('refuses __proto__ and other internals as keys in %s, with the path', async (_, json, path) => {
    const doc = { ...JSON.parse(json), id: 'x', extends: 'baseline' };
    const e = await rivalsimError(() => prepare(doc));
    expect(e.message).toMatch(/^study\.json: Reserved key/);
    expect(e.path).toBe(path);
    expect(({} as Record<string, unknown>).bogus).toBeUndefined();
  });
});

describe('deep and large documents', () => {
  it.each(['$comment', 'name', 'description', 'events'])('refuses thousands of nested arrays in %s without overflowing the stack', async (field) => {
    const e = await rivalsimError(() => prepare({ ...base, [field]: nested(50_000) }));
    expect(e.message).toMatch(/Document nested too deeply/);
    expect(e.message.length).toBeLessThan(600);
    expect(e.path.startsWith(field)).toBe(true);
  });

  it('bounds what an error quotes: any value renders in at most 80 characters, control characters escaped', () => {
    fc.assert(fc.property(fc.anything({ withBigInt: true, withNullPrototype: true, withSparseArray: true }), (x) => {
      const text = formatValueForTest(x);
      expect(text.length).toBeLessThanOrEqual(80);
      expect(text).not.toMatch(/[\u0000-\u001f\u007f]/);
    }));
    expect(formatValueForTest(nested(100_000))).toMatch(/^\[\[\[\[/);
    expect(formatValueForTest(Symbol('s'))).toBe('Symbol(s)');
    const cycle: Record<string, unknown> = {}; cycle.self = cycle;
    expect(formatValueForTest(cycle).length).toBeLessThanOrEqual(80);
  });

  it('refuses more events than the limit, before compiling them', async () => {
    const event = { type: 'shock', agents: ['apple'], change: 0.01, month: 2 };
    const e = await rivalsimError(() => prepare({ ...base, addEvents: Array.from({ length: 10_001 }, () => event) }));
    expect(e.message).toMatch(/Too many events: expected at most 10,000 events/);
  });

  it('refuses a string longer than the limit', async () => {
    const e = await rivalsimError(() => prepare({ ...base, description: 'x'.repeat(100_001) }));
    expect(e.message).toMatch(/String too long/);
    expect(e.path).toBe('description');
  });
});

describe('huge but finite inputs', () => {
  it.each([
    ['a shock sd of 1e308', { landscape: { markets: { phones: { shocks: { sd: 1e308 } } } } }, 'landscape.markets.phones.shocks.sd'],
    ['a capability gain of 1e308', { addEvents: [{ type: 'aiLaunch', agent: 'alibaba', month: 2, capabilityGain: 1e308 }] }, 'addEvents[0].capabilityGain'],
    ['a lognormal that overflows', { landscape: { markets: { phones: { shocks: { sd: { dist: 'lognormal', mu: 700, sigma: 1 } } } } } }, 'landscape.markets.phones.shocks.sd'],
    ['a normal with a huge sd', { parameters: { q: { dist: 'normal', mean: 0, sd: 1e300 } } }, 'parameters.q'],
    ['a weight of -1e12', { landscape: { markets: { phones: { weights: { brand: -1e12 } } } } }, 'landscape.markets.phones.weights.brand'],
    ['a drift limit of 1e308', { landscape: { markets: { phones: { weightDrift: { brand: { perMonth: 0.01, limit: 1e308 } } } } } }, 'landscape.markets.phones.weightDrift.brand.limit'],
  ])('refuses %s at preparation, at its document path, whatever the seed', async (_, change, path) => {
    const e = await rivalsimError(() => prepare({ ...base, ...change }));
    expect(e.message).toMatch(/sane range|within ±1,000,000/);
    expect(e.path).toBe(path);
  });

  it('keeps inputs at the edge of the sane range finite in every run', async () => {
    const spec = await prepare({
      ...base, horizon: 12,
      landscape: { markets: { phones: { shocks: { sd: 1e6, persistence: 0.9 }, weights: { brand: 1e6 } } } },
      addEvents: [{ type: 'aiLaunch', agent: 'alibaba', month: 2, capabilityGain: -1e6 }, { type: 'shock', agents: ['apple'], change: 1e6, month: 3 }],
    });
    const r = await simulate(spec, { runs: 8, seed: 1 });
    expect(Number.isFinite(r.stat('phones', 'share', 'apple', 12).mean)).toBe(true);
  });
});

describe('text a terminal shows', () => {
  it.each([
    ['name', { name: 'Apple\u001b[2J' }, 'name'],
    ['agent name', { landscape: { agents: { apple: { name: 'Apple\nrivalsim: forged line' } } } }, 'landscape.agents.apple.name'],
    ['description', { description: 'ok\u001b]0;title\u0007' }, 'description'],
  ])('refuses control characters in a %s', async (_, change, path) => {
    const e = await rivalsimError(() => prepare({ ...base, ...change }));
    expect(e.message).toMatch(/Control character/);
    expect(e.path).toBe(path);
  });

  it('keeps line breaks in a description', async () => {
    await expect(prepare({ ...base, description: 'first\nsecond' })).resolves.toMatchObject({ description: 'first\nsecond' });
  });
});

describe('a start the calibration refuses', () => {
  it('is refused at preparation, naming what the document changed and a value that works', async () => {
    const doc = { id: 'x', extends: 'baseline', landscape: { markets: { phones: { participants: { apple: { initialShare: 0.247836 }, huawei: { initialShare: 0.0672 } } } } } };
    const e = await rivalsimError(() => prepare(doc));
    expect(e.message).toMatch(/^study\.json: Repurchase rate below what free choice alone gives/);
    expect(e.path).toBe('landscape.markets.phones.participants.apple.repurchaseRate');
    expect(e.message).toContain("The document changes apple.initialShare, huawei.initialShare in market 'phones'");
    const rate = Number(/a repurchase rate of at least (\d\.\d+)/.exec(e.message)?.[1]);
    expect(rate).toBeGreaterThan(0.528);
    // What it proposes works.
    const fixed = { ...doc, landscape: { markets: { phones: { participants: { ...doc.landscape.markets.phones.participants, apple: { initialShare: 0.247836, repurchaseRate: rate } } } } } };
    const spec = await prepare(fixed);
    expect(() => runScenario(spec, { seed: 3 })).not.toThrow();
  });
});

describe('every public entry point throws RivalsimError for bad input', () => {
  const seeds: unknown[] = [Symbol('s'), 10n, {}, [], NaN, Infinity, () => 1];
  it.each(seeds.map((s) => [typeof s === 'symbol' ? 'a Symbol' : typeof s === 'bigint' ? 'a bigint' : String(s), s]))('seed %s', async (_, seed) => {
    const s = scenarios.baseline;
    for (const call of [
      () => createRandomSource(seed as number),
      () => runScenario(s, { seed: seed as number }),
      () => createWorld(s, { seed: seed as number }),
      () => simulate(s, { runs: 2, seed: seed as number }),
    ]) await rivalsimError(call);
  });

  it('a run index that is not an integer ≥ 0', async () => {
    await rivalsimError(() => createRandomSource(1, -1));
    await rivalsimError(() => createRandomSource(1, 0.5));
  });

  it('lookups of a run or a study with an unknown market, agent, metric or step', async () => {
    // The bundled scenario's ids are types too: each unknown id is a compile error, then a RivalsimError at run time.
    const run = runScenario({ ...scenarios.baseline, horizon: 2 }, { seed: 1 });
    // @ts-expect-error no market 'tablets'
    await rivalsimError(() => run.at('tablets', 'share', 'apple', 1));
    // @ts-expect-error no agent 'nokia'
    await rivalsimError(() => run.at('phones', 'share', 'nokia', 1));
    // @ts-expect-error no metric 'shares'
    await rivalsimError(() => run.at('phones', 'shares', 'apple', 1));
    const study = await simulate({ ...scenarios.baseline, horizon: 2 }, { runs: 2, seed: 1 });
    // @ts-expect-error no agent 'nokia'
    await rivalsimError(() => study.stat('phones', 'share', 'nokia'));
    // @ts-expect-error no agent 'nokia'
    await rivalsimError(() => study.quantileErrors('phones', 'share', 'nokia', 1));
    await rivalsimError(() => study.quantileErrors('phones', 'share', 'apple', 9));
  });

  it('deep TypeScript scenarios', async () => {
    await rivalsimError(() => compileScenario({ ...scenarios.baseline, horizon: nested(100_000) as number }));
    await rivalsimError(() => compileScenario({ ...scenarios.baseline, id: Symbol('x') as unknown as string }));
  });
});

it('RivalsimError is the error type of all of the above', () => {
  expect(new RivalsimError('x', 'p', 1, 'y')).toBeInstanceOf(Error);
});
