/**
 * Custom output metrics: expressions over a market's recorded series,
 * compiled once per plan ({@link compileMetrics}) and evaluated once per run
 * after the run's series are recorded ({@link withCustomMetrics}), never
 * in the simulation's inner loop.
 */
import { RivalsimError } from '../errors.js';
import { bindExpression, compileExpression, type CompiledExpression } from '../expressions/expression.js';
import { fail } from './compile/context.js';
import { METRIC_ID_RE } from './compile/rules.js';
import type { PlanAgent, PlanMarket } from './plan.js';
import { ASSISTANT_METRICS, DEVICE_METRICS, type MarketSeries } from './result.js';
import type { CustomMetricSpec } from './types.js';

/** Built-in metric names (of any market kind): custom ids may not reuse them. */
export const BUILT_IN_METRICS: ReadonlySet<string> = new Set<string>([...DEVICE_METRICS, ...ASSISTANT_METRICS]);

/** Where one name of a custom metric's expression takes its value from. */
type Binding =
  | { name: string; kind: 'own'; metric: string }
  | { name: string; kind: 'slot'; metric: string; slot: number }
  | { name: string; kind: 'step' }
  | { name: string; kind: 'parameter' };

/** A compiled custom metric. */
export interface PlanMetric {
  id: string;
  /** Index of its market in the plan. */
  market: number;
  description: string;
  /** Declaration path, e.g. `metrics[0]`. */
  path: string;
  expression: CompiledExpression;
  /** The names the expression reads and where each comes from. */
  bindings: Binding[];
  /** The expression reading binding k from `values[k]` (bound once: see `bindExpression`). */
  evaluate: (values: Float64Array) => number;
}


/**
 * The name of agent `id` inside metric expressions: non-alphanumerics become `_`.
 *
 * @example
 * symbolOf('share', 'apple'); // => 'share_apple'
 * symbolOf('users', 'new-co'); // => 'users_new_co'
 */
export function symbolOf(metric: string, agentId: string): string {
  return `${metric}_${agentId.replace(/[^A-Za-z0-9]/g, '_')}`;
}

/**
 * Validates and compiles the custom metrics of a scenario (once per plan).
 * `markets` and `agents` are the compiled ones (participants include
 * entrants); `parameters` are the scenario's parameter names.
 *
 * @example
 * compileMetrics([{ id: 'gap', market: 'phones', expr: 'share_apple - share_huawei' }], plan.markets, plan.agents, []);
 */
export function compileMetrics(
  specs: readonly CustomMetricSpec[] | undefined, markets: readonly PlanMarket[], agents: readonly PlanAgent[], parameters: readonly string[],
): PlanMetric[] {
  if (specs === undefined) return [];
  if (!Array.isArray(specs)) fail('Invalid metrics', 'metrics', specs, 'an array of { id, market, expr }');
  const seen = new Set<string>();
  return specs.map((spec, i): PlanMetric => {
    const path = `metrics[${i}]`;
    if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) fail('Invalid metric', path, spec, 'an object { id, market, expr, description? }');
    for (const key of Object.keys(spec)) {
      if (!['id', 'market', 'expr', 'description'].includes(key)) fail('Unknown key', `${path}.${key}`, key, 'one of the keys id, market, expr, description');
    }
    const { id, market: marketId, expr, description } = spec;
    if (typeof id !== 'string' || !METRIC_ID_RE.test(id)) fail('Invalid metric id', `${path}.id`, id, 'letters, digits, _ and -, starting with a letter');
    if (BUILT_IN_METRICS.has(id)) fail('Metric id clashes with a built-in metric', `${path}.id`, id, `a name other than ${[...BUILT_IN_METRICS].join(', ')}`);
    const m = markets.findIndex((x) => x.id === marketId);
    if (m < 0) fail('Unknown market', `${path}.market`, marketId, `one of ${markets.map((x) => x.id).join(', ')}`);
    if (seen.has(`${marketId}\u0000${id}`)) fail('Duplicate metric id', `${path}.id`, id, `ids that appear once per market ('${marketId}')`);
    seen.add(`${marketId}\u0000${id}`);
    if (typeof expr !== 'string' || expr.trim() === '') fail('Invalid metric expression', `${path}.expr`, expr, "an expression string, e.g. 'share_apple - share_huawei'");
    if (description !== undefined && typeof description !== 'string') fail('Invalid description', `${path}.description`, description, 'a string');

    const market = markets[m];
    const metricNames: readonly string[] = market.kind === 'devices' ? DEVICE_METRICS : ASSISTANT_METRICS;
    const names = new Map<string, Binding>();
    const add = (b: Binding) => {
      const clash = names.get(b.name);
      if (clash) {
        fail('Ambiguous name in metric expressions', `${path}.market`, b.name,
          `distinct names for the agents of '${marketId}' (their ids map to the same name)`, 'Rename one of the agents');
      }
      names.set(b.name, b);
    };
    for (const metric of metricNames) add({ name: metric, kind: 'own', metric });
    market.participants.forEach((p, slot) => {
      for (const metric of metricNames) add({ name: symbolOf(metric, agents[p.agent].id), kind: 'slot', metric, slot });
    });
    add({ name: 'step', kind: 'step' });
    for (const name of parameters) {
      if (names.has(name)) {
        fail('Parameter name clashes with a metric name', `parameters.${name}`, name,
          `a parameter name other than the names metric expressions use in '${marketId}' (its metrics, <metric>_<agent>, step)`);
      }
      names.set(name, { name, kind: 'parameter' });
    }
    let expression: CompiledExpression;
    try {
      expression = compileExpression(expr, [...names.keys()], `${path}.expr`);
    } catch (e) {
      const unknown = e instanceof RivalsimError && e.message.startsWith('Unknown name') ? /Declare "([^"]+)"/.exec(e.message)?.[1] : undefined;
      if (unknown === undefined) throw e;
      const ids = market.participants.map((p) => agents[p.agent].id);
      fail('Unknown name in metric expression', `${path}.expr`, expr,
        `the metrics of '${marketId}' (${metricNames.join(', ')}), <metric>_<agent> for its agents (${ids.map((id) => symbolOf('', id).slice(1)).join(', ')}), step${parameters.length ? `, or a parameter (${parameters.join(', ')})` : ''}`,
        `"${unknown}" is none of them`);
    }
    const bindings = expression.symbols.map((s) => names.get(s)!);
    return {
      id, market: m, description: description ?? '', path, expression, bindings,
      evaluate: bindExpression(expression, bindings.map((b) => b.name)),
    };
  });
}

