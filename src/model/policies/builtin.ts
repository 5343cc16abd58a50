/**
 * The registry of built-in policies: each is recognised by its decide
 * function and carries a native form that the world evaluates on its arrays
 * (the same expressions on the same numbers as its decide through an
 * observation, without building one). Internal.
 */
import type { Policy } from '../policy-types.js';
import type { MarketState } from '../world/state.js';
import type { World } from '../world/world.js';

/** What a native policy run came to: nothing to do, done (it acted), or to decide the generic way. */
export type NativeOutcome = 0 | 1 | 2;
/** @internal */
export const NATIVE_IDLE = 0;
/** @internal */
export const NATIVE_ACTED = 1;
/** @internal */
export const NATIVE_UNDECIDED = 2;

/**
 * One agent's built-in policy as the world runs it natively: the markets
 * its decide goes through (in the observation's order) with the agent's slot
 * in each, and the log details of its actions, built once.
 */
export class NativeView {
  /** Details by policy name, then by the action's key (two lookups of existing strings: no key string built per action). */
  private readonly details = new Map<string, Map<string, string>>();

  constructor(readonly markets: MarketState[], readonly slots: Int32Array) {}

  /**
   * The detail of policy `name` under `key`, if {@link NativeView.keep} kept
   * one. Native forms build a missing one and keep it, passing no closure: a
   * closure over a native form's variables makes V8 allocate their context
   * on every call, acting or not (the native forms run for every agent
   * every month).
   *
   * @example
   * view.detail('defendShare', 'phones') ?? view.keep('defendShare', 'phones', cutPriceDetail('defendShare', 'phones', 0.15));
   * // => 'defendShare: price cut in phones (utility +0.15)'
   */
  detail(name: string, key: string): string | undefined {
    return this.details.get(name)?.get(key);
  }

  /**
   * Keeps `detail` as policy `name`'s detail under `key` and returns it.
   *
   * @example
   * view.keep('accelerateAI', '|invest', investDetail('accelerateAI', 0.05, 6)); // => 'accelerateAI: invest in AI (+0.05 over 6 months)'
   */
  keep(name: string, key: string, detail: string): string {
    let byKey = this.details.get(name);
    if (byKey === undefined) this.details.set(name, (byKey = new Map()));
    byKey.set(key, detail);
    return detail;
  }
}

/**
 * A built-in policy's native form.
 *
 * @example
 * builtinPolicyOf(defendShare().decide)?.kind; // => 'defendShare'
 */
export interface BuiltinPolicy {
  kind: 'defendShare' | 'accelerateAI' | 'seekPartner';
  /** The markets of agent `a` its decide goes through, in the observation's order. */
  markets(w: World, a: number): MarketState[];
  /** Its decide and actions on the world's arrays. */
  native(w: World, a: number, view: NativeView, memory: Record<string, unknown>, policy: Policy, t: number): NativeOutcome;
}

/**
 * The built-in policies by their decide function. Keyed by the function, not
 * the policy object: a copy (`{ ...defendShare(), every: 3 }`) behaves as the
 * original and keeps the native path, while a policy with a decide of its own
 * (even one named 'defendShare') never takes it.
 */
const builtins = new WeakMap<object, Readonly<BuiltinPolicy>>();

/**
 * Internal: the native form of the built-in policy whose decide function
 * `decide` is, or undefined for any other function.
 *
 * @example
 * builtinPolicyOf(defendShare({ market: 'phones' }).decide)?.kind; // => 'defendShare'
 * builtinPolicyOf({ name: 'defendShare', decide() {} }.decide); // => undefined
 */
export function builtinPolicyOf(decide: unknown): Readonly<BuiltinPolicy> | undefined {
  return typeof decide === 'function' ? builtins.get(decide) : undefined;
}

/**
 * Records `policy` as a built-in one (by its decide function) and returns it.
 *
 * @example
 * const p = builtin({ name: 'x', decide() {} }, native);
 */
export function builtin(policy: Policy, native: BuiltinPolicy): Policy {
  builtins.set(policy.decide, Object.freeze(native));
  return policy;
}

/** The markets agent `a` takes part in, in market order (the observation's markets). */
export function marketsOf(w: World, a: number): MarketState[] {
  return w.markets.filter((m) => m.slotOf[a] >= 0);
}
