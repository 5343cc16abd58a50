/**
 * Type tests of the public API's main signatures: what `simulate`,
 * `compare`, `merge` and the result lookups give, and which options they
 * take. They are checked by the type check (`tsc --noEmit`, the first step
 * of `npm test`), not run: a signature that loses its types (e.g. through
 * the `displaying` wrapper in `index.ts`) or widens to `any` fails it. Each
 * `@ts-expect-error` line shows an assertion failing where it must, so a
 * test here cannot pass by accident. (Ids — scenario, market, metric and
 * agent names — have type tests of their own.)
 */
import { describe, expectTypeOf, it } from 'vitest';
import {
  compare, merge, scenarios, simulate, simulateOnPool, ComparisonResult, SimulationResult,
  type AutoRunsOptions, type CellStat, type DifferenceStat, type Estimate, type EventStat, type SimulateOptions, type SummaryRow,
  type AppleAlibabaEventId, type ChinaLandscapeIds, type StudyIdsOf,
} from '../../src/index.js';
import { compare as compareOnThreads, simulate as simulateOnThreads, type NodeSimulateOptions } from '../../src/node/index.js';

/** The ids of the bundled baseline's and apple-alibaba's results. */
type Baseline = StudyIdsOf<ChinaLandscapeIds, AppleAlibabaEventId>;

declare const result: SimulationResult;
declare const comparison: ComparisonResult;

describe('simulate', () => {
  it('resolves to a SimulationResult, with runs as a number or \'auto\' with a precision', () => {
    expectTypeOf(simulate).returns.toEqualTypeOf<Promise<SimulationResult>>();
    // (The bundled scenarios' results are typed with their ids: test/model/ids.test.ts.)
    expectTypeOf(simulate(scenarios.baseline, { runs: 100, seed: 1 })).resolves.toEqualTypeOf<SimulationResult<Baseline>>();
    expectTypeOf<{ runs: 'auto'; seed: 1; precision: [] }>().toMatchTypeOf<AutoRunsOptions>();
    expectTypeOf(simulate).parameter(1).toEqualTypeOf<SimulateOptions | AutoRunsOptions>();
    // @ts-expect-error runs is a number or 'auto'
    void simulate(scenarios.baseline, { runs: '100', seed: 1 });
    // @ts-expect-error 'auto' needs its precision
    void simulate(scenarios.baseline, { runs: 'auto', seed: 1 });
    // @ts-expect-error the result is not any
    expectTypeOf(simulate(scenarios.baseline, { runs: 100, seed: 1 })).resolves.toBeAny();
  });

  it('on worker threads (rivalsim/node) takes workers and resolves to the same result type', () => {
    expectTypeOf(simulateOnThreads).returns.toEqualTypeOf<Promise<SimulationResult>>();
    expectTypeOf<NodeSimulateOptions['workers']>().toEqualTypeOf<number | 'auto' | undefined>();
    expectTypeOf(compareOnThreads).returns.toEqualTypeOf<Promise<ComparisonResult>>();
    expectTypeOf(simulateOnPool).returns.toEqualTypeOf<Promise<SimulationResult>>();
    // @ts-expect-error workers is a count or 'auto'
    void simulateOnThreads(scenarios.baseline, { runs: 100, seed: 1, workers: 'all' });
  });
});

describe('compare and merge', () => {
  it('compare resolves to a ComparisonResult; merge gives a SimulationResult', () => {
    expectTypeOf(compare(scenarios.baseline, scenarios['apple-alibaba'], { runs: 100, seed: 1 })).resolves.toEqualTypeOf<ComparisonResult<Baseline, Baseline>>();
    expectTypeOf(merge).parameter(0).toEqualTypeOf<readonly SimulationResult[]>();
    expectTypeOf(merge).returns.toEqualTypeOf<SimulationResult>();
    // @ts-expect-error a comparison is not a simulation result
    expectTypeOf(compare).returns.toEqualTypeOf<Promise<SimulationResult>>();
  });

  it('a comparison\'s lookups give difference statistics, and it reloads from its JSON', () => {
    expectTypeOf(comparison.difference('phones', 'share', 'apple')).toEqualTypeOf<DifferenceStat>();
    expectTypeOf(comparison.a).toEqualTypeOf<SimulationResult>();
    expectTypeOf(comparison.toCSV()).toEqualTypeOf<string>();
    expectTypeOf(ComparisonResult.fromJSON).returns.toEqualTypeOf<Promise<ComparisonResult>>();
  });
});

describe('a result\'s lookups', () => {
  it('stat, rankProbability, probability, event and events give their statistics', () => {
    expectTypeOf(result.stat('phones', 'share', 'apple')).toEqualTypeOf<CellStat>();
    expectTypeOf(result.stat('phones', 'share', 'apple', 12).quantiles).toEqualTypeOf<number[]>();
    expectTypeOf(result.rankProbability('phones', 'apple')).toEqualTypeOf<Estimate>();
    expectTypeOf(result.probability('appleFirst')).toEqualTypeOf<Estimate>();
    expectTypeOf(result.event('approved')).toEqualTypeOf<EventStat>();
    expectTypeOf(result.events()).toEqualTypeOf<EventStat[]>();
    expectTypeOf(result.rows()).toEqualTypeOf<SummaryRow[]>();
    // @ts-expect-error a step is a number
    result.stat('phones', 'share', 'apple', '2027-12');
    // @ts-expect-error an estimate is not a bare number
    expectTypeOf(result.rankProbability('phones', 'apple')).toEqualTypeOf<number>();
  });

  it('its layout, CSV and JSON round trip are typed', () => {
    expectTypeOf(result.runs).toEqualTypeOf<number>();
    expectTypeOf(result.dates).toEqualTypeOf<readonly string[]>();
    expectTypeOf(result.toCSV()).toEqualTypeOf<string>();
    expectTypeOf(SimulationResult.fromJSON).parameter(0).toEqualTypeOf<unknown>();
    expectTypeOf(SimulationResult.fromJSON).returns.toEqualTypeOf<Promise<SimulationResult>>();
  });
});
