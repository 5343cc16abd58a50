/**
 * The default policies (each with its native form beside it) and the
 * resolution of declarative policy specs.
 */
import { RivalsimError } from '../../errors.js';
import type { Policy, PolicySpec } from '../policy-types.js';
import { accelerateAI } from './accelerate-ai.js';
import { defendShare } from './defend-share.js';
import { seekPartner } from './seek-partner.js';

export { accelerateAI } from './accelerate-ai.js';
export { builtinPolicyOf, type BuiltinPolicy } from './builtin.js';
export { defendShare } from './defend-share.js';
export { seekPartner } from './seek-partner.js';

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
