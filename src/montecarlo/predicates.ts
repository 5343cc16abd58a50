/**
 * Predicates compiled against a scenario's plan: the text is parsed once
 * (`expressions/predicate.ts`), every market, agent, metric, event and date
 * it names is checked against the plan, and the result is a plain function
 * over one {@link RunResult}. Nothing is evaluated from user text: the tree
 * becomes closures over numbers.
 *
 * Functions (dates are `YYYY-MM`, `YYYY-Qn`, `YYYY`, `start` or `horizon`):
 * - `<metric>(market, agent, date)` for every built-in metric of the market's
 *   kind (`share`, `sales`, `installedBase`, `installedBaseShare`,
 *   `aiCapability` in device markets; `share`, `users`, `ownUsers`,
 *   `servedUsers`, `load`, `outages`, `aiCapability` in assistant markets);
 * - `metric(market, id, [agent,] date)` for a custom metric (the agent is
 *   needed when the metric's expression reads the agent's own series);
 * - `rank(market, agent, date)`: 1 for the largest share (ties: the agent
 *   listed first in the market ranks higher, as `simulate`'s rank
 *   probabilities count them);
 * - `approved(id[, date])`, `rejected(id[, date])`, `live(id[, date])` for a
 *   declared partnership, `launched(id[, date])` for a declared AI launch:
 *   true when it happened (by the end of `date`, when given);
 * - `outageMonths(agent[, date])`: months with an outage of the agent's
 *   service (within `date`'s period, when given).
 *
 * A period longer than a month (`2027-Q4`, `2027`) is summarised the way
 * trackers report it: `share` is the volume-weighted share (the agent's
 * units, or users, over the market's, summed over the months: what IDC
 * calls a quarter's share), `sales` is the period's total, every other
 * metric the mean of its months; `rank` ranks the period's shares.
 */
import { PredicateError, parsePredicate, printPredicate, type PredicateArgument, type PredicateNode } from '../expressions/predicate.js';
import type { Plan } from '../model/compile.js';
import { RivalsimError } from '../errors.js';
import { ASSISTANT_METRICS, DEVICE_METRICS, type RunResult } from '../model/result.js';
import { stepsOfDate, type StepRange } from './dates.js';
import { metricEvaluator, rankEvaluator, type Evaluate } from './run-reads.js';

/**
 * A predicate compiled against a plan: `test(run)` answers it for one run.
 *
 * @example
 * const p = compilePredicate('rank(phones, apple, 2027-Q4) == 1', plan);
 * p.test(runScenario(plan, { seed: 1 })); // => true (baseline)
 */
export interface CompiledPredicate {
  /** The canonical source (see `printPredicate`). */
  source: string;
  node: PredicateNode;
  test(run: RunResult): boolean;
}

/**
 * A numeric expression compiled against a plan: `value(run)` for one run.
 *
 * @example
 * compileRunValue('share(phones, apple, horizon) - share(phones, huawei, horizon)', plan).value(run); // => -0.02…
 */
export interface CompiledRunValue {
  source: string;
  node: PredicateNode;
  value(run: RunResult): number;
}

interface Typed { kind: 'number' | 'boolean'; evaluate: Evaluate }

/** What compiling needs: the plan, the source (for error columns) and the path to name. */
interface Context { plan: Plan; source: string; path: string }

function fail(ctx: Context, at: number, what: string, received: unknown, expected: string): never {
  throw new PredicateError(ctx.source, at, received, expected, ctx.path, what);
}

/**
 * Compiles a yes/no predicate against `plan`. Unknown functions, markets,
 * agents, metrics, events and dates outside the plan are
 * {@link PredicateError}s naming the column; so is a predicate that is a
 * number rather than a yes/no question.
 *
 * @example
 * compilePredicate('share(phones, apple, 2027-12) >= 18% and approved(apple+alibaba)', plan).test(run); // => true or false
 * compilePredicate('share(phones, appel, 2027-12) > 0.2', plan, '--when');
 * // throws: Unknown agent at column 15: expected one of apple, huawei, … but received "appel" → at --when. …
 */
export function compilePredicate(source: string | PredicateNode, plan: Plan, path = 'predicate'): CompiledPredicate {
  const { text, node, ctx } = prepare(source, plan, path);
  const c = compileNode(node, ctx);
  if (c.kind !== 'boolean') fail(ctx, 0, 'Predicate is not a yes/no question', text, 'a comparison or a yes/no function, e.g. share(phones, apple, 2027-12) >= 0.18');
  const evaluate = checked(c.evaluate, plan);
  return { source: text, node, test: (run) => evaluate(run) !== 0 };
}

