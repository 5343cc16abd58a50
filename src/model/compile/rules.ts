/**
 * The rules of a scenario that both its declaration (the document schema in
 * `scenarios/document/`) and its compilation (`compile/*.ts`) apply: the
 * horizon's bounds, the names parameters and ids may take, the event types
 * and the ids events get by default. Each rule is written here once; the
 * schema and the compiler read it from here, so they cannot drift apart.
 */
import type { EventSpec, Role } from '../types.js';

/**
 * The longest horizon a scenario may have, in months.
 *
 * @example
 * MAX_HORIZON; // => 1200
 */
export const MAX_HORIZON = 1200;

/**
 * The horizon of a scenario that declares none, in months.
 *
 * @example
 * DEFAULT_HORIZON; // => 36
 */
export const DEFAULT_HORIZON = 36;

/**
 * What a horizon must be, as errors say it.
 *
 * @example
 * HORIZON_EXPECTED; // => 'an integer number of months in [1, 1200]'
 */
export const HORIZON_EXPECTED = `an integer number of months in [1, ${MAX_HORIZON}]`;

/**
 * Whether `h` is a valid horizon: an integer number of months in [1, {@link MAX_HORIZON}].
 *
 * @example
 * isHorizon(48); // => true
 * isHorizon(0.5); // => false
 */
export function isHorizon(h: unknown): h is number {
  return Number.isInteger(h) && (h as number) >= 1 && (h as number) <= MAX_HORIZON;
}

/**
 * Names of JavaScript's object internals (`Object.prototype`'s own
 * properties, and `prototype`): a parameter may not take them (scopes are
 * plain objects), nor may any key of a scenario document.
 *
 * @example
 * OBJECT_INTERNALS.includes('__proto__'); // => true
 */
export const OBJECT_INTERNALS: readonly string[] = [
  '__proto__', 'constructor', 'prototype', 'toString', 'toLocaleString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf',
  'propertyIsEnumerable', '__defineGetter__', '__defineSetter__', '__lookupGetter__', '__lookupSetter__',
];

/**
 * The rule for parameter names: letters, digits and `_`, not starting with a digit.
 *
 * @example
 * PARAMETER_NAME_RE.test('quality_2'); // => true
 */
export const PARAMETER_NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * What a parameter name must be, as the document schema says it (the
 * compiler adds the reserved names: see `RESERVED_NAMES`).
 *
 * @example
 * PARAMETER_NAME_EXPECTED; // => 'a parameter name of letters, digits and _ (not starting with a digit)'
 */
export const PARAMETER_NAME_EXPECTED = 'a parameter name of letters, digits and _ (not starting with a digit)';

/**
 * Ids of agents, markets and events: letters, digits and `- _ . + : @ #`, starting with a letter or digit.
 *
 * @example
 * ID_RE.test('apple+alibaba'); // => true
 */
export const ID_RE = /^[A-Za-z0-9][A-Za-z0-9_.+:@#-]*$/;

/**
 * Ids of custom metrics: letters, digits, `_` and `-`, starting with a letter.
 *
 * @example
 * METRIC_ID_RE.test('appleLead'); // => true
 */
export const METRIC_ID_RE = /^[A-Za-z][A-Za-z0-9_-]*$/;

/**
 * The roles an agent may have.
 *
 * @example
 * ROLES; // => ['deviceMaker', 'aiProvider']
 */
export const ROLES: readonly Role[] = ['deviceMaker', 'aiProvider'];

/**
 * The types of events, in the order errors list them.
 *
 * @example
 * EVENT_TYPES[0]; // => 'aiLaunch'
 */
export const EVENT_TYPES: ReadonlyArray<EventSpec['type']> = ['aiLaunch', 'partnership', 'shock', 'entry', 'exit', 'subsidy'];

/**
 * The id an event gets when it declares none, before numbering repeats:
 * `launch:<agent>`, `<deviceMaker>+<provider>`, `shock`, `subsidy`,
 * `entry:<agent>@<market>`, `exit:<agent>@<market>`.
 *
 * @example
 * defaultEventId({ type: 'partnership', deviceMaker: 'apple', provider: 'alibaba' }); // => 'apple+alibaba'
 */
export function defaultEventId(e: { type: string; agent?: unknown; deviceMaker?: unknown; provider?: unknown; market?: unknown }): string {
  switch (e.type) {
    case 'aiLaunch': return `launch:${e.agent}`;
    case 'partnership': return `${e.deviceMaker}+${e.provider}`;
    case 'shock': return 'shock';
    case 'subsidy': return 'subsidy';
    default: return `${e.type}:${e.agent}@${e.market}`;
  }
}

/**
 * Numbers repeated default ids: the first event with default id `x` is
 * `x`, the second `x#2`, and so on. One numbering per scenario.
 *
 * @example
 * const n = new DefaultIdNumbering();
 * [n.next('shock'), n.next('shock')]; // => ['shock', 'shock#2']
 */
export class DefaultIdNumbering {
  private readonly counters = new Map<string, number>();

  /** The id of the next event whose default id is `fallback`. */
  next(fallback: string): string {
    const n = this.counters.get(fallback) ?? 0;
    this.counters.set(fallback, n + 1);
    return n === 0 ? fallback : `${fallback}#${n + 1}`;
  }
}

/**
 * The ids compilation gives a list of events: the declared id, or the
 * default id numbered among repeats (see {@link defaultEventId}).
 *
 * @example
 * eventIds([{ type: 'shock', agents: ['apple'], change: 1, month: 1 }, { type: 'shock', agents: ['vivo'], change: 1, month: 2 }]); // => ['shock', 'shock#2']
 */
export function eventIds(events: readonly EventSpec[]): string[] {
  const numbering = new DefaultIdNumbering();
  return events.map((e) => (typeof e.id === 'string' ? e.id : numbering.next(defaultEventId(e as Parameters<typeof defaultEventId>[0]))));
}
