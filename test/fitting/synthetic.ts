/**
 * A small synthetic landscape for the fitting tests: one phone market of
 * three makers whose shares drift with a consumers' taste for `ai` (the
 * rate `aiTrend` is uncertain) and whose units grow at `growth` a year.
 */
import { observationPredictor, prepareScenario, runScenario, type Distribution, type LandscapeSpec, type ObservationRow, type ScenarioSpec } from '../../src/index.js';

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

/** The true inputs of the synthetic history. */
export const TRUTH = { aiTrend: 0.05, growth: 0.08 };

/**
 * What trackers would have published of one run with the true inputs
 * (2021–2023): `idc` quarterly and annual shares and annual units, and
 * `canalys` annual shares one point above (a tracker bias).
 */
export async function syntheticHistory(options: { canalys?: boolean; quarters?: boolean } = {}): Promise<ObservationRow[]> {
  const plan = await prepareScenario(syntheticScenario({ values: TRUTH }));
  const rows: ObservationRow[] = [];
  for (const y of [2021, 2022, 2023]) {
    if (options.quarters !== false) for (let q = 1; q <= 4; q++) for (const agent of AGENTS) rows.push(figure('idc', agent, `${y}-Q${q}`, 'share'));
    for (const agent of AGENTS) {
      rows.push(figure('idc', agent, String(y), 'share'));
      if (options.canalys) rows.push(figure('canalys', agent, String(y), 'share'));
    }
    rows.push(figure('idc', 'total', String(y), 'units'));
  }
  const values = observationPredictor(plan, rows).predict(runScenario(plan, { seed: 5 }));
  return rows.map((r, i) => ({ ...r, value: Number((values[i] + (r.source === 'canalys' ? 0.01 : 0)).toFixed(3)) }));
}

const AGENTS = ['alpha', 'beta', 'gamma'];

function figure(source: string, agent: string, period: string, metric: ObservationRow['metric']): ObservationRow {
  return { source, market: 'phones', agent, period, metric, value: 0, reference: 'synthetic' };
}

/**
 * The synthetic scenario at an origin, built from the figures before it:
 * starting shares from the last `idc` quarter, priors for the inputs.
 */
export function syntheticScenarioAt(origin: string, before: ObservationRow[]): ScenarioSpec {
  const last = `${Number(origin.slice(0, 4)) - 1}-Q4`;
  const landscape = syntheticLandscape(origin);
  const market = landscape.markets[0];
  const shares = market.participants.map((p) => before.find((o) => o.source === 'idc' && o.agent === p.agent && o.period === last)?.value ?? 1 / 3);
  const total = shares.reduce((a, b) => a + b, 0);
  market.participants = market.participants.map((p, i) => ({ ...p, initialShare: shares[i] / total }));
  return { id: 'synthetic', landscape, horizon: 11, parameters: { ...PRIORS } };
}
