/**
 * `defineLandscape` and `defineScenario`: a landscape or scenario written
 * as an object literal, returned as it is, typed with the ids it declares
 * so that its results complete and check them (see `model/ids.ts`).
 */
import type { BuiltInMetrics, EVENT_IDS, LANDSCAPE_IDS, LandscapeIds } from './ids.js';
import type { CustomMetricSpec, LandscapeSpec, ScenarioSpec } from './types.js';

/** The declared ids of a landscape literal `L`: each market's participants and built-in metrics (with `C`, the custom metrics). */
type DeclaredLandscapeIds<L extends LandscapeSpec, C extends CustomMetricSpec = never> = {
  markets: {
    [M in L['markets'][number] as M['id']]: {
      agents: M['participants'][number]['agent'];
      metrics: BuiltInMetrics<M['kind'], M['participants'][number]['agent']> | Extract<C, { market: M['id'] }>['id'];
    };
  };
  agents: L['agents'][number]['id'];
};

/** Whether ids are the wide default (every id a `string`). */
type IsWide<I extends LandscapeIds> = string extends I['agents'] ? true : false;

/**
 * The ids of a landscape: those it carries (a landscape from
 * `chinaLandscape` or `defineLandscape`), else those its literal declares.
 *
 * @example
 * type Ids = LandscapeIdsOf<ReturnType<typeof chinaLandscape>>; // => ChinaLandscapeIds
 */
export type LandscapeIdsOf<L extends LandscapeSpec, C extends CustomMetricSpec = never> =
  NonNullable<L[typeof LANDSCAPE_IDS]> extends infer I extends LandscapeIds
    ? IsWide<I> extends true ? DeclaredLandscapeIds<L, C> : [C] extends [never] ? I : WithCustomMetrics<I, C>
    : DeclaredLandscapeIds<L, C>;

/** Ids `I` with the custom metrics `C` added to their markets. */
type WithCustomMetrics<I extends LandscapeIds, C extends CustomMetricSpec> = {
  markets: { [M in keyof I['markets']]: { agents: I['markets'][M]['agents']; metrics: I['markets'][M]['metrics'] | Extract<C, { market: M }>['id'] } };
  agents: I['agents'];
};

/**
 * The ids of the events a scenario literal declares: their `id`s when each
 * event has one, `string` otherwise (a default id is made at compile time).
 *
 * @example
 * type E = EventIdsOf<{ id: 's', landscape: L, events: [{ type: 'shock', id: 'crash', … }] }>; // => 'crash'
 */
export type EventIdsOf<S extends ScenarioSpec> =
  NonNullable<S[typeof EVENT_IDS]> extends infer E extends string
    ? string extends E
      ? S['events'] extends ReadonlyArray<infer V> ? (V extends { id: infer Id extends string } ? Id : string) : never
      : E
    : string;

/**
 * The landscape ids of a scenario literal: its landscape's, with its custom metrics.
 *
 * @example
 * type P = ScenarioLandscapeIdsOf<typeof deal>['markets']['phones']['metrics']; // => 'share' | … | 'appleLead'
 */
export type ScenarioLandscapeIdsOf<S extends ScenarioSpec> = LandscapeIdsOf<S['landscape'], CustomMetricsOf<S>>;

/** The custom metrics a scenario literal declares. */
type CustomMetricsOf<S extends ScenarioSpec> = S['metrics'] extends ReadonlyArray<infer C extends CustomMetricSpec> ? C : never;

/**
 * A landscape written as a literal, typed with the ids it declares: its
 * agents, its markets with their participants and metrics. Returns the
 * same object (a type-only helper: nothing is checked or copied; the
 * landscape is validated when a scenario using it is compiled).
 *
 * @example
 * const duopoly = defineLandscape({
 *   start: '2025-01',
 *   agents: [{ id: 'a', name: 'A', roles: ['deviceMaker'] }, { id: 'b', name: 'B', roles: ['deviceMaker'] }],
 *   markets: [{ kind: 'devices', id: 'phones', name: 'Phones', unitsPerYear: 100, replacementCycleMonths: 36, weights: { brand: 1 },
 *               participants: [{ agent: 'a', initialShare: 0.6 }, { agent: 'b', initialShare: 0.4 }] }],
 * });
 * // (await simulate({ id: 's', landscape: duopoly }, o)).stat('phones', 'share', 'c'); // a compile error: no agent 'c'
 */
export function defineLandscape<const L extends LandscapeSpec>(landscape: L): LandscapeSpec<LandscapeIdsOf<L>> {
  return landscape as unknown as LandscapeSpec<LandscapeIdsOf<L>>;
}

/**
 * A scenario written as a literal, typed with the ids it declares: its
 * landscape's (see {@link defineLandscape}; a bundled landscape's as
 * declared), its custom metrics and its events' ids. Returns the same
 * object (a type-only helper).
 *
 * @example
 * const deal = defineScenario({ id: 'deal', landscape: chinaLandscape(), events: [{ type: 'shock', id: 'crash', agents: ['apple'], change: -1, month: 3 }] });
 * (await simulate(deal, o)).event('shock', 'crash'); // 'crash' completes; event('shock', 'crsh') does not compile
 */
export function defineScenario<const S extends ScenarioSpec>(scenario: S): ScenarioSpec<ScenarioLandscapeIdsOf<S>, EventIdsOf<S>> {
  return scenario as unknown as ScenarioSpec<ScenarioLandscapeIdsOf<S>, EventIdsOf<S>>;
}
