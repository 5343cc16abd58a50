import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PredicateError, parsePredicate, printPredicate, type PredicateNode } from '../../../src/expressions/predicate.js';
import { compilePredicate, compileRunValue } from '../../../src/montecarlo/predicates.js';
import { stepsOfDate } from '../../../src/montecarlo/dates.js';
import { parsePeriod, periodSteps } from '../../../src/model/periods.js';
import { RivalsimError, prepareScenario, runScenario, scenarios, type ScenarioSpec } from '../../../src/index.js';

/** The tree without offsets (what round trips must keep). */
function strip(node: PredicateNode): unknown {
  return JSON.parse(JSON.stringify(node, (k, v) => (k === 'at' ? undefined : v)));
}

/** The error a parse or compile throws. */
function errorOf(f: () => unknown): PredicateError {
  try { f(); } catch (e) { if (e instanceof PredicateError) return e; throw e; }
  throw new Error('no error thrown');
}

describe('predicate syntax', () => {
  it('parses the issue\'s examples with the right structure', () => {
    const a = parsePredicate('share(phones, apple, 2027-12) >= 0.18');
    expect(strip(a)).toEqual({
      type: 'compare', op: '>=',
      left: { type: 'call', name: 'share', args: [{ text: 'phones' }, { text: 'apple' }, { text: '2027-12' }] },
      right: { type: 'number', value: 0.18, text: '0.18' },
    });
    const b = parsePredicate('users(assistants, alibaba, 2026-06) > 40 and share(phones, huawei, 2027-12) < 20%');
    expect(b.type === 'logical' && b.op).toBe('and');
    const pct = b.type === 'logical' && b.right.type === 'compare' ? b.right.right : undefined;
    expect(pct).toMatchObject({ type: 'number', value: 0.2, text: '20%' });
    expect(strip(parsePredicate('approved(apple+alibaba)'))).toEqual({ type: 'call', name: 'approved', args: [{ text: 'apple+alibaba' }] });
    expect(parsePredicate('rank(phones, apple, 2027-Q4) == 1').type).toBe('compare');
  });

  it('binds not, and, or and arithmetic by precedence, left to right', () => {
    expect(printPredicate(parsePredicate('not a() or b() and c()'))).toBe('not a() or b() and c()');
    const t = parsePredicate('not a() or b() and c()');
    expect(t.type === 'logical' && t.op === 'or' && t.left.type === 'not' && t.right.type === 'logical').toBe(true);
    expect(printPredicate(parsePredicate('1 - (2 - 3) > 4 / (5 * 6)'))).toBe('1 - (2 - 3) > 4 / (5 * 6)');
    expect(printPredicate(parsePredicate('(1 - 2) - 3 > ((4)) / 5 * 6'))).toBe('1 - 2 - 3 > 4 / 5 * 6');
    expect(printPredicate(parsePredicate('(share(phones,apple,2027-12)>=18%)&&!approved( apple+baidu )||false')))
      .toBe('share(phones, apple, 2027-12) >= 18% and not approved(apple+baidu) or false');
    expect(printPredicate(parsePredicate('not (a() and b())'))).toBe('not (a() and b())');
    expect(printPredicate(parsePredicate('--2 == -(1 + 1)'))).toBe('--2 == -(1 + 1)');
  });

  it.each([
    ['share(phones, apple 2027-12) > 0.18', 21, '"," or ")"'],
    ['share(phones, apple, 2027-12) >', 32, 'a number, a function call or "("'],
    ['share(phones, , 2027-12) > 1', 15, 'an argument'],
    ['share(phones, apple, 2027-12) = 1', 31, '"=="'],
    ['1 < 2 < 3', 7, 'comparisons do not chain'],
    ['(1 < 2', 7, '")"'],
    ['1 < 2)', 6, 'or the end'],
    ['share > 1', 7, '"(" after share'],
    ['2abc > 1', 1, 'a number'],
    ['1 $ 2', 3, 'an operator'],
    ['', 1, 'a predicate such as'],
    ['1 < 2 and', 10, 'a number, a function call'],
    ['1 == not true', 6, 'a number, a function call'],
    ['a(x y)', 5, '"," or ")"'],
  ])('rejects %j at column %i', (source, column, expected) => {
    const e = errorOf(() => parsePredicate(source, '--when'));
    expect(e).toBeInstanceOf(RivalsimError);
    expect(e.column).toBe(column);
    expect(e.message).toContain(`at column ${column}`);
    expect(e.message).toContain(expected);
    expect(e.message).toContain('→ at --when');
    expect(e.message).toContain(`${source.slice(0, column - 1)}▸${source.slice(column - 1)}`);
  });

  it('names the word it received, not just its first token', () => {
    expect(errorOf(() => parsePredicate('share(phones, apple 2027-12) > 0.18')).message).toContain('but received "2027-12"');
    expect(errorOf(() => parsePredicate('approved(apple+alibaba')).message).toContain('but received "the end"');
  });

  it('round-trips: parse(print(tree)) is the tree, for random trees', () => {
    const word = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.+:@#-]{0,8}$/);
    const name = fc.stringMatching(/^[a-z][A-Za-z0-9_]{0,6}$/).filter((s) => !['and', 'or', 'not', 'true', 'false'].includes(s));
    const number = fc.oneof(fc.nat({ max: 10_000 }).map(String), fc.tuple(fc.nat(99), fc.nat(999)).map(([a, b]) => `${a}.${b}`), fc.nat(100).map((p) => `${p}%`));
    const tree = fc.letrec<{ node: PredicateNode }>((tie) => ({
      node: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        number.map((text): PredicateNode => ({ type: 'number', text, value: text.endsWith('%') ? Number(text.slice(0, -1)) / 100 : Number(text), at: 0 })),
        fc.boolean().map((value): PredicateNode => ({ type: 'boolean', value, at: 0 })),
        fc.tuple(name, fc.array(word, { maxLength: 4 })).map(([n, args]): PredicateNode => ({ type: 'call', name: n, args: args.map((text) => ({ text, at: 0 })), at: 0 })),
        tie('node').map((operand): PredicateNode => ({ type: 'not', operand, at: 0 })),
        tie('node').map((operand): PredicateNode => ({ type: 'negate', operand, at: 0 })),
        fc.tuple(fc.constantFrom('+', '-', '*', '/' as const), tie('node'), tie('node')).map(([op, left, right]): PredicateNode => ({ type: 'arithmetic', op, left, right, at: 0 })),
        fc.tuple(fc.constantFrom('and', 'or' as const), tie('node'), tie('node')).map(([op, left, right]): PredicateNode => ({ type: 'logical', op, left, right, at: 0 })),
        fc.tuple(fc.constantFrom('<', '<=', '>', '>=', '==', '!=' as const), tie('node'), tie('node')).map(([op, left, right]): PredicateNode => ({ type: 'compare', op, left, right, at: 0 })),
      ),
    })).node;
    fc.assert(fc.property(tree, (t) => {
      const printed = printPredicate(t);
      expect(strip(parsePredicate(printed))).toEqual(strip(t));
      expect(printPredicate(parsePredicate(printed))).toBe(printed);
    }), { numRuns: 300 });
  });
});

