/**
 * A document's landscape: a full landscape, or an override applied to the
 * base scenario's landscape or to a registry landscape it `extends`
 * (agents and markets merged by id, removed, or added). Records where each
 * resolved agent, market and participant comes from in the document.
 */
import type { AgentSpec, LandscapeSpec, MarketSpec, ParticipantSpec, ScenarioSpec } from '../../model/types.js';
import { clonePlain, mergeInto, withoutNulls } from './merge.js';
import { check, documentError, formatPath, oneOf, type Key, type PathMapping } from './paths.js';
import { AGENT, isFullLandscape, MARKET } from './schema.js';
import type { Schema } from './schema-values.js';
import type { DocumentRegistry, LandscapeOverride, MarketOverride, ScenarioDocument } from './types.js';

const at = (...keys: Key[]): Key[] => ['landscape', ...keys];

/**
 * The landscape of document `d` (checked against the schema already),
 * built from the registry, the base scenario or the document itself; the
 * paths of what it inherits go to `mappings`.
 *
 * @example
 * resolveLandscape({ id: 'x', landscape: { extends: 'china' } }, undefined, BUNDLED_REGISTRY, 'x.json', []).start; // => '2025-01'
 */
export function resolveLandscape(d: ScenarioDocument, base: ScenarioSpec | undefined, registry: DocumentRegistry, source: string, mappings: PathMapping[]): LandscapeSpec {
  const L = d.landscape;
  if (L !== undefined && isFullLandscape(L)) return clonePlain(L as LandscapeSpec);
  const o = (L ?? {}) as LandscapeOverride;
  const hint = `"extends": "${Object.keys(registry.landscapes)[0] ?? 'china'}"`;
  if (o.options !== undefined && o.extends === undefined) {
    throw documentError(source, 'Landscape options without a landscape to build', ['landscape', 'options'], o.options,
      `options together with ${hint} in the landscape`, `Add ${hint} to the landscape (it then replaces the base scenario's landscape)`);
  }
  let landscape: LandscapeSpec, origin: string;
  if (o.extends !== undefined) {
    const entry = registry.landscapes[o.extends];
    if (o.options !== undefined) check(entry.options as Schema, o.options, at('options'), source);
    landscape = entry.build(o.options as never);
    origin = entry.label;
  } else if (base) {
    landscape = clonePlain(base.landscape);
    origin = `'${base.id}'`;
  } else {
    throw documentError(source, 'No landscape', ['landscape'], L,
      `a full landscape { start, agents, markets }, a landscape override with ${hint}, or a top-level "extends" naming a bundled scenario`);
  }
  applyLandscapeOverride(landscape, o, source);
  landscapeMappings(landscape, o, origin, mappings);
  return landscape;
}

/** Applies override `o` to `landscape` (in place). */
function applyLandscapeOverride(landscape: LandscapeSpec, o: LandscapeOverride, source: string): void {
  if (o.start !== undefined) landscape.start = o.start;
  if (o.sources !== undefined) landscape.sources = [...o.sources];
  for (const [name, p] of Object.entries(o.parameters ?? {})) {
    landscape.parameters ??= {};
    if (p === null) delete landscape.parameters[name];
    else landscape.parameters[name] = clonePlain(p);
  }
  removeAgents(landscape, o, source);
  for (const [id, over] of Object.entries(o.agents ?? {})) overrideAgent(landscape, id, over, source);
  for (const [id, over] of Object.entries(o.markets ?? {})) overrideMarket(landscape, id, over, source);
}

function removeAgents(landscape: LandscapeSpec, o: LandscapeOverride, source: string): void {
  (o.removeAgents ?? []).forEach((id, k) => {
    const i = landscape.agents.findIndex((a) => a.id === id);
    if (i < 0) throw documentError(source, 'Unknown agent', at('removeAgents', k), id, oneOf(landscape.agents.map((a) => a.id)));
    if (o.agents && Object.hasOwn(o.agents, id)) {
      throw documentError(source, 'Agent both removed and overridden', at('agents', id), id, 'an agent that is not in removeAgents');
    }
    landscape.agents.splice(i, 1);
    for (const m of landscape.markets) m.participants = m.participants.filter((p) => p.agent !== id);
  });
}

