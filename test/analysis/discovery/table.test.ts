import { describe, expect, it } from 'vitest';
import { fieldWords, inputLabel } from '../../../src/montecarlo/labels.js';
import { InputTableBuilder, inputTable } from '../../../src/montecarlo/inputs.js';
import { World, createRandomSource, prepareScenario, scenarios, type RunResult, type ScenarioSpec } from '../../../src/index.js';

const spec: ScenarioSpec = {
  ...scenarios.baseline,
  horizon: 18,
  parameters: { regime: { dist: 'bernoulli', p: 0.5 }, steady: { dist: 'fixed', value: 3 } },
};
const plan = await prepareScenario(spec);

/** Runs 0 … n − 1 of the plan (copies: a world's view is reused). */
function runs(n: number, from = 0): RunResult[] {
  const world = new World(plan);
  return Array.from({ length: n }, (_, k) => { world.reset(createRandomSource(9, from + k)); return world.runView().clone(); });
}
const sample = runs(40);

describe('input labels', () => {
  it('name inputs by their event, agent, market and field', () => {
    expect(fieldWords('integrationQuality')).toBe('integration quality');
    expect(fieldWords('weightDrift.aiCapability.perMonth')).toBe('weight drift AI capability per month');
    expect(inputLabel(plan, 'events[0].reviewMonths')).toBe('apple+alibaba · review months');
    expect(inputLabel(plan, 'events[1].capabilityGain')).toBe('launch:deepseek-r1 · capability gain');
    expect(inputLabel(plan, 'landscape.agents[0].attributes.brand')).toBe('apple · brand');
    expect(inputLabel(plan, 'landscape.agents[1].capacity.concurrentUsers')).toBe(`${plan.agents[1].id} · capacity concurrent users`);
    expect(inputLabel(plan, 'landscape.markets[0].participants[2].loyalty')).toBe(`phones · ${plan.agents[plan.markets[0].participants[2].agent].id} · loyalty`);
    expect(inputLabel(plan, 'landscape.markets[1].bass.p')).toBe('assistants · bass p');
    expect(inputLabel(plan, 'parameters.regime')).toBe('regime');
    expect(inputLabel(plan, 'events[99].month')).toBe('events[99].month');
  });
});

describe('the input table', () => {
  const table = inputTable(sample, plan);
  const column = (id: string) => table.columns.find((c) => c.id === id)!;

  it('holds each run\'s sampled inputs, with readable labels', () => {
    expect(table.rows).toBe(40);
    const iq = column('events[0].integrationQuality');
    expect(iq).toMatchObject({ label: 'apple+alibaba · integration quality', kind: 'continuous', source: 'input' });
    expect(Array.from(iq.values)).toEqual(sample.map((r) => r.inputs['events[0].integrationQuality']));
    expect(table.columns.map((c) => c.id)).not.toContain('parameters.steady');
    expect(table.skipped).toContainEqual({ id: 'parameters.steady', label: 'steady', reason: 'constant' });
  });

  it('treats bernoulli inputs as categories', () => {
    const regime = column('parameters.regime');
    expect(regime).toMatchObject({ kind: 'categorical', categories: ['0', '1'] });
    expect(Array.from(regime.values)).toEqual(sample.map((r) => r.inputs['parameters.regime']));
  });

  it('reads each declared partnership\'s decision, decision month and go-live month from the log', () => {
    const decision = column('event:apple+alibaba:decision'), decided = column('event:apple+alibaba:decided'), live = column('event:apple+alibaba:live');
    expect(decision.kind).toBe('categorical');
    expect(decided).toMatchObject({ label: 'apple+alibaba · decision month', months: true });
    sample.forEach((run, r) => {
      const entry = run.events.find((e) => e.event === 'apple+alibaba' && (e.kind === 'approved' || e.kind === 'rejected'));
      expect(decision.categories![decision.values[r]]).toBe(entry ? entry.kind : 'pending');
      expect(decided.values[r]).toBe(entry ? entry.step : plan.horizon + 1);
      const went = run.events.find((e) => e.event === 'apple+alibaba' && e.kind === 'live');
      expect(live.values[r]).toBe(went ? went.step : plan.horizon + 1);
    });
    // Approved and rejected both happen in 40 runs of the baseline (approval probability about 2/3).
    expect(new Set(decision.values).size).toBeGreaterThan(1);
  });

  it('builds the same table from parts merged in run order, and honours exclude and categorical', () => {
    const a = new InputTableBuilder(plan), b = new InputTableBuilder(plan);
    sample.slice(0, 15).forEach((r) => a.add(r));
    sample.slice(15).forEach((r) => b.add(r));
    a.merge(b);
    expect(a.build()).toEqual(table);
    const other = inputTable(sample, plan, { exclude: ['apple+alibaba · integration quality', 'event:apple+alibaba:live'], categorical: ['events[9].month'], events: true });
    expect(other.columns.map((c) => c.id)).not.toContain('events[0].integrationQuality');
    expect(other.columns.map((c) => c.id)).not.toContain('event:apple+alibaba:live');
    expect(other.columns.find((c) => c.id === 'events[9].month')!.kind).toBe('categorical');
    expect(inputTable(sample, plan, { events: false }).columns.every((c) => c.source === 'input')).toBe(true);
    expect(() => inputTable([], plan)).toThrow(/No runs for the input table/);
  });
});