/** The baseline with two custom metrics: one the same for every agent, one per agent. */
const spec: ScenarioSpec = {
  ...scenarios.baseline,
  metrics: [
    { id: 'appleLead', market: 'phones', expr: 'share_apple - share_huawei' },
    { id: 'lead', market: 'phones', expr: 'share - share_huawei' },
  ],
};
const plan = await prepareScenario(spec);
const run = runScenario(plan, { seed: 5 });

describe('predicates compiled against a plan', () => {
  const step = (date: string) => plan.dates.indexOf(date);

  it('reads metrics at a month, a quarter (volume-weighted share, summed sales) and a year', () => {
    expect(compileRunValue('share(phones, apple, 2027-12)', plan).value(run)).toBe(run.at('phones', 'share', 'apple', step('2027-12')));
    expect(compileRunValue('share(phones, apple, horizon)', plan).value(run)).toBe(run.at('phones', 'share', 'apple', plan.horizon));
    expect(compileRunValue('users(assistants, alibaba, start)', plan).value(run)).toBe(run.at('assistants', 'users', 'alibaba', 0));
    const q4 = ['2027-10', '2027-11', '2027-12'].map(step);
    const agents = run.market('phones').agents;
    const sales = (a: string) => q4.reduce((s, t) => s + run.at('phones', 'sales', a, t), 0);
    const total = agents.reduce((s, a) => s + sales(a), 0);
    expect(compileRunValue('share(phones, apple, 2027-Q4)', plan).value(run)).toBeCloseTo(sales('apple') / total, 14);
    expect(compileRunValue('sales(phones, apple, 2027-Q4)', plan).value(run)).toBeCloseTo(sales('apple'), 10);
    const year = Array.from({ length: 12 }, (_, k) => step(`2026-${String(k + 1).padStart(2, '0')}`));
    expect(compileRunValue('installedBase(phones, apple, 2026)', plan).value(run))
      .toBeCloseTo(year.reduce((s, t) => s + run.at('phones', 'installedBase', 'apple', t), 0) / 12, 10);
  });

  it('ranks by share (period shares for quarters), as simulate counts ranks', () => {
    const agents = run.market('phones').agents;
    const t = step('2027-12');
    const order = [...agents].sort((a, b) => run.at('phones', 'share', b, t) - run.at('phones', 'share', a, t));
    agents.forEach((a) => expect(compileRunValue(`rank(phones, ${a}, 2027-12)`, plan).value(run)).toBe(order.indexOf(a) + 1));
    const q = agents.map((a) => compileRunValue(`share(phones, ${a}, 2027-Q4)`, plan).value(run));
    const qOrder = agents.map((_, i) => i).sort((i, j) => q[j] - q[i]);
    agents.forEach((a, i) => expect(compileRunValue(`rank(phones, ${a}, 2027-Q4)`, plan).value(run)).toBe(qOrder.indexOf(i) + 1));
    expect(compilePredicate('rank(phones, apple, 2027-Q4) == 1', plan).test(run)).toBe(qOrder[0] === 0);
  });

  it('reads events, outages and custom metrics', () => {
    const approvedAt = run.events.find((e) => e.kind === 'approved' && e.event === 'apple+alibaba')?.step;
    expect(compilePredicate('approved(apple+alibaba)', plan).test(run)).toBe(approvedAt !== undefined);
    if (approvedAt !== undefined) {
      expect(compilePredicate(`approved(apple+alibaba, ${plan.dates[approvedAt]})`, plan).test(run)).toBe(true);
      if (approvedAt > 0) expect(compilePredicate(`approved(apple+alibaba, ${plan.dates[approvedAt - 1]})`, plan).test(run)).toBe(false);
    }
    expect(compilePredicate('not (approved(apple+alibaba) and rejected(apple+alibaba))', plan).test(run)).toBe(true);
    expect(compilePredicate('live(apple+alibaba) == approved(apple+alibaba)', plan).test(run))
      .toBe(run.events.some((e) => e.kind === 'live') === run.events.some((e) => e.kind === 'approved'));
    expect(compilePredicate('launched(launch:deepseek-r1)', plan).test(run)).toBe(run.events.some((e) => e.kind === 'launch' && e.event === 'launch:deepseek-r1'));
    expect(compileRunValue('outageMonths(deepseek)', plan).value(run)).toBe(run.events.filter((e) => e.kind === 'outage' && e.agent === 'deepseek').length);
    const t = step('2027-12');
    expect(compileRunValue('metric(phones, appleLead, 2027-12)', plan).value(run)).toBeCloseTo(run.at('phones', 'share', 'apple', t) - run.at('phones', 'share', 'huawei', t), 14);
    expect(compileRunValue('metric(phones, lead, vivo, 2027-12)', plan).value(run)).toBeCloseTo(run.at('phones', 'share', 'vivo', t) - run.at('phones', 'share', 'huawei', t), 14);
    expect(compilePredicate('metric(phones, appleLead, 2027-12) > 0', plan).test(run)).toBe(run.at('phones', 'share', 'apple', t) > run.at('phones', 'share', 'huawei', t));
  });

  it.each([
    ['shar(phones, apple, 2027-12) > 0', 1, 'Unknown function', 'one of share, sales'],
    ['share(phone, apple, 2027-12) > 0', 7, 'Unknown market', 'one of phones, assistants'],
    ['share(phones, appel, 2027-12) > 0', 15, 'Unknown agent', '(the agents of phones)'],
    ['share(phones, alibaba, 2027-12) > 0', 15, 'Unknown agent', 'one of apple, huawei'],
    ['users(phones, apple, 2027-12) > 0', 7, 'No users in this market', 'assistants'],
    ['share(phones, apple, 2029-01) > 0', 22, 'Date outside the simulation', '2025-01 … 2028-01'],
    ['share(phones, apple, 2027-13) > 0', 22, 'Invalid date', "'YYYY-MM'"],
    ['share(phones, apple, 2028-Q1) > 0', 22, 'Date outside the simulation', '2025-01 … 2028-01'],
    ['share(phones, apple) > 0', 6, 'Wrong number of arguments to share', 'share(market, agent, date)'],
    ['approved(apple+baidu)', 10, 'Unknown partnership', 'one of apple+alibaba'],
    ['launched(apple+alibaba)', 10, 'Unknown AI launch', 'launch:deepseek-r1'],
    ['metric(phones, gap, 2027-12) > 0', 16, 'Unknown custom metric', 'appleLead, lead'],
    ['metric(phones, lead, 2027-12) > 0', 22, 'Custom metric needs an agent', 'own series'],
    ['share(phones, apple, 2027-12)', 1, 'Predicate is not a yes/no question', 'a comparison'],
    ['approved(apple+alibaba) > 1', 1, 'Type mismatch', 'numbers on each side of >'],
    ['share(phones, apple, 2027-12) and true', 1, 'Type mismatch', 'a yes/no value on each side of and'],
    ['not rank(phones, apple, horizon)', 5, 'Type mismatch', 'a yes/no value after not'],
  ])('rejects %j at column %i (%s)', (source, column, what, expected) => {
    const e = errorOf(() => compilePredicate(source, plan, '--when'));
    expect(e.column).toBe(column);
    expect(e.message.startsWith(`${what} at column ${column}`)).toBe(true);
    expect(e.message).toContain(expected);
  });

  it('resolves dates to steps (for rank steps by date)', () => {
    expect(stepsOfDate(plan, '2027-Q4')).toEqual({ from: 33, to: 35 });
    expect(stepsOfDate(plan, '2025-01')).toEqual({ from: 0, to: 0 });
    expect(stepsOfDate(plan, 'horizon')).toEqual({ from: 36, to: 36 });
    expect(stepsOfDate(plan, '2026')).toEqual({ from: 12, to: 23 });
    expect(stepsOfDate(plan, 'Q4')).toBeUndefined();
    // One rule for how a period is written: a question's date covers the steps an observation's period does.
    for (const text of ['2026', '2026-Q2', '2026Q2', '2026-q2', '2026-07', ' 2026-07 ', '2026-7', '2026-13', '2026-Q5', 'Q4', '26-07']) {
      const period = parsePeriod(text);
      expect(stepsOfDate(plan, text), text).toEqual(period && periodSteps(period, plan.dates[0], plan.horizon));
    }
    expect(() => stepsOfDate(plan, '2030-01', 'rankAt[0]')).toThrow(/Date outside the simulation: expected a period within 2025-01 … 2028-01 \(the scenario's months\) but received "2030-01" → at rankAt\[0\]/);
  });

  it('rejects a yes/no question where a number is wanted, and a run of another calendar', async () => {
    expect(errorOf(() => compileRunValue('approved(apple+alibaba)', plan)).message).toContain('Expression is a yes/no question');
    const short = runScenario(await prepareScenario({ ...spec, horizon: 12 }), { seed: 1 });
    expect(() => compilePredicate('approved(apple+alibaba)', plan).test(short)).toThrow(/Run of another plan.*a run of the plan the predicate was compiled for/);
  });
});