/**
 * The run's market series with the custom metrics appended (new series
 * objects; the given ones are not changed). Steps after `last` stay 0, as
 * the built-in series do until computed.
 *
 * @example
 * const markets = withCustomMetrics(plan, world.series, parameterValues, plan.horizon);
 * markets[0].data.gap; // one value per agent and step
 */
export function withCustomMetrics(
  plan: { metrics?: readonly PlanMetric[]; dates: readonly string[] },
  series: readonly MarketSeries[], parameters: Readonly<Record<string, number>>, last = plan.dates.length - 1,
): MarketSeries[] {
  const metrics = plan.metrics;
  if (!metrics || metrics.length === 0) return series as MarketSeries[];
  const T1 = plan.dates.length;
  const out = series.slice();
  const copied = new Set<number>();
  for (const metric of metrics) {
    if (!copied.has(metric.market)) {
      const s = out[metric.market];
      out[metric.market] = { ...s, metrics: [...s.metrics], data: { ...s.data } };
      copied.add(metric.market);
    }
    const s = out[metric.market];
    const n = s.agents.length;
    const values = new Float64Array(n * T1);
    const bindings = metric.bindings;
    const nb = bindings.length;
    // The expression reads binding k from inputs[k] (no scope object per evaluation).
    const evaluate = metric.evaluate;
    const inputs = new Float64Array(nb);
    // Per binding: the series it reads (own/slot) and the offset of its agent's row (slot) or -1 (own: the row of j).
    const arrays = bindings.map((b) => (b.kind === 'own' || b.kind === 'slot' ? s.data[b.metric] : undefined));
    const rows = bindings.map((b) => (b.kind === 'slot' ? b.slot * T1 : -1));
    const isStep = bindings.map((b) => b.kind === 'step');
    const offsets = new Array<number>(nb).fill(0);
    bindings.forEach((b, k) => { if (b.kind === 'parameter') inputs[k] = parameters[b.name]; });
    // Without the agent's own metrics the value is the same for every agent: compute one row, copy it.
    const rowsToCompute = bindings.some((b) => b.kind === 'own') ? n : Math.min(n, 1);
    let j = 0, t = 0;
    try {
      for (j = 0; j < rowsToCompute; j++) {
        for (let k = 0; k < nb; k++) offsets[k] = rows[k] < 0 ? j * T1 : rows[k];
        for (t = 0; t <= last; t++) {
          for (let k = 0; k < nb; k++) {
            const a = arrays[k];
            if (a) inputs[k] = a[offsets[k] + t];
            else if (isStep[k]) inputs[k] = t;
          }
          values[j * T1 + t] = evaluate(inputs);
        }
      }
    } catch (e) {
      if (!(e instanceof RivalsimError)) throw e;
      const at = Object.fromEntries(bindings.map((b, k) => [b.name, inputs[k]]));
      throw new RivalsimError('Custom metric gave no finite number', `${metric.path}.expr`, metric.expression.source,
        `a finite number for every agent and step (got none for '${s.agents[j]}' at step ${t} with ${JSON.stringify(at)})`,
        'Guard divisions, e.g. `ownUsers > 0 ? users / ownUsers : 0`');
    }
    for (let r = rowsToCompute; r < n; r++) values.copyWithin(r * T1, 0, T1);
    s.data[metric.id] = values;
    (s.metrics as string[]).push(metric.id);
  }
  return out;
}
