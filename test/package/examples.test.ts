/**
 * Every example runs through the `npm run example` dispatcher
 * (`tsx examples/run.ts <name> --runs 50 --horizon 12`), exits 0 and prints
 * what it should. The examples run in parallel, a few at a time.
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..');
const examples = readdirSync(join(root, 'examples'))
  .filter((f) => f.endsWith('.ts') && !f.startsWith('_') && f !== 'run.ts')
  .map((f) => f.slice(0, -3))
  .sort();

interface Outcome { code: number | null; stdout: string; stderr: string; ms: number }

/** Runs `node --import tsx examples/run.ts …args` (as `npm run example -- …args` does, without npm's start-up). */
function runExample(args: string[]): Promise<Outcome> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'examples/run.ts', ...args], {
      cwd: root, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '', stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: Date.now() - started }));
  });
}

/** Runs tasks at most `limit` at a time. */
async function pool<T>(tasks: Array<() => Promise<T>>, limit: number): Promise<T[]> {
  const out = new Array<T>(tasks.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, async () => {
    while (next < tasks.length) {
      const i = next++;
      out[i] = await tasks[i]();
    }
  }));
  return out;
}

/** What each example's output must contain. */
const EXPECTED: Record<string, RegExp[]> = {
  'one-world': [/Smartphones \(China\) — sales share/, /Events:/],
  'custom-agent': [/NewCo/, /price-war policy acted/],
  'from-scratch': [/E-bikes \(Europe\)/, /Riding assistants/, /velox\+navi: approved in/],
  compare: [/apple-alibaba − baseline: 50 runs/, /mean difference/, /Apple phone sales share, 2026-01/],
  backtest: [
    /China: \d+ published figures/, /Fitted from January 2022 up to each origin first/, /2024-01 → 2024-12\s+\d+\s+[\d.]+ pp\s+[\d.]+ pp\s+[\d.]+ pp\s+\d+%\s+\d+%/,
    /fit before 2024-01: aiWeightGrowth/, /speakers — abc-smc fit on \d+ figures/, /Fitted inputs/, /Backtest from 2023-01 to 2023-12/, /MAE [\d.]+ pp \(persistence/,
  ],
  'what-must-be-true': [/What must be true for Apple to be #1 again\? — baseline, 50 runs/, /What must be true for rank\(phones, apple, 2025-Q4\) == 1\?/,
    /It holds in \d+\.\d% ± \d+\.\d of 50 runs/, /what must be true for Alibaba to reach \d+% of assistant usage by 2026-01/],
};

describe('examples', () => {
  it('lists the expected examples', () => {
    for (const name of ['what-must-be-true', 'apple-alibaba', 'baseline', 'apple-baidu', 'deepseek-surge', 'homegrown-ai', 'capacity-crunch', 'custom-agent', 'from-scratch', 'compare', 'one-world']) {
      expect(examples).toContain(name);
    }
  });

  it('every example runs, exits 0 and prints a sensible summary; the dispatcher defaults to the flagship and rejects unknown names', async () => {
    const jobs: Array<[string, string[]]> = [
      ...examples.map((name): [string, string[]] => [name, [name, '--runs', '50', '--horizon', '12']]),
      ['(default)', ['--runs', '50', '--horizon', '12']],
      ['(unknown)', ['no-such-example']],
    ];
    const outcomes = await pool(jobs.map(([, args]) => () => runExample(args)), 4);
    const byName = new Map(jobs.map(([name], i) => [name, outcomes[i]]));

    for (const name of examples) {
      const o = byName.get(name)!;
      expect(o.stderr, `${name} stderr`).toBe('');
      expect(o.code, `${name} exit code\n${o.stderr}`).toBe(0);
      expect(o.stdout).not.toMatch(/NaN|undefined|Infinity/);
      const expected = EXPECTED[name] ?? [
        new RegExp(`^${name} — `, 'm'), /50 runs, seed 42, 2025-01 → 2026-01 \(12 months\)/,
        /median 2026-01/, /P\(#1\)/, /What happened \(share of runs\)/,
      ];
      for (const re of expected) expect(o.stdout, name).toMatch(re);
    }

    const flagship = byName.get('(default)')!;
    expect(flagship.code).toBe(0);
    expect(flagship.stdout).toMatch(/^apple-alibaba — /m);

    const unknown = byName.get('(unknown)')!;
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown example "no-such-example": expected one of .*apple-alibaba/);
  }, 600_000); // ~14 example processes, 4 at a time; a loaded machine takes minutes (how fast is the bench's business)
});
