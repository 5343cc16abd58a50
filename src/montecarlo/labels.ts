/**
 * Readable names of a plan's uncertain inputs: `events[0].reviewMonths`
 * becomes `apple+alibaba · review months`, so discovered boxes read in the
 * scenario's words rather than its list positions.
 */
import type { Plan } from '../model/compile.js';

/**
 * Words of a camelCase field name (`AI` kept in capitals).
 *
 * @example
 * fieldWords('integrationQuality'); // => 'integration quality'
 * fieldWords('aiCapability'); // => 'AI capability'
 */
export function fieldWords(field: string): string {
  return field
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[\s.]+/)
    .filter(Boolean)
    .map((w) => (w.toLowerCase() === 'ai' ? 'AI' : w.toLowerCase()))
    .join(' ');
}

const EVENT_RE = /^events\[(\d+)\]\.(.+)$/;
const AGENT_RE = /^landscape\.agents\[(\d+)\]\.(?:attributes\.)?(.+)$/;
const PARTICIPANT_RE = /^landscape\.markets\[(\d+)\]\.participants\[(\d+)\]\.(.+)$/;
const MARKET_RE = /^landscape\.markets\[(\d+)\]\.(.+)$/;

/**
 * The readable label of an input's declaration path: event inputs by the
 * event's id, agents' and markets' by theirs, the scenario's parameters
 * by name and the landscape's in words, marked `(landscape)`. Paths it
 * cannot place are returned as they are.
 *
 * @example
 * inputLabel(plan, 'events[0].reviewMonths'); // => 'apple+alibaba · review months'
 * inputLabel(plan, 'landscape.agents[0].attributes.brand'); // => 'apple · brand'
 * inputLabel(plan, 'landscape.markets[0].participants[2].loyalty'); // => 'phones · honor · loyalty'
 * inputLabel(plan, 'parameters.aiWeightGrowth'); // => 'AI weight growth (landscape)'
 * inputLabel(plan, 'parameters.regime'); // => 'regime' (the scenario's own)
 */
export function inputLabel(plan: Plan, path: string): string {
  if (path.startsWith('parameters.')) {
    const name = path.slice('parameters.'.length);
    const own = plan.spec?.parameters && Object.prototype.hasOwnProperty.call(plan.spec.parameters, name);
    return own || !plan.parameters.some((p) => p.name === name) ? name : `${fieldWords(name)} (landscape)`;
  }
  let m = EVENT_RE.exec(path);
  if (m) {
    const event = plan.events[Number(m[1])];
    return event ? `${event.id} · ${fieldWords(m[2])}` : path;
  }
  m = AGENT_RE.exec(path);
  if (m) {
    const agent = plan.agents[Number(m[1])];
    return agent ? `${agent.id} · ${fieldWords(m[2])}` : path;
  }
  m = PARTICIPANT_RE.exec(path);
  if (m) {
    const market = plan.markets[Number(m[1])];
    const participant = market?.participants[Number(m[2])];
    return market && participant ? `${market.id} · ${plan.agents[participant.agent].id} · ${fieldWords(m[3])}` : path;
  }
  m = MARKET_RE.exec(path);
  if (m) {
    const market = plan.markets[Number(m[1])];
    return market ? `${market.id} · ${fieldWords(m[2])}` : path;
  }
  return path;
}
