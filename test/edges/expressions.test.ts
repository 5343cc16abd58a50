/**
 * Expressions that pass the whitelist but cannot be evaluated: wrong
 * numbers of arguments and numbers of decimals out of range are refused
 * when compiled, with the path and where the call starts; what only a run
 * can find (a computed number of decimals) is a RivalsimError naming the
 * path, never mathjs's TypeError.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { compileExpression, loadExpressions, prepareScenarioDocument, runScenario } from '../../src/index.js';
import { rivalsimError } from './helpers.js';

beforeAll(() => loadExpressions());

describe('calls of allowed functions', () => {
  it.each([
    ['max()', /max\(\) with at least 1 argument, not 0/],
    ['min()', /min\(\) with at least 1 argument, not 0/],
    ['pow(1)', /pow\(\) with 2 arguments, not 1/],
    ['sqrt(1, 2)', /sqrt\(\) with 1 argument, not 2/],
    ['abs()', /abs\(\) with 1 argument, not 0/],
    ['log(1, 2, 3)', /log\(\) with 1 or 2 arguments, not 3/],
    ['mod(5)', /mod\(\) with 2 arguments, not 1/],
    ['round(1.5, 1, 2)', /round\(\) with 1 or 2 arguments, not 3/],
  ])('refuses %s when compiled, naming the path', async (source, message) => {
    const e = await rivalsimError(() => compileExpression(source, ['q'], 'events[0].capabilityGain'));
    expect(e.message).toMatch(/^Wrong number of arguments/);
    expect(e.message).toMatch(message);
    expect(e.path).toBe('events[0].capabilityGain');
  });

  it.each([['round(q, 20)', 20], ['round(q, -1)', -1], ['floor(q, 1.5)', 1.5], ['ceil(q, (16))', 16]])('refuses %s: decimals outside 0…15', async (source, n) => {
    const e = await rivalsimError(() => compileExpression(source, ['q'], 'x'));
    expect(e.message).toMatch(/Invalid number of decimals/);
    expect(e.message).toContain(`not ${n}`);
  });

  it('says where the faulty call starts', async () => {
    const e = await rivalsimError(() => compileExpression('max(q, 1) + pow(q) * 2', ['q'], 'x'));
    expect(e.message).toContain('the call at character 13');
    const nestedCall = await rivalsimError(() => compileExpression('max(max(q), max())', ['q'], 'x'));
    expect(nestedCall.message).toContain('the call at character 13');
  });

  it('keeps valid calls as they were', () => {
    expect(compileExpression('round(q, 2) + min(q) + max(q, 1, 2) + log(8, 2)', ['q'], 'x').evaluate({ q: 0.123 })).toBeCloseTo(0.12 + 0.123 + 2 + 3, 12);
    expect(compileExpression('floor(q, 0) + ceil(q, 15)', ['q'], 'x').evaluate({ q: 1.5 })).toBe(1 + 1.5);
  });

  it('turns a number of decimals computed at run time out of range into a RivalsimError naming the path', async () => {
    const e = await rivalsimError(() => compileExpression('round(0.5, q)', ['q'], 'events[3].change').evaluate({ q: 40 }));
    expect(e.message).toMatch(/Expression cannot be evaluated/);
    expect(e.path).toBe('events[3].change');
    expect(e.message).toContain('{"q":40}');
  });

  it('refuses such a call in a scenario file at its document path', async () => {
    const e = await rivalsimError(() => prepareScenarioDocument({
      id: 'x', extends: 'apple-alibaba', parameters: { q: 0.5 },
      addEvents: [{ type: 'aiLaunch', agent: 'alibaba', month: 2, capabilityGain: 'pow(q)' }],
    }, 'x.json'));
    expect(e.message).toMatch(/^x\.json: Wrong number of arguments/);
    expect(e.path).toMatch(/^addEvents\[0\]\.capabilityGain$/);
  });

  it('never lets a run end in a TypeError from mathjs', async () => {
    // q's median (10) is a valid number of decimals, so the document prepares; runs with q > 15 fail.
    const spec = await prepareScenarioDocument({
      id: 'x', extends: 'baseline', horizon: 3, parameters: { q: { dist: 'uniform', min: 0, max: 20 } },
      addEvents: [{ type: 'aiLaunch', agent: 'alibaba', month: 1, capabilityGain: 'round(0.1, q)' }],
    });
    const failures: unknown[] = [];
    for (let run = 0; run < 24; run++) {
      try { runScenario(spec, { seed: 1, run }); } catch (e) { failures.push(e); }
    }
    expect(failures.length).toBeGreaterThan(0);
    for (const e of failures) expect(String(e)).toMatch(/^RivalsimError: Expression cannot be evaluated.*→ at events\[\d+\]\.capabilityGain/);
  });

  it('refuses at preparation a number of decimals out of range at the median of its parameter', async () => {
    const e = await rivalsimError(() => prepareScenarioDocument({
      id: 'x', extends: 'baseline', horizon: 3, parameters: { q: { dist: 'uniform', min: 20, max: 30 } },
      addEvents: [{ type: 'aiLaunch', agent: 'alibaba', month: 1, capabilityGain: 'round(0.1, q)' }],
    }, 'x.json'));
    expect(e.message).toMatch(/^x\.json: Expression cannot be evaluated.*"q":25.*→ at addEvents\[0\]\.capabilityGain/);
  });
});
