/**
 * The sources (trackers) observations may come from. Each tracker counts
 * something different — IDC and Canalys count shipments sold in to
 * channels, Counterpoint's Market Pulse counts sales to consumers — so each
 * is its own series with its own noise; never mix them as one.
 */
import { RivalsimError } from '../errors.js';

/**
 * A known source of observations.
 *
 * @example
 * const s: SourceInfo = { id: 'idc', name: 'IDC Worldwide Quarterly Mobile Phone Tracker', counts: 'shipments (sell-in)' };
 */
export interface SourceInfo {
  /** Lower-case id used in observation files, e.g. `idc`. */
  id: string;
  /** The tracker or publisher, and which product of theirs. */
  name: string;
  /** What it counts: shipments (sell-in), sales (sell-through), users, … */
  counts: string;
}

/**
 * The sources rivalsim knows. Extend the list per call (`sources` option of
 * `parseObservations`) rather than editing it.
 *
 * @example
 * KNOWN_SOURCES.map((s) => s.id); // => ['idc', 'canalys', 'counterpoint-monitor', 'counterpoint-pulse', …]
 */
export const KNOWN_SOURCES: readonly SourceInfo[] = [
  { id: 'idc', name: 'IDC Worldwide Quarterly Mobile Phone Tracker', counts: 'shipments (sell-in)' },
  { id: 'canalys', name: 'Canalys Smartphone Analysis', counts: 'shipments (sell-in)' },
  { id: 'counterpoint-monitor', name: 'Counterpoint Research, Market Monitor service', counts: 'shipments (sell-in)' },
  { id: 'counterpoint-pulse', name: 'Counterpoint Research, Market Pulse service', counts: 'sales to consumers (sell-through)' },
  { id: 'strategy-analytics', name: 'Strategy Analytics (now TechInsights), handset country share', counts: 'shipments (sell-in)' },
  { id: 'cinno', name: 'CINNO Research', counts: 'sales (sell-through)' },
  { id: 'questmobile', name: 'QuestMobile', counts: 'app users and surveys' },
  { id: 'aicpb', name: 'aicpb.com AI product ranking', counts: 'monthly active users of AI apps' },
  { id: 'cnnic', name: 'China Internet Network Information Center (CNNIC) statistical report', counts: 'users (surveys)' },
];

/**
 * The registry of sources for one call: the known ones plus `extra` (ids
 * or full entries). Ids are matched case-insensitively.
 *
 * @example
 * sourceRegistry(['my-panel']).has('my-panel'); // => true
 */
export function sourceRegistry(extra: ReadonlyArray<string | SourceInfo> = []): Map<string, SourceInfo> {
  const out = new Map(KNOWN_SOURCES.map((s) => [s.id, s]));
  extra.forEach((s, i) => {
    const info = typeof s === 'string' ? { id: s, name: s, counts: 'unspecified' } : s;
    if (typeof info?.id !== 'string' || !/^[a-z0-9][a-z0-9_.-]*$/i.test(info.id)) {
      throw new RivalsimError('Invalid source', `sources[${i}]`, s, 'an id of letters, digits, - _ . (or { id, name, counts })');
    }
    out.set(info.id.toLowerCase(), { ...info, id: info.id.toLowerCase() });
  });
  return out;
}
