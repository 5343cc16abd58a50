/**
 * Document resolution with a registry of what documents may extend (item 5
 * of issue 16): a registry other than the bundled one is used for both
 * `extends` fields, and the rules the document schema shares with
 * compilation (horizon, parameter names, default event ids) give the same
 * verdicts on both sides.
 */
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { RivalsimError, chinaLandscape, compileScenario, scenarios, type ScenarioSpec } from '../../src/index.js';
import { eventIds, MAX_HORIZON } from '../../src/model/compile/rules.js';
import { BUNDLED_REGISTRY, resolveScenarioDocument, type DocumentRegistry } from '../../src/scenarios/document.js';

const base: ScenarioSpec = { id: 'mine', name: 'Mine', landscape: chinaLandscape({ policies: false }), horizon: 6, events: [] };

/** A registry with one scenario and one landscape, neither of them bundled. */
const registry: DocumentRegistry = {
  scenarios: { mine: base },
  landscapes: {
    small: {
      build: (options?: { start?: string }) => ({ ...chinaLandscape({ policies: false }), start: options?.start ?? '2025-06' }),
      options: v.strictObject({ start: v.optional(v.string('a month')) }, 'small landscape options: start'),
      describe: "'small' (a test landscape)",
      label: 'the small landscape',
    },
  },
};

function errorOf(f: () => unknown): RivalsimError {
  try {
    f();
  } catch (e) {
    if (e instanceof RivalsimError) return e;
    throw e;
  }
  throw new Error('expected a RivalsimError');
}

describe('a document registry', () => {
  it('resolves extends against the scenarios it lists, and only those', () => {
    const spec = resolveScenarioDocument({ id: 'longer', extends: 'mine', horizon: 12 }, 'x.json', registry);
    expect(spec.name).toBe('Mine — longer');
    expect(spec.horizon).toBe(12);
    const e = errorOf(() => resolveScenarioDocument({ id: 'x', extends: 'baseline' }, 'x.json', registry));
    expect(e.message).toBe('x.json: Unknown base scenario: expected one of mine but received "baseline" → at extends');
  });

  it('builds the landscapes it lists with their options, and refuses the others naming those it has', () => {
    const spec = resolveScenarioDocument({ id: 'x', horizon: 3, landscape: { extends: 'small', options: { start: '2026-02' } } }, 'x.json', registry);
    expect(spec.landscape.start).toBe('2026-02');
    const unknown = errorOf(() => resolveScenarioDocument({ id: 'x', landscape: { extends: 'china' } }, 'x.json', registry));
    expect(unknown.message).toMatch(/^x\.json: Invalid value: expected 'small' \(a test landscape\) but received "china" → at landscape\.extends$/);
    const badOption = errorOf(() => resolveScenarioDocument({ id: 'x', landscape: { extends: 'small', options: { tracker: 'idc' } } }, 'x.json', registry));
    expect(badOption.path).toBe('landscape.options.tracker');
    const noBase = errorOf(() => resolveScenarioDocument({ id: 'x', landscape: { options: {} } }, 'x.json', registry));
    expect(noBase.message).toContain('"extends": "small"');
  });

  it('defaults to the bundled scenarios and the China landscape', () => {
    const doc = { id: 'x', extends: 'apple-alibaba', landscape: { extends: 'china', options: { policies: false } }, horizon: 6 };
    expect(resolveScenarioDocument(doc, 'x.json')).toEqual(resolveScenarioDocument(doc, 'x.json', BUNDLED_REGISTRY));
    expect(Object.keys(BUNDLED_REGISTRY.scenarios)).toEqual(Object.keys(scenarios));
  });
});

describe('rules shared by the document schema and compilation', () => {
  it('bound the horizon the same way', () => {
    for (const horizon of [0, MAX_HORIZON + 1, 2.5]) {
      const fromDocument = errorOf(() => resolveScenarioDocument({ id: 'x', extends: 'baseline', horizon }, 'x.json'));
      const fromCompiler = errorOf(() => compileScenario({ ...scenarios.baseline, horizon }));
      expect(fromDocument.expected).toBe(fromCompiler.expected);
      expect(fromDocument.path).toBe('horizon');
    }
    expect(() => resolveScenarioDocument({ id: 'x', extends: 'baseline', horizon: MAX_HORIZON }, 'x.json')).not.toThrow();
  });

  it('refuse the same parameter names', () => {
    const fromDocument = errorOf(() => resolveScenarioDocument({ id: 'x', extends: 'baseline', parameters: { '2q': 1 } }, 'x.json'));
    const fromCompiler = errorOf(() => compileScenario({ ...scenarios.baseline, parameters: { '2q': 1 } }));
    expect(fromDocument.path).toBe('parameters.2q');
    expect(fromCompiler.path).toBe('parameters.2q');
  });

  it('give events the ids compilation gives them', () => {
    for (const s of Object.values(scenarios)) {
      expect(eventIds(s.events ?? [])).toEqual(compileScenario(s).events.map((e) => e.id));
    }
    const twoShocks = [
      { type: 'shock' as const, agents: ['apple'], change: 0.1, month: 1 },
      { type: 'shock' as const, agents: ['vivo'], change: 0.1, month: 2 },
    ];
    expect(compileScenario({ ...scenarios.baseline, events: twoShocks }).events.map((e) => e.id)).toEqual(['shock', 'shock#2']);
    expect(eventIds(twoShocks)).toEqual(['shock', 'shock#2']);
  });
});
