/**
 * Default policies and the resolution of declarative policy specs.
 */
import { RivalsimError } from '../errors.js';
import type {
  AccelerateAIOptions, DefendShareOptions, Observation, Policy, PolicyAction, PolicySpec, SeekPartnerOptions,
} from './policy-types.js';

/**
 * A built-in policy's kind and resolved options, for the World's native
 * evaluation of it (see `builtinPolicyOf`); internal.
 *
 * @example
 * const b: BuiltinPolicy = { kind: 'seekPartner', byMonth: 6, minAICapability: 0.05 };
 */
export type BuiltinPolicy =
  | { kind: 'defendShare'; market: string | undefined; dropThreshold: number; lookbackMonths: number; utility: number; halfLifeMonths: number; cooldownMonths: number }
  | { kind: 'accelerateAI'; gap: number; gain: number; months: number; pullForwardMonths: number; cooldownMonths: number }
  | { kind: 'seekPartner'; byMonth: number; minAICapability: number };

/**
 * The built-in policies by their decide function. Keyed by the function, not
 * the policy object: a copy (`{ ...defendShare(), every: 3 }`) behaves as the
 * original and keeps the native path, while a policy with a decide of its own
 * (even one named 'defendShare') never takes it.
 */
const builtins = new WeakMap<object, Readonly<BuiltinPolicy>>();

/**
 * Internal: the kind and resolved options of the built-in policy whose decide
 * function `decide` is (made by {@link defendShare}, {@link accelerateAI} or
 * {@link seekPartner}), or undefined for any other function.
 *
 * @example
 * const p = defendShare({ market: 'phones' });
 * builtinPolicyOf(p.decide)?.kind; // => 'defendShare'
 * builtinPolicyOf({ name: 'defendShare', decide() {} }.decide); // => undefined
 */
export function builtinPolicyOf(decide: unknown): Readonly<BuiltinPolicy> | undefined {
  return typeof decide === 'function' ? builtins.get(decide) : undefined;
}

/** Records `policy` as a built-in one (by its decide function) and returns it. */
function builtin(policy: Policy, options: BuiltinPolicy): Policy {
  builtins.set(policy.decide, Object.freeze(options));
  return policy;
}

/**
 * Defend share: when the headline share fell by at least `dropThreshold`
 * over `lookbackMonths`, cut price (a decaying utility lift), then wait
 * `cooldownMonths`.
 *
 * @example
 * const p = defendShare({ market: 'phones', dropThreshold: 0.01, utility: 0.15 });
 * p.name; // => 'defendShare'
 */
export function defendShare(options: DefendShareOptions = {}): Policy {
  const { market, dropThreshold = 0.01, lookbackMonths = 3, utility = 0.15, halfLifeMonths = 4, cooldownMonths = 6 } = options;
  if (!(Number.isInteger(lookbackMonths) && lookbackMonths >= 1 && lookbackMonths <= 12)) {
    throw new RivalsimError('Invalid lookback', 'defendShare.lookbackMonths', lookbackMonths, 'an integer number of months in 1–12');
  }
  return builtin({
    name: 'defendShare',
    decide(obs, memory) {
      const last = (memory.lastCut as number | undefined) ?? -Infinity;
      if (obs.step - last < cooldownMonths) return;
      let actions: PolicyAction[] | undefined;
      const markets = obs.markets;
      for (let i = 0; i < markets.length; i++) {
        const m = markets[i];
        if ((market !== undefined && m.market !== market) || !m.active) continue;
        // shareChange is the 3-month change; other lookbacks read the history.
        const change = lookbackMonths === 3 ? m.shareChange : m.share - m.shareHistory[Math.min(lookbackMonths, m.shareHistory.length - 1)];
        if (change <= -dropThreshold) (actions ??= []).push({ kind: 'cutPrice', market: m.market, utility, halfLifeMonths });
      }
      if (actions) memory.lastCut = obs.step;
      return actions;
    },
  }, { kind: 'defendShare', market, dropThreshold, lookbackMonths, utility, halfLifeMonths, cooldownMonths });
}

/**
 * Seek a partner: a device maker still without AI (own capability below
 * `minAICapability`, no partnership planned, announced, approved or live) from month
 * `byMonth` on announces a partnership with the most capable AI provider
 * whose regulatory fit passes `minRegulatoryFit`, skipping providers that
 * were rejected before and (unless `allowRivals`) providers that sell
 * devices in the same market. Approval probability defaults to that provider's
 * regulatory fit.
 *
 * @example
 * const p = seekPartner({ byMonth: 6, minRegulatoryFit: 0.6 });
 * p.name; // => 'seekPartner'
 */
