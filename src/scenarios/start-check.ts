/**
 * The start of a scenario document, checked when it is prepared: the
 * world's own start (a world created and reset once) must accept what the
 * document declares, so that a document `describe` and
 * `prepareScenarioDocument` accept also runs. When the start refuses it —
 * typically shares changed so that a brand's inherited repurchase rate is
 * below what free choice alone gives it — the error names what the document
 * changed in that market and a repurchase rate that would work, found by
 * running the start again (never by re-implementing it). The check is at
 * the inputs' medians.
 */
import { RivalsimError } from '../errors.js';
import { compileScenario, type Plan } from '../model/compile.js';
import type { ScenarioSpec } from '../model/types.js';
import { createWorld } from '../model/world.js';

/** Where a start error points: `landscape.markets[i].participants[k].<field>`. */
const PARTICIPANT_PATH = /^landscape\.markets\[(\d+)\]\.participants\[(\d+)\]\.(\w+)$/;

/** The median of every uncertain input (design placement u = 1/2). */
const MEDIANS = (): number => 0.5;

/**
 * The error the world's start gives `plan` with every uncertain input at
 * its median (one world: what a run does before its first step), or
 * undefined. Medians make the check the same whatever the seed: a draw far
 * in a tail that the start refuses remains an error of that run.
 */
function startError(plan: Plan): RivalsimError | undefined {
  try {
    createWorld(plan, { seed: 0, run: 0, design: MEDIANS });
    return undefined;
  } catch (e) {
    if (e instanceof RivalsimError) return e;
    throw e;
  }
}

/**
 * Checks the start of `spec` (compiled as `plan`); throws the start's
 * {@link RivalsimError}, located by `locate` (a resolved path to the
 * document's), with what the document changed in the market and what would
 * work.
 *
 * @example
 * checkStart(spec, compileScenario(spec), doc, (e) => e); // throws when the start cannot be calibrated
 */
export function checkStart(spec: ScenarioSpec, plan: Plan, doc: unknown, locate: (e: RivalsimError) => RivalsimError): void {
  const e = startError(plan);
  if (!e) return;
  const out = locate(e);
  const m = PARTICIPANT_PATH.exec(e.path);
  if (!m) throw out;
  const market = spec.landscape.markets[Number(m[1])], participant = market?.participants[Number(m[2])];
  if (!market || !participant) throw out;
  const changed = changesIn(doc, market.id);
  const i = Number(m[1]), k = Number(m[2]), brand = participant.agent;
  const options: string[] = [];
  if (m[3] === 'repurchaseRate' && typeof participant.repurchaseRate === 'number') {
    const rate = nearestWorking(spec, i, k, 'repurchaseRate', participant.repurchaseRate, 0.999);
    if (rate !== undefined) options.push(`a repurchase rate of at least ${(Math.ceil(rate * 1000) / 1000).toFixed(3)} (participants.${brand}.repurchaseRate)`);
  }
  const loyalty = nearestWorking(spec, i, k, 'loyalty', 0.999, 0);
  if (loyalty !== undefined) options.push(`a loyalty of at most ${(Math.floor(loyalty * 1000) / 1000).toFixed(3)} instead of the calibrated one (participants.${brand}.loyalty)`);
  out.message += `. The document ${changed.length ? `changes ${changed.join(', ')} in market '${market.id}'` : `declares market '${market.id}'`}; `
    + `what would work for ${brand}: ${[...options, 'a share changed less'].join(', or ')}`;
  throw out;
}

/** The participants' fields a document changes in market `id` (`apple.initialShare`, …). */
function changesIn(doc: unknown, id: string): string[] {
  const markets = (doc as { landscape?: { markets?: unknown } } | undefined)?.landscape?.markets;
  if (Array.isArray(markets)) return ['the whole landscape'];
  const over = typeof markets === 'object' && markets !== null ? (markets as Record<string, unknown>)[id] : undefined;
  const parts = typeof over === 'object' && over !== null ? (over as { participants?: unknown }).participants : undefined;
  if (typeof parts !== 'object' || parts === null) return [];
  const out: string[] = [];
  for (const [agent, p] of Object.entries(parts)) {
    if (p === null) out.push(`${agent} (removed)`);
    else if (typeof p === 'object') out.push(...Object.keys(p).map((k) => `${agent}.${k}`));
  }
  return out.length > 8 ? [...out.slice(0, 8), `${out.length - 8} more`] : out;
}

/**
 * The value of the participant's `field` nearest to `from`, towards `to`,
 * that the start accepts (to about 1e-3, by bisection on the start itself);
 * undefined when not even `to` is accepted.
 */
function nearestWorking(spec: ScenarioSpec, i: number, k: number, field: 'repurchaseRate' | 'loyalty', from: number, to: number): number | undefined {
  const accepts = (x: number): boolean => {
    // Only this participant changes (policies, which may hold functions, are shared as they are).
    const markets = spec.landscape.markets.map((m, j) => (j !== i ? m : {
      ...m, participants: m.participants.map((p, q) => (q === k ? { ...p, repurchaseRate: field === 'loyalty' ? undefined : p.repurchaseRate, [field]: x } : p)),
    }));
    const copy: ScenarioSpec = { ...spec, landscape: { ...spec.landscape, markets } as ScenarioSpec['landscape'] };
    try {
      return startError(compileScenario(copy)) === undefined;
    } catch {
      return false;
    }
  };
  if (!accepts(to)) return undefined;
  if (accepts(from)) return from;
  let bad = from, good = to;
  for (let step = 0; step < 12 && Math.abs(good - bad) > 5e-4; step++) {
    const mid = (bad + good) / 2;
    if (accepts(mid)) good = mid;
    else bad = mid;
  }
  return good;
}