function overrideAgent(landscape: LandscapeSpec, id: string, over: NonNullable<LandscapeOverride['agents']>[string], source: string): void {
  const keys = at('agents', id);
  if (over.id !== undefined && over.id !== id) throw documentError(source, 'Agent id differs from its key', [...keys, 'id'], over.id, `'${id}' (or no id)`);
  const i = landscape.agents.findIndex((a) => a.id === id);
  let agent: AgentSpec;
  if (i >= 0) {
    agent = mergeInto(landscape.agents[i], over);
    landscape.agents[i] = agent;
  } else {
    if (over.name === undefined || over.roles === undefined) {
      throw documentError(source, 'Unknown agent', keys, id,
        `${oneOf(landscape.agents.map((a) => a.id))} to override, or a new agent with at least name and roles`);
    }
    agent = { ...withoutNulls(over as Record<string, unknown>), id } as unknown as AgentSpec;
    landscape.agents.push(agent);
  }
  check(AGENT, agent, keys, source);
}

function overrideMarket(landscape: LandscapeSpec, id: string, over: MarketOverride | null, source: string): void {
  const keys = at('markets', id);
  const i = landscape.markets.findIndex((m) => m.id === id);
  const known = oneOf(landscape.markets.map((m) => m.id));
  if (over === null) {
    if (i < 0) throw documentError(source, 'Unknown market', keys, id, `${known} to remove`);
    landscape.markets.splice(i, 1);
    return;
  }
  if (over.id !== undefined && over.id !== id) throw documentError(source, 'Market id differs from its key', [...keys, 'id'], over.id, `'${id}' (or no id)`);
  const { participants: parts, ...rest } = over;
  let market: MarketSpec;
  if (i >= 0) {
    const base = landscape.markets[i];
    if (rest.kind !== undefined && rest.kind !== base.kind) {
      throw documentError(source, 'A market cannot change kind', [...keys, 'kind'], rest.kind, `'${base.kind}' (or no kind)`, 'Remove the market (null) and add a new one under another id');
    }
    market = mergeInto(base, rest);
  } else {
    if (rest.kind === undefined) {
      throw documentError(source, 'Unknown market', keys, id, `${known} to override, or a new market with kind, name, weights, participants and the kind's required fields`);
    }
    market = { ...withoutNulls(rest as Record<string, unknown>), id, participants: [] } as unknown as MarketSpec;
  }
  for (const [agent, p] of Object.entries(parts ?? {})) overrideParticipant(market, agent, p, [...keys, 'participants', agent], source);
  // Paths inside the market name participants by agent id, as the document does.
  const byAgent = (ks: Key[]) => (ks[0] === 'participants' && typeof ks[1] === 'number' && market.participants[ks[1]]
    ? ['participants', market.participants[ks[1]].agent, ...ks.slice(2)] : ks);
  check(MARKET, market, keys, source, byAgent);
  if (i >= 0) landscape.markets[i] = market;
  else landscape.markets.push(market);
}

function overrideParticipant(market: MarketSpec, agent: string, p: NonNullable<MarketOverride['participants']>[string], pk: Key[], source: string): void {
  const k = market.participants.findIndex((x) => x.agent === agent);
  if (p === null) {
    if (k < 0) throw documentError(source, 'Unknown participant', pk, agent, `${oneOf(market.participants.map((x) => x.agent))} to remove`);
    market.participants.splice(k, 1);
    return;
  }
  if (p.agent !== undefined && p.agent !== agent) throw documentError(source, 'Participant agent differs from its key', [...pk, 'agent'], p.agent, `'${agent}' (or no agent)`);
  if (k >= 0) market.participants[k] = mergeInto(market.participants[k], p);
  else market.participants.push({ ...withoutNulls(p as Record<string, unknown>), agent } as unknown as ParticipantSpec);
}

/** Paths name agents, markets and participants by id, as overrides do (inherited ones, untouched by `o`, say so). */
function landscapeMappings(landscape: LandscapeSpec, o: LandscapeOverride, origin: string, mappings: PathMapping[]): void {
  const touchedAgents = new Set(Object.keys(o.agents ?? {}));
  const touchedMarkets = new Set(Object.entries(o.markets ?? {}).filter(([, m]) => m !== null).map(([id]) => id));
  landscape.agents.forEach((a, i) => mappings.push({
    from: `landscape.agents[${i}]`, to: formatPath(['landscape', 'agents', a.id]),
    note: touchedAgents.has(a.id) ? undefined : `agent '${a.id}' inherited from ${origin}`,
  }));
  landscape.markets.forEach((m, i) => {
    const note = touchedMarkets.has(m.id) ? undefined : `market '${m.id}' inherited from ${origin}`;
    mappings.push({ from: `landscape.markets[${i}]`, to: formatPath(['landscape', 'markets', m.id]), note });
    m.participants.forEach((p, k) => mappings.push({
      from: `landscape.markets[${i}].participants[${k}]`, to: formatPath(['landscape', 'markets', m.id, 'participants', String(p.agent)]), note,
    }));
  });
}
