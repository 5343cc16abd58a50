/**
 * The bundled China scenarios, keyed by id, each typed with the ids it
 * declares (its landscape's and its events'), so that TypeScript completes
 * `scenarios['apple-alibaba']` and its results' ids and rejects unknown ones.
 */
import {
  appleAlibabaHighVisibilityScenario, appleAlibabaScenario, appleBaiduScenario, approvalDelayedScenario, baselineScenario,
  capacityCrunchScenario, deepseekSurgeScenario, homegrownAIScenario, type AppleAlibabaEventId, type AppleBaiduEventId, type ChinaScenario,
} from './scenarios.js';

export {
  appleAlibabaHighVisibilityScenario, appleAlibabaScenario, appleBaiduScenario, approvalDelayedScenario, baselineScenario,
  capacityCrunchScenario, chinaBacktestScenario, deepseekSurgeScenario, homegrownAIScenario,
  type AppleAlibabaEventId, type AppleBaiduEventId, type ChinaScenario,
} from './scenarios.js';
export type { CommonEventId, R1Maker } from './parts.js';

/**
 * The bundled scenarios by id, each with its type.
 *
 * @example
 * const s: BundledScenarios['apple-baidu'] = scenarios['apple-baidu'];
 */
export type BundledScenarios = {
  readonly baseline: ChinaScenario<AppleAlibabaEventId>;
  readonly 'apple-alibaba': ChinaScenario<AppleAlibabaEventId>;
  readonly 'apple-baidu': ChinaScenario<AppleBaiduEventId>;
  readonly 'deepseek-surge': ChinaScenario<AppleAlibabaEventId>;
  readonly 'homegrown-ai': ChinaScenario<AppleAlibabaEventId>;
  readonly 'capacity-crunch': ChinaScenario<AppleAlibabaEventId>;
  readonly 'approval-delayed': ChinaScenario<AppleAlibabaEventId>;
  readonly 'apple-alibaba-high-visibility': ChinaScenario<AppleAlibabaEventId>;
};

/**
 * The id of a bundled scenario.
 *
 * @example
 * const id: ScenarioId = 'apple-alibaba'; // 'apple-alibab' does not compile
 */
export type ScenarioId = keyof BundledScenarios;

/**
 * Builders of the bundled scenarios, keyed by id: each call returns a fresh scenario.
 *
 * @example
 * scenarioBuilders['capacity-crunch']().id; // => 'capacity-crunch'
 */
export const scenarioBuilders: { readonly [K in ScenarioId]: () => BundledScenarios[K] } = {
  baseline: baselineScenario,
  'apple-alibaba': appleAlibabaScenario,
  'apple-baidu': appleBaiduScenario,
  'deepseek-surge': deepseekSurgeScenario,
  'homegrown-ai': homegrownAIScenario,
  'capacity-crunch': capacityCrunchScenario,
  'approval-delayed': approvalDelayedScenario,
  'apple-alibaba-high-visibility': appleAlibabaHighVisibilityScenario,
};

/**
 * The bundled scenarios, keyed by kebab-case id (exported as `scenarios`).
 *
 * @example
 * Object.keys(scenarios);
 * // => ['baseline', 'apple-alibaba', 'apple-baidu', 'deepseek-surge', 'homegrown-ai', 'capacity-crunch',
 * //     'approval-delayed', 'apple-alibaba-high-visibility']
 */
export const bundledScenarios = Object.fromEntries(
  Object.entries(scenarioBuilders).map(([id, build]) => [id, build()]),
) as unknown as BundledScenarios;

/**
 * Whether `id` names a bundled scenario (a guard for ids read at run time: a command line, a file).
 *
 * @example
 * isScenarioId('baseline'); // => true
 * isScenarioId('no-such'); // => false
 */
export function isScenarioId(id: string): id is ScenarioId {
  return Object.hasOwn(scenarioBuilders, id);
}
