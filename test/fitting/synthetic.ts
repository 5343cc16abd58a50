/**
 * A small synthetic landscape for the fitting tests: one phone market of
 * three makers whose shares drift with a consumers' taste for `ai` (the
 * rate `aiTrend` is uncertain) and whose units grow at `growth` a year.
 */
import type { Distribution, LandscapeSpec, ScenarioSpec } from '../../src/index.js';

/** The landscape starting at `start`. */
export function syntheticLandscape(start = '2021-01'): LandscapeSpec {
  return {
    start,
    agents: [
      { id: 'alpha', name: 'Alpha', roles: ['deviceMaker'], attributes: { ai: 0.9, brand: 0.5 } },
      { id: 'beta', name: 'Beta', roles: ['deviceMaker'], attributes: { ai: 0.5, brand: 0.5 } },
      { id: 'gamma', name: 'Gamma', roles: ['deviceMaker'], attributes: { ai: 0.1, brand: 0.5 } },
    ],
    markets: [{
      kind: 'devices', id: 'phones', name: 'Phones', unitsPerYear: 120, replacementCycleMonths: 30,
      growthPerYear: 'growth',
      weights: { brand: 1, ai: 0 },
      weightDrift: { ai: { perMonth: 'aiTrend' } },
      shocks: { persistence: 0.7, sd: 0.02 },
      participants: [
        { agent: 'alpha', initialShare: 0.3 }, { agent: 'beta', initialShare: 0.3 }, { agent: 'gamma', initialShare: 0.4 },
      ],
    }],
  };
}

/** Priors of the fitted inputs. */
export const PRIORS: Record<string, Distribution> = {
  aiTrend: { dist: 'uniform', min: 0, max: 0.12 },
  growth: { dist: 'uniform', min: -0.2, max: 0.2 },
};

/** The scenario over `horizon` months from `start`, with the priors (or fixed values). */
export function syntheticScenario(options: { start?: string; horizon?: number; values?: Partial<Record<string, number>> } = {}): ScenarioSpec {
  const parameters: Record<string, number | Distribution> = { ...PRIORS };
  for (const [k, v] of Object.entries(options.values ?? {})) if (v !== undefined) parameters[k] = v;
  return { id: 'synthetic', landscape: syntheticLandscape(options.start), horizon: options.horizon ?? 35, parameters };
}
