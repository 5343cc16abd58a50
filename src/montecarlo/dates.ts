/**
 * Dates of a study's questions as steps of its plan: a month (`YYYY-MM`),
 * a quarter (`YYYY-Qn`) or a year (`YYYY`), written as reporting periods
 * are (`model/periods.ts`), and `start` and `horizon`; the rank dates of
 * `simulate`'s `rankAt`.
 */
import { RivalsimError } from '../errors.js';
import type { Plan } from '../model/compile.js';
import { parsePeriod } from '../model/periods.js';
import { monthIndex } from '../model/time.js';

/**
 * An inclusive range of steps named by a date.
 *
 * @example
 * const q4: StepRange = { from: 33, to: 35 };
 */
export interface StepRange { from: number; to: number }

/**
 * The steps a date covers in a plan: one month (`YYYY-MM`), a quarter's
 * three (`YYYY-Qn`), a year's twelve (`YYYY`), step 0 (`start`) or the
 * horizon (`horizon`); `{ from, to }` inclusive. Undefined when the text is
 * no date; a period outside the plan's months is a {@link RivalsimError}
 * at `path`. (For predicates, rank steps by date, scenario files and the CLI.)
 *
 * @example
 * stepsOfDate(plan, '2027-Q4'); // => { from: 33, to: 35 } (a plan starting 2025-01)
 * stepsOfDate(plan, 'horizon'); // => { from: 36, to: 36 }
 * stepsOfDate(plan, '2030-01'); // throws: Date outside the simulation: expected a period within 2025-01 … 2028-01 …
 */
export function stepsOfDate(plan: Pick<Plan, 'dates'>, text: string, path = 'date'): StepRange | undefined {
  const dates = plan.dates, horizon = dates.length - 1;
  if (text === 'horizon') return { from: horizon, to: horizon };
  if (text === 'start') return { from: 0, to: 0 };
  const period = parsePeriod(text);
  if (!period) return undefined;
  const from = period.first - monthIndex(dates[0])!, to = from + period.months - 1;
  if (from < 0 || to > horizon) {
    throw new RivalsimError('Date outside the simulation', path, text, `a period within ${dates[0]} … ${dates[horizon]} (the scenario's months)`);
  }
  return { from, to };
}

/**
 * The steps of rank dates: each a month (`YYYY-MM`, `start`, `horizon`) or
 * a step number, checked against the plan; a quarter or a year is an error
 * (rank probabilities are counted at one month: use `rank(…)` in a
 * predicate for a quarter's rank).
 *
 * @example
 * rankStepsAt(plan, ['2027-12', 'horizon', 12]); // => [35, 36, 12] (a plan starting 2025-01)
 */
export function rankStepsAt(plan: Pick<Plan, 'dates'>, dates: ReadonlyArray<string | number>, path = 'rankAt'): number[] {
  const horizon = plan.dates.length - 1;
  if (!Array.isArray(dates)) throw new RivalsimError('Invalid rank dates', path, dates, "an array of months such as ['2027-12'] or steps");
  return dates.map((d, i) => {
    if (typeof d === 'number') {
      if (!Number.isInteger(d) || d < 0 || d > horizon) throw new RivalsimError('Invalid rank step', `${path}[${i}]`, d, `an integer step in 0…${horizon}`);
      return d;
    }
    const period = typeof d === 'string' ? stepsOfDate(plan, d.trim(), `${path}[${i}]`) : undefined;
    if (!period || period.from !== period.to) {
      throw new RivalsimError('Invalid rank date', `${path}[${i}]`, d, `a month 'YYYY-MM' within ${plan.dates[0]} … ${plan.dates[horizon]}, 'start', 'horizon' or a step`);
    }
    return period.from;
  });
}
