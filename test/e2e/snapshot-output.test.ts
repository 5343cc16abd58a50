/**
 * No-regression snapshot of what is printed and written: the command line's
 * list, describe, run and compare, and the HTML reports, for every bundled
 * scenario (200 runs, seed 7, the studies test/snapshot.test.ts pins),
 * hashed with SHA-256 and compared with `test/e2e/snapshot-output.json`. A
 * change to the tables or the reports changes them on purpose; re-pin then,
 * and say why in the commit:
 *
 *   UPDATE_SNAPSHOT=1 npx vitest run test/e2e/snapshot-output.test.ts
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compare, comparisonReport, htmlReport, isScenarioId, scenarios, sensitivity, simulate } from '../../src/index.js';
import { inProcess } from '../cli-helpers.js';
import { pinsIn } from '../pins.js';

const { pinned, update, pin } = pinsIn(join(__dirname, 'snapshot-output.json'));

/** Command-line output without durations (the only part that differs between equal runs). */
const timeless = (text: string): string => text.replace(/\d+(\.\d+)? (ms|s|min)\b/g, '');

describe('snapshot of what is printed and written', () => {
  it('the command line: list, describe, run and compare', async () => {
    const ok = async (args: string[]) => {
      const r = await inProcess(args);
      expect(r.code, r.stderr).toBe(0);
      return timeless(r.stdout);
    };
    pin('output.cli.list', await ok(['list']));
    for (const id of Object.keys(scenarios)) {
      pin(`output.cli.describe.${id}`, await ok(['describe', id]));
      pin(`output.cli.run.${id}`, await ok(['run', id, '--runs', '200', '--seed', '7', '--workers', '1', '--quiet']));
    }
    pin('output.cli.compare', await ok(['compare', 'baseline', 'apple-alibaba', '--runs', '200', '--seed', '7', '--workers', '1', '--quiet']));
    pin('output.cli.compare-policies', await ok(['compare', 'apple-baidu', 'capacity-crunch', '--runs', '200', '--seed', '7', '--workers', '1', '--quiet']));
  });

  it('the HTML reports', async () => {
    for (const id of Object.keys(scenarios).filter(isScenarioId)) {
      const result = await simulate(scenarios[id], { runs: 200, seed: 7 });
      const s = id === 'apple-alibaba' ? await sensitivity(scenarios[id], { output: { market: 'phones', metric: 'share', agent: 'apple' }, runs: 200, seed: 7 }) : undefined;
      pin(`output.html.${id}`, htmlReport(result, { sensitivity: s }));
    }
    pin('output.html.compare', comparisonReport(await compare(scenarios.baseline, scenarios['apple-alibaba'], { runs: 200, seed: 7 })));
    pin('output.html.compare-policies', comparisonReport(await compare(scenarios['apple-baidu'], scenarios['capacity-crunch'], { runs: 200, seed: 7 })));
  });
});

describe('the output snapshot', () => {
  it('pins every hash it checks, and nothing else', () => {
    if (update) return;
    const ids = Object.keys(scenarios);
    const keys = ['output.cli.list', 'output.cli.compare', 'output.cli.compare-policies', 'output.html.compare', 'output.html.compare-policies',
      ...ids.flatMap((id) => [`output.cli.describe.${id}`, `output.cli.run.${id}`, `output.html.${id}`])];
    expect(Object.keys(pinned).sort()).toEqual(keys.sort());
  });
});
