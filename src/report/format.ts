/**
 * Formats shared by every rendering of a report (the command line's
 * tables, the HTML reports, the examples' summaries): numbers, months,
 * names. Light: no runtime import (distributions are in `distribution.ts`),
 * so the command line answers `--help` at once.
 */
import type { Plan } from '../model/compile.js';

/**
 * A probability or share as a percentage: `15.5%`, `<0.1%`, `>99.9%`, `–` for NaN.
 *
 * @example
 * pct(0.155); // => '15.5%'
 * pct(0.0001); // => '<0.1%'
 */
export function pct(x: number, digits = 1): string {
  if (!Number.isFinite(x)) return '–';
  const limit = 0.5 * 10 ** -(digits + 2);
  if (x > 0 && x < limit) return `<${(10 ** -digits).toFixed(digits)}%`;
  if (x < 1 && x > 1 - limit) return `>${(100 - 10 ** -digits).toFixed(digits)}%`;
  return `${(100 * x).toFixed(digits)}%`;
}

/**
 * A probability or share with its standard error in percentage points:
 * `17.2% ± 0.1`; two decimals when the error is below 0.05 pp
 * (`17.21% ± 0.03`), `± <0.01` below that; the estimate alone when the
 * error is unknown (NaN) or zero (every run agreed).
 *
 * @example
 * pctSE(0.172, 0.0011); // => '17.2% ± 0.1'
 * pctSE(0.1721, 0.0003); // => '17.21% ± 0.03'
 */
export function pctSE(x: number, se: number): string {
  if (!Number.isFinite(x) || !Number.isFinite(se) || se === 0) return pct(x);
  const digits = se === 0 || 100 * se >= 0.05 ? 1 : 2;
  const shown = (100 * se).toFixed(digits);
  return `${pct(x, digits)} ± ${se > 0 && Number(shown) === 0 ? `<${(10 ** -digits).toFixed(digits)}` : shown}`;
}

/**
 * A number with its standard error, both to the decimals the error needs
 * (one significant digit of it, at most `max` decimals): `1.23 ± 0.04`.
 *
 * @example
 * numSE(1.2345, 0.041); // => '1.23 ± 0.04'
 * numSE(18.7, NaN);     // => '18.7'
 */
export function numSE(x: number, se: number, max = 4): string {
  if (!Number.isFinite(x)) return '–';
  if (!Number.isFinite(se) || se === 0) return num(x);
  const digits = se > 0 ? Math.min(max, Math.max(0, -Math.floor(Math.log10(se)))) : 2;
  return `${x.toFixed(digits)} ± ${se > 0 && Number(se.toFixed(digits)) === 0 ? `<${(10 ** -digits).toFixed(digits)}` : se.toFixed(digits)}`;
}

/**
 * A mean step with its standard error, as a month and its date:
 * `month 7.2 ± 0.1 (≈ 2025-08)`.
 *
 * @example
 * formatStepSE(7.23, 0.05, plan); // => 'month 7.23 ± 0.05 (≈ 2025-08)'
 */
export function formatStepSE(step: number, se: number, plan: Pick<Plan, 'horizon' | 'dates'>): string {
  if (!Number.isFinite(step)) return '–';
  if (!Number.isFinite(se) || se === 0) return formatStep(step, plan);
  const t = Math.min(plan.horizon, Math.max(0, Math.round(step)));
  return `month ${numSE(step, se, 2)} (${Number.isInteger(step) ? '' : '≈ '}${plan.dates[t]})`;
}

/**
 * A number with at most four significant digits (integers below 10⁷ in full).
 *
 * @example
 * num(0.791666); // => '0.7917'
 * num(250); // => '250'
 */
export function num(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (Number.isInteger(x) && Math.abs(x) < 1e7) return String(x);
  return String(Number(x.toPrecision(4)));
}

/**
 * A (fractional) step as a month and its date: `month 7.4 (≈ 2025-08)`,
 * `–` for NaN.
 *
 * @example
 * formatStep(7.4, plan); // => 'month 7.4 (≈ 2025-08)'
 * formatStep(6, plan);   // => 'month 6.0 (2025-07)'
 */
export function formatStep(step: number, plan: Pick<Plan, 'horizon' | 'dates'>): string {
  if (!Number.isFinite(step)) return '–';
  const t = Math.min(plan.horizon, Math.max(0, Math.round(step)));
  return `month ${step.toFixed(1)} (${Number.isInteger(step) ? '' : '≈ '}${plan.dates[t]})`;
}

/**
 * An agent's name, or its id when the plan does not know it.
 *
 * @example
 * agentName(plan, 'apple'); // => 'Apple'
 */
export function agentName(plan: Plan, id: string): string {
  const i = plan.agentIndex.get(id);
  return i === undefined ? id : plan.agents[i].name;
}

/**
 * A scenario's name (a name ending with ` — id`, as extended documents get,
 * loses that ending), or its id when it has none.
 *
 * @example
 * scenarioName(plan); // => 'Apple–Alibaba: the deal approved'
 */
export function scenarioName(plan: Plan): string {
  let name = plan.name ?? '';
  if (name.endsWith(` — ${plan.id}`)) name = name.slice(0, -` — ${plan.id}`.length);
  return name || plan.id;
}

/**
 * `id — name`, or the id alone when the scenario has no other name.
 *
 * @example
 * scenarioTitle(plan); // => 'apple-alibaba — Apple–Alibaba: the deal approved'
 */
export function scenarioTitle(plan: Plan): string {
  const name = scenarioName(plan);
  return name !== plan.id ? `${plan.id} — ${name}` : plan.id;
}

/**
 * What a market's `share` is: the sales share of a device market, the usage
 * share of an assistant market.
 *
 * @example
 * shareLabel({ kind: 'devices' }); // => 'sales share'
 */
export function shareLabel(market: { kind: string }): string {
  return market.kind === 'devices' ? 'sales share' : market.kind === 'assistants' ? 'usage share' : 'share';
}
