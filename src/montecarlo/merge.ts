/**
 * `merge`: the results of shards of one study combined into exactly the
 * result of running it in one go.
 */
import { RivalsimError } from '../errors.js';
import { Coverage } from './coverage.js';
import { Group } from './group.js';
import { KeptInputs } from './kept-inputs.js';
import { currentOrigin } from './provenance.js';
import { SimulationResult } from './result.js';

/** What makes two shard results parts of one study: scenario as declared, seed, runs, design and options. */
function studyOf(p: SimulationResult): string {
  return JSON.stringify({
    scenario: p.plan.spec, seed: p.seed, design: p.design, runs: p.coverage.runs, quantiles: p.quantiles, rankSteps: p.rankSteps,
    conditions: p.conditions, predicates: [...p.groups().main.predicates.keys()],
  });
}

/** An empty group of the same layout as `g`. */
function emptyLike(g: Group, rankSteps: readonly number[]): Group {
  return new Group(g.plan, [...g.summary.markets], [...rankSteps], [...g.predicates.keys()], g.summary.histograms);
}

/**
 * Merges the results of shards of one study (same scenario, seed, runs,
 * design and options) into exactly — bit for bit — the result of running it
 * in one go. Shards may come in any order; together they must cover every
 * run once, and come from one rivalsim version (the merged result's
 * provenance: that version, made at the merge).
 *
 * @example
 * const parts = await Promise.all([0, 1, 2].map((index) => simulate(s, { runs: 3000, seed: 1, shard: { index, count: 3 } })));
 * merge(parts).toCSV() === (await simulate(s, { runs: 3000, seed: 1 })).toCSV(); // => true
 */
export function merge(parts: readonly SimulationResult[]): SimulationResult {
  if (!Array.isArray(parts) || parts.length === 0) throw new RivalsimError('Nothing to merge', 'parts', parts, 'a non-empty array of shard results');
  const order = parts.map((_, i) => i).sort((a, b) => parts[a].coverage.from - parts[b].coverage.from);
  const sorted = order.map((i) => parts[i]);
  const first = sorted[0];
  const reference = studyOf(first);
  const coverage = new Coverage();
  sorted.forEach((p, k) => {
    const i = order[k];
    if (studyOf(p) !== reference) {
      throw new RivalsimError('Shards of different studies', `parts[${i}]`, `${p.scenario} seed ${p.seed}, ${p.coverage.runs} runs`,
        `shards of the same study as parts[${order[0]}] (${first.scenario} seed ${first.seed}, ${first.coverage.runs} runs): same scenario, seed, runs, design and options`);
    }
    coverage.add(p.coverage.from, p.coverage.to, `parts[${i}]`);
  });
  coverage.complete(first.coverage.runs);
  const other = sorted.findIndex((p) => p.origin.rivalsim !== first.origin.rivalsim);
  if (other >= 0) {
    throw new RivalsimError('Shards of different rivalsim versions', `parts[${order[other]}]`, sorted[other].origin.rivalsim,
      `rivalsim ${first.origin.rivalsim}, as parts[${order[0]}]: merge only results of one version of rivalsim`);
  }
  const { main, conditions } = first.groups();
  const mergedMain = emptyLike(main, first.rankSteps);
  const mergedConditions = new Map([...conditions].map(([k, g]) => [k, emptyLike(g, first.rankSteps)]));
  for (const p of sorted) {
    const g = p.groups();
    mergedMain.merge(g.main);
    for (const [k, c] of g.conditions) mergedConditions.get(k)!.merge(c);
  }
  // Kept inputs join in run order when every part kept them.
  const kept = sorted.map((p) => p.keptInputs());
  return new SimulationResult(mergedMain, first.quantiles, first.rankSteps, first.seed, first.design, mergedConditions,
    sorted.flatMap((p) => p.paths), { runs: first.coverage.runs, from: 0, to: first.coverage.runs },
    kept.every((k) => k !== undefined) ? KeptInputs.join(kept as KeptInputs[]) : undefined,
    { ...currentOrigin(), rivalsim: first.origin.rivalsim });
}
