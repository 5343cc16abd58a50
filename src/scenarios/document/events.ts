/**
 * A document's events: its own list or the base scenario's, less those it
 * removes, with its overrides merged in by id, then those it adds. Ids are
 * the ones compilation gives (`eventIds`: the default event id has one home).
 */
import { eventIds } from '../../model/compile/rules.js';
import type { EventSpec, ScenarioSpec } from '../../model/types.js';
import { clonePlain, mergeInto } from './merge.js';
import { check, documentError, formatPath, oneOf, type PathMapping } from './paths.js';
import { EVENT, EVENT_PARTIAL } from './schema.js';
import type { ScenarioDocument } from './types.js';

/** An event of the resolved scenario and where it comes from in the document. */
interface Located { spec: EventSpec; to: string; note?: string }

/**
 * The events of document `d` (checked against the schema already) over
 * `base`; where each comes from goes to `mappings`.
 *
 * @example
 * resolveEvents({ id: 'x', removeEvents: ['apple+alibaba'] }, scenarios['apple-alibaba'], 'x.json', []).length; // => the base's count less one
 */
export function resolveEvents(d: ScenarioDocument, base: ScenarioSpec | undefined, source: string, mappings: PathMapping[]): EventSpec[] {
  const own = d.events !== undefined;
  const first = (own ? d.events! : base?.events ?? []).map((e) => clonePlain(e));
  const ids = eventIds(first);
  const whose = `the ${own ? "document's" : base ? `events inherited from '${base.id}'` : 'events'}`;
  let list: Located[] = first.map((spec, i) => (own
    ? { spec, to: formatPath(['events', i]) }
    : { spec, to: formatPath(['eventOverrides', ids[i]]), note: `event '${ids[i]}' inherited from '${base!.id}': change it with eventOverrides or drop it with removeEvents` }));
  const removed = new Set<number>();
  (d.removeEvents ?? []).forEach((id, k) => {
    const i = ids.indexOf(id);
    if (i < 0) throw documentError(source, 'Unknown event id', ['removeEvents', k], id, `${oneOf(ids)} (${whose})`);
    removed.add(i);
  });
  for (const [id, over] of Object.entries(d.eventOverrides ?? {})) {
    const i = ids.indexOf(id);
    if (i < 0 || removed.has(i)) {
      throw documentError(source, 'Unknown event id', ['eventOverrides', id], id,
        `${oneOf(ids.filter((_, k) => !removed.has(k)))} (${whose}${removed.size ? ', less those removed' : ''})`);
    }
    const target = list[i].spec;
    check(EVENT_PARTIAL[target.type], over, ['eventOverrides', id], source);
    const merged = mergeInto(target, over);
    check(EVENT, merged, ['eventOverrides', id], source);
    list[i] = { spec: merged, to: formatPath(['eventOverrides', id]) };
  }
  list = list.filter((_, i) => !removed.has(i));
  (d.addEvents ?? []).forEach((e, k) => list.push({ spec: clonePlain(e), to: formatPath(['addEvents', k]) }));
  list.forEach((e, i) => mappings.push({ from: `events[${i}]`, to: e.to, note: e.note }));
  return list.map((e) => e.spec);
}
