/**
 * A run's inputs are kept by index (`RunInputs`) and shown as a record
 * only when read: the record lists the run's draws in the order of their
 * first draw, a path drawn again keeps its place, a new run starts empty,
 * and a result keeps its run's inputs after the world moves on.
 */
import { describe, expect, it } from 'vitest';
import { compileScenario, createRandomSource, World } from '../../src/index.js';
import { RunResult } from '../../src/model/result.js';
import { RunInputs } from '../../src/model/world/run-inputs.js';
import { scenarios } from '../../src/scenarios/china.js';

describe('run inputs', () => {
  it('show the draws in the order of their first draw, a redrawn path in its place with its last value', () => {
    const inputs = new RunInputs();
    const a = inputs.indexOf('a'), b = inputs.indexOf('b'), c = inputs.indexOf('c');
    expect([a, b, c, inputs.indexOf('b')]).toEqual([0, 1, 2, 1]);
    inputs.clear();
    expect(inputs.set(c, 3)).toBe(true);
    expect(inputs.set(a, 1)).toBe(true);
    expect(inputs.set(c, 4)).toBe(false);
    expect(Object.entries(inputs.record())).toEqual([['c', 4], ['a', 1]]);
    inputs.clear();
    expect(inputs.record()).toEqual({});
    inputs.set(b, -0);
    expect(Object.is(inputs.record().b, -0)).toBe(true);
  });

  it('grow past their first capacity', () => {
    const inputs = new RunInputs();
    const paths = Array.from({ length: 200 }, (_, i) => `p${i}`);
    inputs.clear();
    for (const [i, p] of paths.entries()) inputs.set(inputs.indexOf(p), i / 2);
    expect(inputs.record()).toEqual(Object.fromEntries(paths.map((p, i) => [p, i / 2])));
  });

  it("are a result's record, read when wanted and kept after the world's next run", () => {
    const plan = compileScenario({ ...scenarios['apple-alibaba'], horizon: 3 });
    const world = new World(plan);
    world.reset(createRandomSource(5, 0));
    const first = world.result();
    const view = world.runView();
    const firstInputs = { ...view.inputs };
    expect(first.inputs).toEqual(firstInputs);
    expect(Object.keys(first.inputs)).toEqual(Object.keys(world.inputs));
    world.reset(createRandomSource(5, 1));
    world.run();
    expect(first.inputs).toEqual(firstInputs);
    expect(view.inputs).toEqual(firstInputs); // read before the reset: kept
    expect(world.result().inputs).not.toEqual(firstInputs);
    expect(Object.keys(world.result().inputs)).toEqual(Object.keys(firstInputs));
  });

  it('are given to a result as a record or as a function, read alike', () => {
    const record = { 'parameters.x': 1 };
    const given = new RunResult('s', ['2025-01'], [], [], record);
    const built = new RunResult('s', ['2025-01'], [], [], () => ({ ...record }));
    expect(given.inputs).toBe(record);
    expect(built.inputs).toEqual(record);
    expect(built.inputs).toBe(built.inputs);
    expect(built.clone().inputs).toEqual(record);
  });
});
