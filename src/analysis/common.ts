/**
 * What the analyses share: the output being explained and the list of a
 * plan's uncertain inputs.
 */
import { RivalsimError } from '../errors.js';
import type { Plan } from '../model/compile.js';
import type { RunResult } from '../model/result.js';
import { isDistribution } from '../random/distributions.js';
import { uncertainInputs, type UncertainInput } from '../montecarlo/design.js';

/**
 * A cell of a run's results: a metric of an agent in a market at a step
 * (default: the horizon).
 *
 * @example
 * const cell: OutputCell = { market: 'phones', metric: 'share', agent: 'apple', step: 24 };
 */
export interface OutputCell {
  market: string;
  metric: string;
  agent: string;
  step?: number;
}

/**
 * The output to explain: a cell, or a function of a run (and of the step
 * being analysed, when steps are asked for).
 *
 * @example
 * const gap: AnalysisOutput = (r, t = r.horizon) => r.at('phones', 'share', 'apple', t) - r.at('phones', 'share', 'huawei', t);
 */
export type AnalysisOutput = OutputCell | ((run: RunResult, step?: number) => number);

/**
 * A readable name of an output.
 *
 * @example
 * outputLabel({ market: 'phones', metric: 'share', agent: 'apple', step: 24 }); // => 'phones.share.apple@24'
 */
export function outputLabel(output: AnalysisOutput): string {
  if (typeof output === 'function') return output.name || 'output';
  return `${output.market}.${output.metric}.${output.agent}${output.step !== undefined ? `@${output.step}` : ''}`;
}

/**
 * The steps analysed and an evaluator `(run, stepIndex) => value`.
 * A cell with `steps` is read at each step; without, at its own step or the horizon.
 *
 * @example
 * const { steps, value } = outputEvaluator(plan, { market: 'phones', metric: 'share', agent: 'apple' }, [12, 24]);
 * value(result, 1); // Apple's share at step 24
 */
export function outputEvaluator(plan: Plan, output: AnalysisOutput, steps: number[] | undefined): {
  steps: number[];
  value: (run: RunResult, s: number) => number;
} {
  if (steps !== undefined) {
    if (!Array.isArray(steps) || steps.length === 0) throw new RivalsimError('Invalid steps', 'steps', steps, 'a non-empty array of steps');
    steps.forEach((t, i) => {
      if (!Number.isInteger(t) || t < 0 || t > plan.horizon) throw new RivalsimError('Invalid step', `steps[${i}]`, t, `an integer in 0…${plan.horizon}`);
    });
  }
  if (typeof output === 'function') {
    const list = steps ?? [plan.horizon];
    return { steps: list, value: (run, s) => output(run, list[s]) };
  }
  if (typeof output !== 'object' || output === null || typeof output.market !== 'string' || typeof output.metric !== 'string' || typeof output.agent !== 'string') {
    throw new RivalsimError('Invalid output', 'output', output, "{ market, metric, agent, step? } or a function of a run, e.g. { market: 'phones', metric: 'share', agent: 'apple', step: 24 }");
  }
  const own = output.step ?? plan.horizon;
  if (!Number.isInteger(own) || own < 0 || own > plan.horizon) throw new RivalsimError('Invalid step', 'output.step', output.step, `an integer in 0…${plan.horizon}`);
  const list = steps ?? [own];
  const { market, metric, agent } = output;
  return {
    steps: list,
    value: (run, s) => run.series(market, metric, agent)[list[s]],
  };
}

/**
 * Every uncertain input of a plan that is drawn from a distribution:
 * parameters first, then the landscape and events (declaration order).
 *
 * @example
 * analysedInputs(await prepareScenario(scenarios['apple-alibaba'])).length; // => 14
 */
export function analysedInputs(plan: Plan): UncertainInput[] {
  const out: UncertainInput[] = [];
  for (const p of plan.parameters) if (isDistribution(p.input.value)) out.push({ path: p.input.path, dist: p.input.value });
  const seen = new Set(out.map((i) => i.path));
  for (const i of uncertainInputs(plan)) if (!seen.has(i.path)) out.push(i);
  return out;
}

/**
 * The analysis at step `step` of a list of per-step analyses (default: the
 * first analysed step); a step not analysed is an error naming those that were.
 *
 * @example
 * stepAt([{ step: 12 }, { step: 24 }], 24); // => { step: 24 }
 */
export function stepAt<T extends { step: number }>(steps: readonly T[], step?: number): T {
  if (step === undefined) return steps[0];
  const found = steps.find((x) => x.step === step);
  if (!found) throw new RivalsimError('Step not analysed', 'step', step, `one of the steps analysed: ${steps.map((x) => x.step).join(', ')}`);
  return found;
}