export function seekPartner(options: SeekPartnerOptions = {}): Policy {
  const { byMonth = 6, minRegulatoryFit = 0.6, minAICapability = 0.05, terms = {}, allowRivals = false } = options;
  return builtin({
    name: 'seekPartner',
    decide(obs) {
      if (obs.step < byMonth || !obs.roles.includes('deviceMaker')) return;
      // Its AI on its devices: its own, with launches restricted to its device markets.
      let deviceAI = obs.ownAICapability, sellsDevices = false;
      for (const m of obs.markets) {
        if (m.kind !== 'devices') continue;
        if (m.aiCapability > deviceAI) deviceAI = m.aiCapability;
        if (m.active) sellsDevices = true;
      }
      if (!sellsDevices) return; // sells no devices: nothing to put an assistant on
      if (deviceAI >= minAICapability) return;
      const myDeviceMarkets = obs.markets.filter((m) => m.kind === 'devices' && m.active).map((m) => m.market);
      // Planned, announced, approved or live: a deal is on its way.
      for (const p of obs.partnerships) if (p.deviceMaker === obs.agent && p.status !== 'rejected') return;
      const rejected = new Set(obs.partnerships.filter((p) => p.status === 'rejected').map((p) => p.provider));
      let best: Observation['providers'][number] | undefined;
      for (const p of obs.providers) {
        if (p.regulatoryFit < minRegulatoryFit || rejected.has(p.id)) continue;
        if (!allowRivals && p.deviceMarkets.some((m) => myDeviceMarkets.includes(m))) continue;
        if (!best || p.aiCapability > best.aiCapability) best = p;
      }
      if (!best) return;
      return [{ kind: 'seekPartner', provider: best.id, terms: { approvalProbability: Math.min(1, Math.max(0, best.regulatoryFit)), ...terms } }];
    },
  }, { kind: 'seekPartner', byMonth, minAICapability });
}

/**
 * Accelerate AI when behind: if the agent's AI trails the best rival's by
 * more than `gap` in any of its markets, pull a pending launch forward by
 * `pullForwardMonths`, or else invest (`gain` over `months`); then wait
 * `cooldownMonths`.
 *
 * @example
 * const p = accelerateAI({ gap: 0.1, gain: 0.05 });
 * p.name; // => 'accelerateAI'
 */
export function accelerateAI(options: AccelerateAIOptions = {}): Policy {
  const { gap = 0.1, gain = 0.05, months = 6, pullForwardMonths = 2, cooldownMonths = 6 } = options;
  return builtin({
    name: 'accelerateAI',
    decide(obs, memory) {
      const last = (memory.lastAct as number | undefined) ?? -Infinity;
      if (obs.step - last < cooldownMonths) return;
      // Own capability (before any overload loss) or a partner's, whichever is higher.
      let behind = false;
      for (const m of obs.markets) {
        if (m.active && m.bestRivalAI - Math.max(obs.ownAICapability, m.aiCapability) > gap) { behind = true; break; }
      }
      if (!behind) return;
      memory.lastAct = obs.step;
      const pending = obs.pendingLaunches.find((l) => l.month > obs.step);
      if (pending) return [{ kind: 'accelerate', event: pending.id, months: pullForwardMonths }];
      return [{ kind: 'investAI', gain, months }];
    },
  }, { kind: 'accelerateAI', gap, gain, months, pullForwardMonths, cooldownMonths });
}

/**
 * A policy that never acts.
 *
 * @example
 * passive().decide(obs, {}); // => undefined
 */
export function passive(): Policy {
  return { name: 'passive', decide() { return undefined; } };
}

/**
 * Turns a declarative {@link PolicySpec} (or a policy object) into a policy.
 *
 * @example
 * resolvePolicy({ kind: 'defendShare', dropThreshold: 0.02 }, 'agents[0].policy').name; // => 'defendShare'
 */
export function resolvePolicy(spec: Policy | PolicySpec, path: string): Policy {
  if (spec && typeof (spec as Policy).decide === 'function') {
    const p = spec as Policy;
    if (p.every !== undefined && !(Number.isInteger(p.every) && p.every >= 1)) {
      throw new RivalsimError('Invalid policy period', `${path}.every`, p.every, 'an integer ≥ 1');
    }
    return p;
  }
  const s = spec as PolicySpec;
  switch (s?.kind) {
    case 'defendShare': return defendShare(s);
    case 'seekPartner': return seekPartner(s);
    case 'accelerateAI': return accelerateAI(s);
    case 'passive': return passive();
    default:
      throw new RivalsimError('Unknown policy', path, spec,
        "a policy object with decide(), or { kind: 'defendShare' | 'seekPartner' | 'accelerateAI' | 'passive' }");
  }
}