/**
 * Compiles a numeric expression (a metric, a rank, arithmetic on them)
 * against `plan`, with the same checks as {@link compilePredicate}.
 *
 * @example
 * compileRunValue('share(phones, apple, 2027-Q4)', plan).value(run); // => 0.19…
 */
export function compileRunValue(source: string | PredicateNode, plan: Plan, path = 'expression'): CompiledRunValue {
  const { text, node, ctx } = prepare(source, plan, path);
  const c = compileNode(node, ctx);
  if (c.kind !== 'number') fail(ctx, 0, 'Expression is a yes/no question', text, 'a number, e.g. share(phones, apple, 2027-12)');
  return { source: text, node, value: checked(c.evaluate, plan) };
}

function prepare(source: string | PredicateNode, plan: Plan, path: string): { text: string; node: PredicateNode; ctx: Context } {
  // A tree is printed and parsed again, so error columns refer to the printed text.
  const raw = typeof source === 'string' ? source : printPredicate(source);
  const node = parsePredicate(raw, path);
  return { text: printPredicate(node), node, ctx: { plan, source: raw, path } };
}

/** Wraps an evaluator with a check that the run has the plan's calendar. */
function checked(evaluate: Evaluate, plan: Plan): Evaluate {
  const steps = plan.dates.length, start = plan.dates[0];
  return (run) => {
    if (run.dates.length !== steps || run.dates[0] !== start) {
      throw new RivalsimError('Run of another plan', 'run', `${run.scenario} (${run.dates[0]}, ${run.dates.length} months)`, `a run of the plan the predicate was compiled for (${start}, ${steps} months)`);
    }
    return evaluate(run);
  };
}

const COMPARE: Record<string, (a: number, b: number) => boolean> = {
  '<': (a, b) => a < b, '<=': (a, b) => a <= b, '>': (a, b) => a > b, '>=': (a, b) => a >= b, '==': (a, b) => a === b, '!=': (a, b) => a !== b,
};

function compileNode(node: PredicateNode, ctx: Context): Typed {
  const expectKind = (child: PredicateNode, kind: Typed['kind'], why: string): Evaluate => {
    const c = compileNode(child, ctx);
    if (c.kind !== kind) fail(ctx, child.at, 'Type mismatch', printPredicate(child), `${kind === 'number' ? 'a number' : 'a yes/no value'} ${why}`);
    return c.evaluate;
  };
  switch (node.type) {
    case 'number': { const v = node.value; return { kind: 'number', evaluate: () => v }; }
    case 'boolean': { const v = node.value ? 1 : 0; return { kind: 'boolean', evaluate: () => v }; }
    case 'not': { const f = expectKind(node.operand, 'boolean', 'after not'); return { kind: 'boolean', evaluate: (r) => (f(r) !== 0 ? 0 : 1) }; }
    case 'negate': { const f = expectKind(node.operand, 'number', 'after -'); return { kind: 'number', evaluate: (r) => -f(r) }; }
    case 'logical': {
      const a = expectKind(node.left, 'boolean', `on each side of ${node.op}`), b = expectKind(node.right, 'boolean', `on each side of ${node.op}`);
      return { kind: 'boolean', evaluate: node.op === 'and' ? (r) => (a(r) !== 0 && b(r) !== 0 ? 1 : 0) : (r) => (a(r) !== 0 || b(r) !== 0 ? 1 : 0) };
    }
    case 'arithmetic': {
      const a = expectKind(node.left, 'number', `on each side of ${node.op}`), b = expectKind(node.right, 'number', `on each side of ${node.op}`);
      const op = node.op;
      return { kind: 'number', evaluate: op === '+' ? (r) => a(r) + b(r) : op === '-' ? (r) => a(r) - b(r) : op === '*' ? (r) => a(r) * b(r) : (r) => a(r) / b(r) };
    }
    case 'compare': {
      const left = compileNode(node.left, ctx), right = compileNode(node.right, ctx);
      const equality = node.op === '==' || node.op === '!=';
      if (left.kind !== right.kind || (left.kind === 'boolean' && !equality)) {
        const bad = left.kind === 'boolean' ? node.left : node.right;
        fail(ctx, bad.at, 'Type mismatch', printPredicate(bad), equality ? 'two numbers or two yes/no values to compare' : `numbers on each side of ${node.op}`);
      }
      const cmp = COMPARE[node.op], a = left.evaluate, b = right.evaluate;
      return { kind: 'boolean', evaluate: (r) => (cmp(a(r), b(r)) ? 1 : 0) };
    }
    case 'call': return compileCall(node, ctx);
  }
}

