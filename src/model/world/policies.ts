/**
 * Running the agents' policies each month: built-in ones natively on the
 * world's arrays, any other through an observation, its actions applied
 * at once (so an agent's next policy sees what the previous one did).
 */
import { builtinPolicyOf, NATIVE_ACTED, NATIVE_IDLE, NativeView } from '../policies/builtin.js';
import type { Policy } from '../policy-types.js';
import { applyAction } from './actions.js';
import type { AgentObservation } from './observation.js';
import type { World } from './world.js';

/**
 * One policy of one agent: its period, its native form (a built-in
 * policy's, with the markets it reads) and its memory in this run.
 */
export interface PolicyEntry {
  agent: number; policy: Policy; every: number; native: NativeView | undefined; memory: Record<string, unknown>;
  /** The decide function last looked up, and its built-in form (looked up again only when the policy's decide changes). */
  decide: unknown; spec: ReturnType<typeof builtinPolicyOf>;
}

/**
 * Every agent's policy entries, by agent.
 *
 * @example
 * policyEntries(world)[0].map((e) => e.policy.name); // => ['defendShare', 'seekPartner']
 */
export function policyEntries(w: World): PolicyEntry[][] {
  return w.plan.agents.map((agent, a) => agent.policies.map((policy) => {
    const spec = builtinPolicyOf(policy.decide);
    let native: NativeView | undefined;
    if (spec) {
      const markets = spec.markets(w, a);
      native = new NativeView(markets, Int32Array.from(markets, (m) => m.slotOf[a]));
    }
    return { agent: a, policy, every: policy.every ?? 1, native, memory: {}, decide: policy.decide, spec };
  }));
}

/**
 * Lets the policies due this step act, in agent order. A built-in policy
 * (made by defendShare, accelerateAI or seekPartner, its decide unchanged)
 * is evaluated natively: the same expressions on the same numbers, the same
 * actions in the same order, the same log entries and memory as its decide
 * through an observation. seekPartner only rules out natively that it acts
 * (its early returns); when it may act, it takes the generic path.
 * `world.nativePolicies = false` sends every policy through the generic path.
 */
export function runPolicies(w: World, t: number): void {
  const list = w.policyList, native = w.nativePolicies;
  let last = -1;
  let obs: AgentObservation | undefined;
  for (let i = 0; i < list.length; i++) {
    const entry = list[i];
    const a = entry.agent, policy = entry.policy, every = entry.every, view = entry.native;
    if (every !== 1 && (t - 1) % every !== 0) continue;
    if (native && view !== undefined) {
      let spec = entry.spec;
      if (w.reference) spec = builtinPolicyOf(policy.decide);
      else if (entry.decide !== policy.decide) { entry.decide = policy.decide; spec = entry.spec = builtinPolicyOf(policy.decide); }
      if (spec) {
        const outcome = spec.native(w, a, view, entry.memory, policy, t);
        if (outcome === NATIVE_IDLE) continue;
        if (outcome === NATIVE_ACTED) {
          // As below: the agent's next policy sees what this one did.
          if (last === a) obs!.forgetLists();
          continue;
        }
        // NATIVE_UNDECIDED: decided the generic way.
      }
    }
    if (a !== last) { obs = w.observation(a, t - 1, t, 3); last = a; }
    const actions = policy.decide(obs!, entry.memory);
    if (!actions || actions.length === 0) continue;
    for (const action of actions) applyAction(w, a, policy.name, action, t);
    // The next policy sees what this one did (a deal announced, a launch planned).
    obs!.forgetLists();
  }
}
