/**
 * The size limits of a scenario, checked when it is compiled, before
 * anything is allocated for it: agents, markets, events, parameters,
 * metrics, and the flows a world records. Each is documented in
 * docs/scenario-files.md ("Limits"); each error says which limit and what
 * to do. Validation only: a scenario within the limits compiles as before.
 */
import type { LandscapeSpec, ScenarioSpec } from '../types.js';
import { fail } from './context.js';

/**
 * The limits of one scenario.
 *
 * @example
 * SCENARIO_LIMITS.events; // => 10000
 */
export const SCENARIO_LIMITS = {
  /** Agents in the landscape. */
  agents: 500,
  /** Markets in the landscape. */
  markets: 50,
  /** Participants of one market. */
  participants: 500,
  /** Events, after a document's additions and removals. */
  events: 10_000,
  /** Parameters (the landscape's and the scenario's). */
  parameters: 1_000,
  /** Custom metrics. */
  metrics: 200,
  /**
   * A device market's participants² × (horizon + 1): each run records the
   * flow of buyers between every pair of brands each month (8 bytes each),
   * 200 MB at this limit (e.g. 500 brands over 100 months, or 165 brands
   * over 1,200).
   */
  flowCells: 25_000_000,
} as const;

function atMost(count: number, limit: number, what: string, path: string, fix: string): void {
  if (count > limit) fail(`Too many ${what}`, path, `${count.toLocaleString('en-US')} ${what}`, `at most ${limit.toLocaleString('en-US')} ${what}`, fix);
}

const length = (v: unknown): number => (Array.isArray(v) ? v.length : 0);
const keyCount = (v: unknown): number => (typeof v === 'object' && v !== null && !Array.isArray(v) ? Object.keys(v).length : 0);

/**
 * Checks a scenario against {@link SCENARIO_LIMITS} (before the rest of
 * compilation reads it). Throws a {@link RivalsimError} naming the list
 * and the limit.
 *
 * @example
 * checkScenarioSize({ ...spec, events: new Array(20_000).fill(spec.events[0]) }, spec.landscape, 36);
 * // throws: Too many events: expected at most 10,000 events but received "20,000 events" → at events
 */
export function checkScenarioSize(spec: ScenarioSpec, landscape: LandscapeSpec, horizon: number): void {
  atMost(length(landscape.agents), SCENARIO_LIMITS.agents, 'agents', 'landscape.agents', 'Merge small brands into one agent (e.g. "others")');
  atMost(length(landscape.markets), SCENARIO_LIMITS.markets, 'markets', 'landscape.markets', 'Study fewer markets at a time');
  atMost(length(spec.events), SCENARIO_LIMITS.events, 'events', 'events', 'Model recurring events as a shock process (landscape.markets.<id>.shocks) or a hazard (hazardPerMonth)');
  atMost(keyCount(landscape.parameters) + keyCount(spec.parameters), SCENARIO_LIMITS.parameters, 'parameters', 'parameters', 'Tie fields to fewer uncertain inputs');
  atMost(length(spec.metrics), SCENARIO_LIMITS.metrics, 'metrics', 'metrics', 'Compute the others from the --json output');
  (Array.isArray(landscape.markets) ? landscape.markets : []).forEach((m, i) => {
    const n = length(m?.participants);
    atMost(n, SCENARIO_LIMITS.participants, 'participants', `landscape.markets[${i}].participants`, 'Merge small brands into one participant (e.g. "others")');
    if (m?.kind === 'devices' && n * n * (horizon + 1) > SCENARIO_LIMITS.flowCells) {
      fail('Market too large for its horizon', `landscape.markets[${i}].participants`, `${n} participants over ${horizon} months`,
        `participants² × (horizon + 1) ≤ ${SCENARIO_LIMITS.flowCells.toLocaleString('en-US')} (each run records the flows between every pair of brands each month)`,
        `Use at most ${Math.floor(Math.sqrt(SCENARIO_LIMITS.flowCells / (horizon + 1)))} participants at this horizon, or a shorter horizon`);
    }
  });
}

/** Control characters: C0 (but tab and line feed where text allows them), DEL, C1, bidirectional overrides. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
// eslint-disable-next-line no-control-regex
const CONTROL_OR_BREAK = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/**
 * Checks the names and the description a scenario shows: names hold no
 * control character (no line break: a table row stays one row), the
 * description may break lines but holds no other control character (no
 * terminal escape sequence).
 *
 * @example
 * checkText({ ...spec, name: 'Apple\u001b[2J' }); // throws: Control character in a name … → at name
 */
export function checkText(spec: ScenarioSpec, landscape: LandscapeSpec): void {
  const name = (v: unknown, path: string) => {
    if (typeof v === 'string' && CONTROL_OR_BREAK.test(v)) fail('Control character in a name', path, v, 'a name without control characters or line breaks');
  };
  name(spec.name, 'name');
  if (typeof spec.description === 'string' && CONTROL.test(spec.description)) {
    fail('Control character in the description', 'description', spec.description, 'text without control characters (line breaks are fine)');
  }
  (Array.isArray(landscape.agents) ? landscape.agents : []).forEach((a, i) => name(a?.name, `landscape.agents[${i}].name`));
  (Array.isArray(landscape.markets) ? landscape.markets : []).forEach((m, i) => {
    name(m?.name, `landscape.markets[${i}].name`);
    const tiers = (m as { tiers?: Array<{ name?: unknown }> }).tiers;
    if (Array.isArray(tiers)) tiers.forEach((t, k) => name(t?.name, `landscape.markets[${i}].tiers[${k}].name`));
  });
}
