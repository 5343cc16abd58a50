/**
 * The `rivalsim` command line in process through `main(argv, io)`, with few
 * runs and short horizons: commands, files, bad inputs, the progress bar
 * and internal faults. The built bin as a process (exit codes, stdout) is
 * test/package/bin.test.ts's.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expectBadInput, inProcess, root } from '../cli-helpers.js';
import { AUTO_RUNS_PER_WORKER, autoWorkers, studyOptions } from '../../src/node/cli.js';
import { stableHTML } from '../stable.js';

const tmp = mkdtempSync(join(tmpdir(), 'rivalsim-cli-'));
const file = (name: string, text?: string): string => {
  const path = join(tmp, name);
  if (text !== undefined) writeFileSync(path, text);
  return path;
};
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Output without the elapsed time (the only part that may differ between equivalent runs). */
const strip = (out: string): string => out.replace(/, [\d.]+ (ms|s|min)\b.*$/m, '');
/** A written report without durations, and without when and where it was made. */
const body = (name: string): string => stableHTML(readFileSync(file(name), 'utf8')).replace(/\d+(\.\d+)? (ms|s|min)\b/g, '');
const malformed = file('malformed.json', '{"id": "x", "extends": "baseline",');
const schemaError = file('schema-error.json', '{"id":"x","extends":"baseline","horizon":-3}');
const shortFile = file('short.json', '{"id":"short","extends":"baseline","horizon":12}');
const outOfRange = file('out-of-range.json', JSON.stringify({
  id: 'x', extends: 'baseline', parameters: { q: { dist: 'uniform', min: 0.5, max: 1.5 } },
  events: [{ type: 'partnership', deviceMaker: 'apple', provider: 'alibaba', announceMonth: 1, approvalProbability: 'q', integrationQuality: 0.8, visibility: 0.3, adoption: 0.5 }],
}));


