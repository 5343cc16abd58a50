/**
 * A landscape built from scratch — no China data: a (fictional) European
 * e-bike market and the riding-assistant apps that run on the bikes. Three
 * bike makers, three assistant providers; Velox ships Navi's assistant
 * under a partnership that needs approval; Trailhead launches its own.
 *
 * Run: npm run example -- from-scratch [--runs 1000] [--seed 7] [--horizon 24]
 */
import { simulate, type LandscapeSpec, type ScenarioSpec } from '../src/index.js';
import { exampleArgs, printSummary, progress, withHorizon } from './_summary.js';

const landscape: LandscapeSpec = {
  start: '2026-01',
  sources: ['Illustrative figures, not data'],
  agents: [
    {
      id: 'velox', name: 'Velox', roles: ['deviceMaker'],
      attributes: { brand: 0.7, hardware: 0.8, price: 0.3, aiCapability: 0 },
      productCycle: { launchMonth: 3, lift: 0.3, halfLifeMonths: 2 }, // new models every March
      policy: { kind: 'defendShare', market: 'bikes' },
    },
    {
      id: 'trailhead', name: 'Trailhead', roles: ['deviceMaker', 'aiProvider'],
      attributes: { brand: 0.6, hardware: 0.7, price: 0.5, aiCapability: 0.3, privacyTrust: 0.7 },
      defaultAssistant: 'trailhead',
      capacity: { concurrentUsers: 0.2, growthPerMonth: 0.05 },
      policy: [{ kind: 'defendShare', market: 'bikes' }, { kind: 'accelerateAI' }],
    },
    {
      id: 'navi', name: 'Navi', roles: ['aiProvider'],
      attributes: { brand: 0.6, aiCapability: { dist: 'pert', min: 0.5, mode: 0.65, max: 0.8 }, privacyTrust: 0.6 },
      capacity: { concurrentUsers: { dist: 'uniform', min: 0.2, max: 0.6 }, growthPerMonth: 0.04 },
    },
    { id: 'generic', name: 'Generic brands', roles: ['deviceMaker', 'aiProvider'], attributes: { brand: 0.3, hardware: 0.5, price: 0.8, aiCapability: 0.2, privacyTrust: 0.5 }, defaultAssistant: 'generic' },
  ],
  markets: [
    {
      kind: 'devices', id: 'bikes', name: 'E-bikes (Europe)',
      unitsPerYear: 5, replacementCycleMonths: { dist: 'uniform', min: 48, max: 72 },
      seasonality: [0.6, 0.7, 1.1, 1.4, 1.5, 1.4, 1.2, 1.0, 0.9, 0.8, 0.7, 0.7],
      weights: { brand: 1, hardware: 0.8, price: 0.8, aiCapability: 0.4 },
      weightDrift: { aiCapability: { perMonth: 0.02, limit: 1 } },
      shocks: { persistence: 0.8, sd: 0.05 },
      participants: [
        { agent: 'velox', initialShare: 0.3, repurchaseRate: 0.5 },
        { agent: 'trailhead', initialShare: 0.25, repurchaseRate: 0.45 },
        { agent: 'generic', initialShare: 0.45, loyalty: 0.2 },
      ],
    },
    {
      kind: 'assistants', id: 'riding-apps', name: 'Riding assistants',
      initialUsers: 4, potential: { dist: 'uniform', min: 10, max: 16 }, bass: { p: 0.004, q: 0.04 },
      reconsiderationRate: 0.15, reachFrom: 'bikes',
      weights: { aiCapability: 2.5, reach: 1.5, privacyTrust: 0.5, brand: 0.5 },
      shocks: { persistence: 0.7, sd: 0.05 },
      participants: [
        { agent: 'trailhead', initialShare: 0.4 },
        { agent: 'navi', initialShare: 0.25 },
        { agent: 'generic', initialShare: 0.35 },
      ],
    },
  ],
};

const scenario: ScenarioSpec = {
  id: 'ebikes', name: 'E-bikes and riding assistants', horizon: 36, landscape,
  description: 'Velox, with no assistant of its own, ships Navi\'s; Trailhead answers with its own upgrade.',
  events: [
    {
      type: 'partnership', id: 'velox+navi', deviceMaker: 'velox', provider: 'navi', announceMonth: 2,
      approvalProbability: 0.85, reviewMonths: { dist: 'triangular', min: 1, mode: 3, max: 6 },
      integrationQuality: { dist: 'uniform', min: 0.7, max: 0.95 }, visibility: 0.8,
      adoption: { dist: 'pert', min: 0.2, mode: 0.4, max: 0.6 }, ramp: { kind: 'linear', months: 4 },
    },
    {
      type: 'aiLaunch', id: 'launch:trailhead-v2', agent: 'trailhead', month: { dist: 'uniform', min: 6, max: 12 },
      capabilityGain: { dist: 'uniform', min: 0.15, max: 0.3 }, ramp: { kind: 'linear', months: 3 },
    },
  ],
};

const { runs, seed, horizon } = exampleArgs({ runs: 2000 });
const result = await simulate(withHorizon(scenario, horizon), { runs, seed, onProgress: progress(scenario.id) });
printSummary(result);
