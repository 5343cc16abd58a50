/**
 * What compiled predicates read of one run: a metric of an agent at a step
 * or over a period (summarised as trackers report a period), and an agent's
 * rank. Each evaluator is a plain function of a {@link RunResult}.
 */
import { RivalsimError } from '../errors.js';
import type { RunResult } from '../model/result.js';
import type { StepRange } from './dates.js';

/**
 * A run's value of a compiled node: numbers as they are, booleans as 1 and 0.
 *
 * @example
 * const apple: Evaluate = (run) => run.at('phones', 'share', 'apple', 36);
 */
export type Evaluate = (run: RunResult) => number;

/** The data array of a metric in a run's market, its steps per agent, its agent count and the slot of `agent`. */
function seriesOf(run: RunResult, market: string, metric: string, agent?: string): { data: Float64Array; T1: number; n: number; slot: number } {
  const m = run.market(market);
  const data = m.data[metric];
  if (!data) throw new RivalsimError(`Run has no such metric in ${market}`, 'metric', metric, `one of ${m.metrics.join(', ')}`);
  const slot = agent === undefined ? 0 : m.agents.indexOf(agent);
  if (slot < 0) throw new RivalsimError(`Run has no such agent in ${market}`, 'agent', agent, `one of ${m.agents.join(', ')}`);
  return { data, T1: run.dates.length, n: m.agents.length, slot };
}

/**
 * A metric of one agent over a period: its value at a single step; over
 * longer periods the volume-weighted share (`how` names the volume metric),
 * the sum, or the mean.
 *
 * @example
 * metricEvaluator('phones', 'share', 'apple', { from: 33, to: 35 }, 'sales')(run); // => Apple's share of 2027-Q4's units
 */
export function metricEvaluator(market: string, metric: string, agent: string | undefined, p: StepRange, how: 'sales' | 'users' | 'sum' | 'mean'): Evaluate {
  if (p.from === p.to) {
    return (run) => { const s = seriesOf(run, market, metric, agent); return s.data[s.slot * s.T1 + p.from]; };
  }
  if (how === 'sales' || how === 'users') {
    return (run) => { const s = seriesOf(run, market, how, agent); return periodShares(s, p)[s.slot]; };
  }
  const months = p.to - p.from + 1;
  return (run) => {
    const s = seriesOf(run, market, metric, agent);
    let total = 0;
    for (let t = p.from; t <= p.to; t++) total += s.data[s.slot * s.T1 + t];
    return how === 'sum' ? total : total / months;
  };
}

/** Every agent's share of a market over a period: its volume (`s`) over the market's (0 for all when the market sold nothing). */
function periodShares(s: { data: Float64Array; T1: number; n: number }, p: StepRange): Float64Array {
  const out = new Float64Array(s.n);
  let all = 0;
  for (let j = 0; j < s.n; j++) {
    for (let t = p.from; t <= p.to; t++) out[j] += s.data[j * s.T1 + t];
    all += out[j];
  }
  for (let j = 0; j < s.n; j++) out[j] = all > 0 ? out[j] / all : 0;
  return out;
}

/**
 * Rank (1 = largest share) of `agent` over a period; ties go to the agent listed first.
 *
 * @example
 * rankEvaluator('phones', 'apple', { from: 36, to: 36 }, 'devices')(run); // => 2
 */
export function rankEvaluator(market: string, agent: string, p: StepRange, kind: 'devices' | 'assistants'): Evaluate {
  return (run) => {
    let shares: ArrayLike<number>, slot: number;
    if (p.from === p.to) {
      const s = seriesOf(run, market, 'share', agent);
      shares = Array.from({ length: s.n }, (_, j) => s.data[j * s.T1 + p.from]);
      slot = s.slot;
    } else {
      const s = seriesOf(run, market, kind === 'devices' ? 'sales' : 'users', agent);
      shares = periodShares(s, p);
      slot = s.slot;
    }
    const mine = shares[slot];
    let rank = 1;
    for (let j = 0; j < shares.length; j++) if (shares[j] > mine || (shares[j] === mine && j < slot)) rank++;
    return rank;
  };
}

