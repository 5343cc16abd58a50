/**
 * A custom agent with its own policy, added to the China landscape: NewCo,
 * a (fictional) assistant that enters in mid-2025 and fights for share with
 * an aggressive price-cutting policy, invests in AI when it falls far
 * behind, and only accepts partnerships that show its brand.
 *
 * Run: npm run example -- custom-agent [--runs 1000] [--seed 7] [--horizon 24]
 */
import {
  baselineScenario, simulate,
  type AgentSpec, type EntryEvent, type Policy, type PolicyAction, type ScenarioSpec,
} from '../src/index.js';
import { checkpoints, exampleArgs, pct, printPath, printSummary, progress, withHorizon } from './_summary.js';

/**
 * A price war: while its usage share is below `targetShare`, cut price every
 * month (each cut a utility lift that halves every 3 months, so repeated
 * cuts pile up); when its AI trails the best rival's by more than 0.15,
 * invest (at most once a year). Memory is per run, so one policy object
 * serves every run.
 */
function priceWar(options: { targetShare: number; cut: number }): Policy {
  return {
    name: 'priceWar',
    decide(obs, memory) {
      const m = obs.markets.find((x) => x.market === 'assistants');
      if (!m || !m.active) return;
      const actions: PolicyAction[] = [];
      if (m.share < options.targetShare) actions.push({ kind: 'cutPrice', market: 'assistants', utility: options.cut, halfLifeMonths: 3 });
      const lastInvest = (memory.lastInvest as number | undefined) ?? -Infinity;
      if (m.bestRivalAI - m.aiCapability > 0.15 && obs.step - lastInvest >= 12) {
        memory.lastInvest = obs.step;
        actions.push({ kind: 'investAI', gain: 0.1, months: 6 });
      }
      return actions;
    },
    // Device makers' policies may propose deals: NewCo accepts only those that credit it with most of the usage.
    acceptPartnership(offer) {
      return offer.terms.visibility >= 0.5;
    },
  };
}

const newco: AgentSpec = {
  id: 'newco', name: 'NewCo', roles: ['aiProvider'],
  attributes: {
    brand: 0.3,
    aiCapability: { dist: 'uniform', min: 0.55, max: 0.75 },
    privacyTrust: 0.5,
    regulatoryFit: 0.7,
  },
  capacity: { concurrentUsers: { dist: 'uniform', min: 1, max: 3 }, growthPerMonth: 0.05 },
  policy: priceWar({ targetShare: 0.08, cut: 0.1 }),
};

// It enters the assistant market in June 2025 (it is added to the market with share 0 until then),
// winning 3 % of that month's free choices.
const entry: EntryEvent = { type: 'entry', agent: 'newco', market: 'assistants', month: '2025-06', choiceShare: 0.03 };

const base = baselineScenario(); // a fresh copy: changing it leaves the bundled `scenarios.baseline` alone
const scenario: ScenarioSpec = {
  ...base,
  id: 'baseline-with-newco',
  name: 'Baseline with NewCo, a price-cutting entrant',
  landscape: { ...base.landscape, agents: [...base.landscape.agents, newco] },
  events: [...(base.events ?? []), entry],
};

const { runs, seed, horizon } = exampleArgs({ runs: 2000 });
const study = withHorizon(scenario, horizon);
const H = study.horizon ?? 36;
const result = await simulate(study, {
  runs, seed, onProgress: progress(scenario.id),
  predicates: { above5: (r) => r.at('assistants', 'share', 'newco', H) > 0.05 },
});
printSummary(result);

console.log('\nNewCo\'s usage share every six months, against the leaders');
printPath(result, 'assistants', 'share', ['newco', 'bytedance', 'deepseek'], checkpoints(H));
const acted = result.event('policy', undefined, 'newco', 'priceWar');
console.log(`\nNewCo's price-war policy acted ${acted.meanCount.toFixed(1)} times per run on average (price cuts and AI investments);` +
  ` P(NewCo above 5 % usage share in ${result.dates[H]}) = ${pct(result.probability('above5').probability)}.`);