/** The built-in metric names of a market kind. */
function builtInMetrics(kind: 'devices' | 'assistants'): readonly string[] {
  return kind === 'devices' ? DEVICE_METRICS : ASSISTANT_METRICS;
}

const EVENT_FUNCTIONS: Record<string, { kind: 'approved' | 'rejected' | 'live' | 'launch'; type: 'partnership' | 'aiLaunch' }> = {
  approved: { kind: 'approved', type: 'partnership' },
  rejected: { kind: 'rejected', type: 'partnership' },
  live: { kind: 'live', type: 'partnership' },
  launched: { kind: 'launch', type: 'aiLaunch' },
};

/** Every function name a predicate may call (for messages). */
function functionNames(plan: Plan): string[] {
  const metrics = new Set<string>();
  for (const m of plan.markets) for (const k of builtInMetrics(m.kind)) metrics.add(k);
  return [...metrics, 'metric', 'rank', ...Object.keys(EVENT_FUNCTIONS), 'outageMonths'];
}

function arity(ctx: Context, node: Extract<PredicateNode, { type: 'call' }>, min: number, max: number, usage: string): void {
  const n = node.args.length;
  if (n < min || n > max) {
    const at = n > max ? node.args[max].at : node.at + node.name.length;
    fail(ctx, at, `Wrong number of arguments to ${node.name}`, `${n} argument${n === 1 ? '' : 's'}`, usage);
  }
}

function compileCall(node: Extract<PredicateNode, { type: 'call' }>, ctx: Context): Typed {
  const { plan } = ctx, name = node.name, args = node.args;
  if (name === 'rank') {
    arity(ctx, node, 3, 3, 'rank(market, agent, date)');
    const m = marketArg(ctx, args[0]);
    const agent = agentArg(ctx, args[1], m);
    return { kind: 'number', evaluate: rankEvaluator(plan.markets[m].id, agent, periodArg(ctx, args[2]), plan.markets[m].kind) };
  }
  if (name === 'metric') {
    arity(ctx, node, 3, 4, 'metric(market, id, date) or metric(market, id, agent, date)');
    const m = marketArg(ctx, args[0]);
    const custom = (plan.metrics ?? []).filter((x) => x.market === m);
    const metric = custom.find((x) => x.id === args[1].text);
    if (!metric) fail(ctx, args[1].at, 'Unknown custom metric', args[1].text, custom.length ? `one of ${custom.map((x) => x.id).join(', ')} (the custom metrics of ${plan.markets[m].id})` : `a custom metric of ${plan.markets[m].id} (the scenario declares none there)`);
    const perAgent = metric.bindings.some((b) => b.kind === 'own');
    if (perAgent && args.length === 3) fail(ctx, args[2].at, 'Custom metric needs an agent', args[2].text, `metric(${args[0].text}, ${metric.id}, agent, date): ${metric.id} reads the agent's own series`);
    const agent = args.length === 4 ? agentArg(ctx, args[2], m) : undefined;
    return { kind: 'number', evaluate: metricEvaluator(plan.markets[m].id, metric.id, agent, periodArg(ctx, args[args.length - 1]), 'mean') };
  }
  const event = EVENT_FUNCTIONS[name];
  if (event) {
    arity(ctx, node, 1, 2, `${name}(id) or ${name}(id, date)`);
    const declared = plan.events.filter((e) => e.type === event.type).map((e) => e.id);
    const id = args[0].text;
    if (!declared.includes(id)) fail(ctx, args[0].at, `Unknown ${event.type === 'partnership' ? 'partnership' : 'AI launch'}`, id, declared.length ? `one of ${declared.join(', ')}` : `a declared ${event.type} event (the scenario has none)`);
    const until = args.length === 2 ? periodArg(ctx, args[1]).to : Infinity;
    const kind = event.kind;
    return { kind: 'boolean', evaluate: (run) => (run.events.some((e) => e.kind === kind && e.event === id && e.step <= until) ? 1 : 0) };
  }
  if (name === 'outageMonths') {
    arity(ctx, node, 1, 2, 'outageMonths(agent) or outageMonths(agent, date)');
    const ids = plan.agents.map((a) => a.id);
    const agent = args[0].text;
    if (!ids.includes(agent)) fail(ctx, args[0].at, 'Unknown agent', agent, `one of ${ids.join(', ')}`);
    const p = args.length === 2 ? periodArg(ctx, args[1]) : { from: 0, to: Infinity };
    return { kind: 'number', evaluate: (run) => run.events.reduce((n, e) => n + (e.kind === 'outage' && e.agent === agent && e.step >= p.from && e.step <= p.to ? 1 : 0), 0) };
  }
  const markets = plan.markets.filter((m) => builtInMetrics(m.kind).includes(name));
  if (markets.length === 0) fail(ctx, node.at, 'Unknown function', name, `one of ${functionNames(plan).join(', ')}`);
  arity(ctx, node, 3, 3, `${name}(market, agent, date)`);
  const m = marketArg(ctx, args[0]);
  const market = plan.markets[m];
  if (!builtInMetrics(market.kind).includes(name)) {
    fail(ctx, args[0].at, `No ${name} in this market`, args[0].text, `a market recording ${name}: ${markets.map((x) => x.id).join(', ')}`);
  }
  const agent = agentArg(ctx, args[1], m);
  const period = periodArg(ctx, args[2]);
  const how = name === 'share' ? (market.kind === 'devices' ? 'sales' : 'users') : name === 'sales' ? 'sum' : 'mean';
  return { kind: 'number', evaluate: metricEvaluator(market.id, name, agent, period, how) };
}