describe('rivalsim (the commands in process through main(argv, io))', () => {
  it.concurrent('--help and --version', async () => {
    const [help, version] = await Promise.all([inProcess(['--help']), inProcess(['--version'])]);
    expect(help.code).toBe(0);
    for (const word of ['list', 'describe', 'run', 'compare', '--runs', '--seed', '--horizon', '--workers', '--csv', '--json', '--quiet', 'bit-identical for any W']) {
      expect(help.stdout).toContain(word);
    }
    for (const args of [['help'], ['-h'], ['run', 'baseline', '--help']]) expect((await inProcess(args)).stdout).toBe(help.stdout);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version);
  });

  it.concurrent('list: bundled ids with their names', async () => {
    const r = await inProcess(['list']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/baseline\s+Baseline: the world as of January 2025/);
    expect(r.stdout).toMatch(/apple-alibaba\s+Apple–Alibaba: the deal approved/);
  });

  it.concurrent('describe: narrative, calendar, agents, markets, events and uncertain inputs', async () => {
    const r = await inProcess(['describe', 'apple-alibaba']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('apple-alibaba — Apple–Alibaba: the deal approved');
    expect(r.stdout).toContain('Singles'); // from the description
    expect(r.stdout).toContain('Calendar: 2025-01 + 36 months (to 2028-01)');
    expect(r.stdout).toMatch(/alibaba\s+Alibaba\s+AI provider/);
    expect(r.stdout).toContain('phones — Smartphones (China)');
    expect(r.stdout).toContain('partnership apple+alibaba — Apple + Alibaba');
    expect(r.stdout).toMatch(/Uncertain inputs \(\d+\)/);
    expect(r.stdout).toMatch(/events\[0\]\.reviewMonths\s+triangular\(min 1, mode 3, max 8; mean 4\)/);
  });

  it.concurrent('run: a table per market, key events, --csv and --json', async () => {
    const csv = file('run.csv'), json = file('run.json');
    const r = await inProcess(['run', 'apple-alibaba', '--runs', '100', '--horizon', '6', '--seed', '7', '--csv', csv, '--json', json]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('\r'); // no progress bar: stderr is not a terminal
    expect(r.stdout).toContain('100 runs, seed 7, 6 months (2025-01 → 2025-07)');
    expect(r.stdout).toContain('Smartphones (China) — sales share');
    expect(r.stdout).toContain('AI assistants (China consumers) — usage share');
    expect(r.stdout).toMatch(/Agent\s+Now 2025-01\s+Median 2025-07 ± se\s+P5 – P95\s+P\(#1\) ± se/);
    expect(r.stdout).toMatch(/\n\s+Apple\s+\d+\.\d%\s+\d+\.\d+% ± \d\.\d+\s+\d+\.\d% – \d+\.\d%\s+\d+\.\d%/);
    expect(r.stdout).toMatch(/Partnerships \(share of runs, by 2025-07\)/);
    expect(r.stdout).toMatch(/apple\+alibaba \(Apple \+ Alibaba\)\s+\d+\.\d% ± \d\.\d\s+0\.0%\s+\d+\.\d% ± \d\.\d\s+month \d+\.\d+ ± \d\.\d+/); // never rejected in this scenario
    expect(r.stdout).toMatch(/Outages/);
    const lines = readFileSync(csv, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('scenario,market,metric,agent,step,date,mean,sd,se,p5,p25,p50,p75,p95,unit');
    expect(lines[1]).toMatch(/^apple-alibaba,phones,share,apple,0,2025-01,/);
    const result = JSON.parse(readFileSync(json, 'utf8'));
    expect(result.scenario).toBe('apple-alibaba');
    expect(result.runs).toBe(100);
    expect(result.seed).toBe(7);
    expect(result.dates).toHaveLength(7);
  });

  it.concurrent('run --metrics: only those metrics and share in the CSV', async () => {
    const csv = file('metrics.csv');
    const r = await inProcess(['run', 'apple-alibaba', '--runs', '100', '--horizon', '3', '--metrics', 'users, sales', '--csv', csv, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const metrics = new Set(readFileSync(csv, 'utf8').trimEnd().split('\n').slice(1).map((line) => line.split(',')[2]));
    expect([...metrics].sort()).toEqual(['sales', 'share', 'users']);
  });

  it.concurrent('run with nothing written summarises share alone, and prints the same tables and report as with every metric', async () => {
    const all = 'aiCapability,sales,installedBase,installedBaseShare,users,ownUsers,servedUsers,load,outages';
    const [lean, full] = await Promise.all([
      inProcess(['run', 'apple-alibaba', '--runs', '120', '--horizon', '8', '--quiet', '--report', file('lean.html')]),
      inProcess(['run', 'apple-alibaba', '--runs', '120', '--horizon', '8', '--quiet', '--report', file('full.html'), '--metrics', all]),
    ]);
    expect(lean.code, lean.stderr).toBe(0);
    expect(full.code, full.stderr).toBe(0);
    // Only the elapsed time may differ.
    expect(strip(lean.stdout)).toBe(strip(full.stdout));
    expect(body('lean.html')).toBe(body('full.html'));
    // With a file to write, every metric is summarised.
    const json = file('default-metrics.json');
    const r = await inProcess(['run', 'apple-alibaba', '--runs', '100', '--horizon', '3', '--quiet', '--json', json]);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(json, 'utf8')).toContain('"installedBase"');
  });

  it.concurrent('compare with nothing written summarises share alone, and prints the same tables and report as with every metric; --metrics picks them', async () => {
    const all = 'aiCapability,sales,installedBase,installedBaseShare,users,ownUsers,servedUsers,load,outages';
    const args = ['compare', 'baseline', 'apple-alibaba', '--runs', '120', '--horizon', '6', '--quiet'];
    const [lean, full] = await Promise.all([
      inProcess([...args, '--report', file('compare-lean.html')]),
      inProcess([...args, '--report', file('compare-full.html'), '--metrics', all]),
    ]);
    expect(lean.code, lean.stderr).toBe(0);
    expect(strip(lean.stdout)).toBe(strip(full.stdout));
    expect(body('compare-lean.html')).toBe(body('compare-full.html'));
    const csv = file('compare-metrics.csv');
    const r = await inProcess([...args, '--metrics', 'users', '--csv', csv]);
    expect(r.code, r.stderr).toBe(0);
    const metrics = new Set(readFileSync(csv, 'utf8').trimEnd().split('\n').slice(1).map((line) => line.split(',')[3]));
    expect([...metrics].sort()).toEqual(['share', 'users']);
    // Only --json (and --out) need a's and b's quantiles; without them no histograms are kept: the same tables, report and differences.
    const [bare, withJson] = await Promise.all([
      inProcess([...args, '--report', file('compare-bare.html'), '--csv', file('compare-bare.csv')]),
      inProcess([...args, '--report', file('compare-json.html'), '--csv', file('compare-json.csv'), '--json', file('compare.json')]),
    ]);
    expect(bare.code, bare.stderr).toBe(0);
    expect(strip(bare.stdout)).toBe(strip(withJson.stdout));
    expect(body('compare-bare.html')).toBe(body('compare-json.html'));
    expect(readFileSync(file('compare-bare.csv'), 'utf8')).toBe(readFileSync(file('compare-json.csv'), 'utf8'));
    const sides = JSON.parse(readFileSync(file('compare.json'), 'utf8')) as { a: { rows: Array<Record<string, unknown>> } };
    expect(JSON.stringify(sides.a)).toContain('"p50"');
  });

  it.concurrent('compare: b − a per market with 95% CI and P(b > a), --csv', async () => {
    const csv = file('compare.csv');
    const r = await inProcess(['compare', 'baseline', 'apple-alibaba', '--runs', '100', '--horizon', '8', '--csv', csv, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('a: baseline');
    expect(r.stdout).toContain('b: apple-alibaba');
    expect(r.stdout).toContain('Smartphones (China) — sales share at 2025-09, b − a');
    expect(r.stdout).toMatch(/Agent\s+Mean a\s+Mean b\s+b − a\s+95% CI \(pp\)\s+P\(b > a\)/);
    expect(r.stdout).toMatch(/\n\s+Apple\s+\d+\.\d%\s+\d+\.\d%\s+[+-]\d+\.\d\d pp\s+\[[+-]\d+\.\d\d, [+-]\d+\.\d\d\]\s+\d+\.\d%/);
    expect(r.stdout).toMatch(/apple\+alibaba approved\s+\d+\.\d%\s+\d+\.\d%\s+[+-]\d+\.\d\d pp/);
    expect(readFileSync(csv, 'utf8').split('\n')[0]).toBe('a,b,market,metric,agent,step,date,mean_diff,sd,se,ci_low,ci_high,p_b_gt_a,p_b_lt_a,unit');
  });

  const badInputs: Array<[string, string[], RegExp]> = [
    ['unknown command', ['frobnicate'], /Unknown command "frobnicate"/],
    ['unknown scenario (lists the known ones)', ['run', 'no-such-scenario'], /^(?=.*no-such-scenario)(?=.*baseline)(?=.*apple-alibaba)/],
    ['missing file', ['run', join(tmp, 'missing.json')], /missing\.json/],
    ['malformed JSON file', ['run', malformed], /^(?=.*malformed JSON)(?=.*malformed\.json)/i],
    ['schema error (path in the message)', ['run', schemaError], /^(?=.*schema-error\.json)(?=.*horizon)(?=.*-3)/],
    ['--runs -5', ['run', 'baseline', '--runs', '-5'], /--runs.*"-5"/],
    ['--runs abc', ['run', 'baseline', '--runs', 'abc'], /--runs.*"abc"/],
    ['--runs 1.5', ['run', 'baseline', '--runs', '1.5'], /--runs.*"1\.5"/],
    ['--seed without a value', ['run', 'baseline', '--seed'], /--seed/],
    ['unknown flag', ['run', 'baseline', '--frobnicate'], /Unknown option --frobnicate/],
  ];
  for (const [name, args, pattern] of badInputs) {
    it.concurrent(`bad input → exit 2, one line: ${name}`, async () => {
      expectBadInput(await inProcess(args), pattern);
    });
  }
});

describe('rivalsim main (in process)', () => {
  const more: Array<[string, string[], RegExp]> = [
    ['no command', [], /Missing command/],
    ['unknown scenario in describe', ['describe', 'nope'], /^(?=.*nope)(?=.*baseline)(?=.*apple-alibaba)/],
    ['unknown scenario in compare', ['compare', 'baseline', 'nope'], /^(?=.*nope)(?=.*baseline)(?=.*apple-alibaba)/],
    ['--horizon 0', ['run', 'baseline', '--horizon', '0'], /--horizon.*"0"/],
    ['--horizon x', ['run', 'baseline', '--horizon', 'x'], /--horizon/],
    ['--workers 0', ['run', 'baseline', '--workers', '0'], /--workers.*"0"/],
    ['--workers 2.5', ['compare', 'baseline', 'apple-alibaba', '--workers', '2.5'], /--workers.*"2\.5"/],
    ['--seed 1.5', ['run', 'baseline', '--seed', '1.5'], /--seed.*"1\.5"/],
    ['--seed followed by a flag', ['run', 'baseline', '--seed', '--quiet'], /--seed/],
    ['--runs without a value', ['run', 'baseline', '--runs'], /--runs/],
    ['--runs=', ['run', 'baseline', '--runs='], /--runs/],
    ['--quiet=1', ['run', 'baseline', '--quiet=1'], /--quiet takes no value/],
    ['--csv in a missing folder', ['run', 'baseline', '--csv', join(tmp, 'no/such/dir/x.csv')], /--csv/],
    ['--json is a folder', ['run', 'baseline', '--json', tmp], /--json/],
    ['same file for --csv and --json', ['run', 'baseline', '--csv', join(tmp, 'same'), '--json', join(tmp, 'same')], /--json/],
    ['missing <scenario>', ['run'], /Missing <scenario>/],
    ['missing <b>', ['compare', 'baseline'], /Missing <b>/],
    ['extra argument', ['run', 'baseline', 'apple-alibaba'], /Unexpected argument "apple-alibaba"/],
    ['options of list', ['list', '--runs', '5'], /Unknown option --runs for "list"/],
    ['schema error in describe', ['describe', schemaError], /horizon/],
    ['different horizons in compare', ['compare', 'baseline', shortFile, '--runs', '10'], /--horizon/],
    ['an unknown metric in --metrics', ['run', 'baseline', '--runs', '10', '--metrics', 'users,sale'], /metrics\[1\].*sale|sale.*metrics\[1\]/],
    ['an unknown metric in compare --metrics', ['compare', 'baseline', 'apple-alibaba', '--runs', '10', '--metrics', 'user'], /metrics\[0\].*user|user.*metrics\[0\]/],
    ['an expression out of range in a run', ['run', outOfRange, '--runs', '10', '--horizon', '3'], /Run \d+ \(seed 42\) of .*out-of-range\.json: Expression out of range: expected a probability.*→ at events\[0\]\.approvalProbability/],
  ];
  for (const [name, args, pattern] of more) {
    it(`bad input → exit 2, one line: ${name}`, async () => {
      expectBadInput(await inProcess(args), pattern);
    });
  }

  it('--workers auto, the default: one worker thread per 25,000 runs, at least one, at most the machine\'s cores', async () => {
    const cores = availableParallelism();
    expect(studyOptions({}).workers).toBe(1); // 10,000 runs: in process
    expect(studyOptions({ runs: String(2 * AUTO_RUNS_PER_WORKER - 1) }).workers).toBe(1);
    expect(studyOptions({ runs: String(2 * AUTO_RUNS_PER_WORKER) }).workers).toBe(Math.min(2, cores));
    expect(studyOptions({ runs: '1000000', workers: 'auto' }).workers).toBe(Math.min(40, cores));
    expect(studyOptions({ runs: '1000000', workers: '1' }).workers).toBe(1);
    expect(autoWorkers(1)).toBe(1);
    expect(() => studyOptions({ workers: 'many' })).toThrow(/Invalid --workers: expected an integer in 1…1024, or auto, but received "many"/);
    const r = await inProcess(['run', 'baseline', '--runs', '20', '--horizon', '3', '--workers', 'auto']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toContain('worker threads');
  });

  it('rivalsim explore: bad flags are bad input', async () => {
    for (const [args, pattern] of [
      [['explore', '--port', 'x'], /Invalid --port: expected an integer ≥ 0 \(at most 65535\)/],
      [['explore', '--port', '70000'], /Invalid --port/],
      [['explore', 'baseline'], /Unexpected argument "baseline"/],
      [['explore', '--open'], /Unknown option --open for "explore"/],
    ] as const) {
      const r = await inProcess([...args]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(pattern);
    }
  });

  it('compare runs over a common --horizon when the scenarios differ', async () => {
    const r = await inProcess(['compare', 'baseline', shortFile, '--runs', '20', '--horizon', '4', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('b: short');
    expect(r.stdout).toMatch(/Apple\s+\S+\s+\S+\s+\+0\.00 pp\s+\[\+0\.00, \+0\.00\]\s+0\.0%/); // same world on common random numbers
  });

  it('draws a progress bar on stderr only when it is a terminal, and not with --quiet', async () => {
    const args = ['run', 'baseline', '--runs', '300', '--horizon', '3'];
    const tty = await inProcess(args, { tty: true });
    expect(tty.code).toBe(0);
    expect(tty.stderr).toMatch(/\r\x1b\[2Kbaseline \[#+·*\]\s+\d+%\s+\d+\/300 runs/);
    expect(tty.stderr.endsWith('\r\x1b[2K')).toBe(true); // erased when done
    expect((await inProcess([...args, '--quiet'], { tty: true })).stderr).toBe('');
    expect((await inProcess(args, { tty: false })).stderr).toBe('');
  });

  it('an internal fault exits 1 with a short message; the stack only with RIVALSIM_DEBUG', async () => {
    const plain = await inProcess(['list'], { stdoutThrows: true });
    expect(plain.code).toBe(1);
    expect(plain.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(plain.stderr).toMatch(/^rivalsim: Internal error: Error: boom/);
    expect(plain.stderr).not.toMatch(/^\s*at /m);
    const debug = await inProcess(['list'], { stdoutThrows: true, env: { RIVALSIM_DEBUG: '1' } });
    expect(debug.code).toBe(1);
    expect(debug.stderr).toMatch(/^\s+at /m);
  });
});

describe('packaging of the command line', () => {
  it('is Node-only and kept out of the portable library entry', () => {
    const index = readFileSync(join(root, 'src/index.ts'), 'utf8');
    expect(index).not.toMatch(/from '\.\/node\//);
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    expect(pkg.bin).toEqual({ rivalsim: './dist/cli.js' });
  });
});
