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

/** A run's value of a compiled node: numbers as they are, booleans as 1 and 0. */
type Evaluate = (run: RunResult) => number;
interface Typed { kind: 'number' | 'boolean'; evaluate: Evaluate }

/**
 * An inclusive range of steps named by a date.
 *
 * @example
 * const q4: Period = { from: 33, to: 35 };
 */
export interface Period { from: number; to: number }

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

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;
const QUARTER_RE = /^(\d{4})-Q([1-4])$/;
const YEAR_RE = /^\d{4}$/;

/** Months since year 0 of a `'YYYY-MM'` date. */
function monthNumber(date: string): number {
  return Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1;
}

/**
 * The steps a date covers in a plan: one month (`YYYY-MM`), a quarter's
 * three (`YYYY-Qn`), a year's twelve (`YYYY`), step 0 (`start`) or the
 * horizon (`horizon`); `{ from, to }` inclusive. Undefined when the text is
 * no date; a period outside the plan's months is a {@link RivalsimError}
 * at `path`. (For rank steps by date, scenario files and the CLI.)
 *
 * @example
 * periodOf(plan, '2027-Q4'); // => { from: 33, to: 35 } (a plan starting 2025-01)
 * periodOf(plan, 'horizon'); // => { from: 36, to: 36 }
 * periodOf(plan, '2030-01'); // throws: Date outside the simulation: expected a period within 2025-01 … 2028-01 …
 */
export function periodOf(plan: Pick<Plan, 'dates'>, text: string, path = 'date'): Period | undefined {
  const dates = plan.dates, horizon = dates.length - 1;
  if (text === 'horizon') return { from: horizon, to: horizon };
  if (text === 'start') return { from: 0, to: 0 };
  const first = monthNumber(dates[0]);
  let from: number, to: number;
  const q = QUARTER_RE.exec(text);
  if (MONTH_RE.test(text)) from = to = monthNumber(text) - first;
  else if (q) { from = Number(q[1]) * 12 + (Number(q[2]) - 1) * 3 - first; to = from + 2; }
  else if (YEAR_RE.test(text)) { from = Number(text) * 12 - first; to = from + 11; }
  else return undefined;
  if (from < 0 || to > horizon) {
    throw new RivalsimError('Date outside the simulation', path, text, `a period within ${dates[0]} … ${dates[horizon]} (the scenario's months)`);
  }
  return { from, to };
}

/** A date argument's period (see {@link periodOf}), with errors naming its column. */
function periodArg(ctx: Context, a: PredicateArgument): Period {
  let period: Period | undefined;
  try {
    period = periodOf(ctx.plan, a.text, ctx.path);
  } catch (e) {
    if (e instanceof RivalsimError) fail(ctx, a.at, 'Date outside the simulation', a.text, e.expected);
    throw e;
  }
  if (!period) fail(ctx, a.at, 'Invalid date', a.text, "a month 'YYYY-MM', a quarter 'YYYY-Qn', a year 'YYYY', start or horizon");
  return period;
}

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
 */
function metricEvaluator(market: string, metric: string, agent: string | undefined, p: Period, how: 'sales' | 'users' | 'sum' | 'mean'): Evaluate {
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
function periodShares(s: { data: Float64Array; T1: number; n: number }, p: Period): Float64Array {
  const out = new Float64Array(s.n);
  let all = 0;
  for (let j = 0; j < s.n; j++) {
    for (let t = p.from; t <= p.to; t++) out[j] += s.data[j * s.T1 + t];
    all += out[j];
  }
  for (let j = 0; j < s.n; j++) out[j] = all > 0 ? out[j] / all : 0;
  return out;
}

/** Rank (1 = largest share) of `agent` over a period; ties go to the agent listed first. */
function rankEvaluator(market: string, agent: string, p: Period, kind: 'devices' | 'assistants'): Evaluate {
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
    const period = typeof d === 'string' ? periodOf(plan, d.trim(), `${path}[${i}]`) : undefined;
    if (!period || period.from !== period.to) {
      throw new RivalsimError('Invalid rank date', `${path}[${i}]`, d, `a month 'YYYY-MM' within ${plan.dates[0]} … ${plan.dates[horizon]}, 'start', 'horizon' or a step`);
    }
    return period.from;
  });
}