function marketArg(ctx: Context, a: PredicateArgument): number {
  const m = ctx.plan.marketIndex.get(a.text);
  if (m === undefined) fail(ctx, a.at, 'Unknown market', a.text, `one of ${ctx.plan.markets.map((x) => x.id).join(', ')}`);
  return m;
}

/** An agent of the market (its id: runs are read by id, whatever the slot order). */
function agentArg(ctx: Context, a: PredicateArgument, market: number): string {
  const m = ctx.plan.markets[market];
  const ids = m.participants.map((p) => ctx.plan.agents[p.agent].id);
  if (!ids.includes(a.text)) fail(ctx, a.at, 'Unknown agent', a.text, `one of ${ids.join(', ')} (the agents of ${m.id})`);
  return a.text;
}

/** A date argument's steps (see {@link stepsOfDate}), with errors naming its column. */
function periodArg(ctx: Context, a: PredicateArgument): StepRange {
  let period: StepRange | undefined;
  try {
    period = stepsOfDate(ctx.plan, a.text, ctx.path);
  } catch (e) {
    if (e instanceof RivalsimError) fail(ctx, a.at, 'Date outside the simulation', a.text, e.expected);
    throw e;
  }
  if (!period) fail(ctx, a.at, 'Invalid date', a.text, "a month 'YYYY-MM', a quarter 'YYYY-Qn', a year 'YYYY', start or horizon");
  return period;
}

/**
 * Named yes/no questions about a run as `simulate` takes them: functions,
 * or text in the predicate language (compiled here against the plan, so a
 * study that names them as text can cross to workers and shard files).
 * Returns the functions in the record's order; a bad text is a
 * {@link PredicateError} at `<kind>.<name>`.
 *
 * @example
 * runPredicates(plan, { appleFirst: 'rank(phones, apple, horizon) == 1', approved: (r) => r.events.some((e) => e.kind === 'approved') }, 'predicates');
 * // => [['appleFirst', (run) => boolean], ['approved', (run) => boolean]]
 */
export function runPredicates(
  plan: Plan, record: Record<string, ((run: RunResult) => boolean) | string> | undefined, kind: 'predicates' | 'conditions',
): Array<[string, (run: RunResult) => boolean]> {
  return Object.entries(record ?? {}).map(([name, p]) => {
    if (typeof p === 'string') return [name, compilePredicate(p, plan, `${kind}.${name}`).test];
    if (typeof p !== 'function') {
      throw new RivalsimError(`Invalid ${kind.slice(0, -1)}`, `${kind}.${name}`, p, "a function (run) => boolean or a predicate such as 'share(phones, apple, horizon) > 0.18'");
    }
    return [name, p];
  });
}
