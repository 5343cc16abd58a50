/**
 * The command line's edges: outputs written whole and never over an input
 * or a device, folders checked before the run, text escaped before it
 * reaches the terminal, UTF-16, binary and oversized inputs named, studies
 * too large refused at once — all as one line and exit 2.
 */
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expectBadInput, inProcess } from '../cli-helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'rivalsim-edges-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const file = (name: string, text: string | Buffer) => { const p = join(tmp, name); writeFileSync(p, text); return p; };
const doc = (extra: Record<string, unknown> = {}) => JSON.stringify({ id: 'edge', extends: 'baseline', horizon: 3, ...extra });
const quick = ['--runs', '20', '--horizon', '3', '--quiet'];

describe('outputs', () => {
  it('refuses an output that is one of the inputs, leaving it as it was', async () => {
    const input = file('in.json', doc());
    const before = readFileSync(input, 'utf8');
    expectBadInput(await inProcess(['run', input, ...quick, '--csv', input]), /Invalid --csv: .*in\.json is one of the inputs/);
    // The same file through a symbolic link.
    const link = join(tmp, 'in-link.json');
    symlinkSync(input, link);
    expectBadInput(await inProcess(['run', input, ...quick, '--json', link]), /Invalid --json: .*is one of the inputs/);
    expect(readFileSync(input, 'utf8')).toBe(before);
  });

  it('refuses a shard file as the merged output', async () => {
    const part = join(tmp, 'part.json');
    const r = await inProcess(['run', 'baseline', '--runs', '256', '--horizon', '2', '--shard', '0/1', '--out', part]);
    expect(r.code, r.stderr).toBe(0);
    expectBadInput(await inProcess(['merge', part, '--csv', part]), /Invalid --csv: .*is one of the inputs/);
  });

  it('refuses a character device and other non-regular targets', async () => {
    expectBadInput(await inProcess(['run', 'baseline', ...quick, '--csv', '/dev/null']), /Invalid --csv: \/dev\/null is not a regular file/);
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
    const dangling = join(tmp, 'dangling.csv');
    symlinkSync(join(tmp, 'nowhere', 'x.csv'), dangling);
    expectBadInput(await inProcess(['run', 'baseline', ...quick, '--csv', dangling]), /symbolic link to nothing/);
  });

  it('writes through a symbolic link to a regular file: the link stays a link', async () => {
    const real = file('real.csv', 'old');
    const link = join(tmp, 'link.csv');
    symlinkSync(real, link);
    const r = await inProcess(['run', 'baseline', ...quick, '--csv', link]);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(real, 'utf8')).toMatch(/^scenario,market,/);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readdirSync(tmp).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('checks that the folder is writable before the run (a system folder no one writes to)', async () => {
    if (!existsSync('/sys/kernel')) return; // Linux only
    const r = await inProcess(['run', 'baseline', '--runs', '1000000', '--horizon', '36', '--csv', '/sys/rivalsim.csv']);
    expectBadInput(r, /Invalid --csv: cannot write to the folder of \/sys\/rivalsim\.csv \(permission denied\)/);
  });

  it('checks that the folder is writable before the run (a folder without write permission)', async () => {
    if (process.getuid?.() === 0) return; // root writes anywhere (the case above covers it)
    const locked = join(tmp, 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o500);
    try {
      const r = await inProcess(['run', 'baseline', '--runs', '1000000', '--horizon', '36', '--csv', join(locked, 'x.csv')]);
      expectBadInput(r, /Invalid --csv: cannot write to the folder of .*permission denied/);
    } finally {
      chmodSync(locked, 0o700);
    }
  });

  it('replaces the target whole and leaves no temporary or probe file', async () => {
    const target = file('keep.json', 'previous');
    const r = await inProcess(['run', 'baseline', ...quick, '--json', target], { stdoutThrows: false });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(target, 'utf8'))).toBeTypeOf('object');
    expect(readdirSync(tmp).filter((f) => f.includes('.tmp') || f.includes('.probe'))).toEqual([]);
  });
});

describe('text that reaches a terminal', () => {
  it('escapes control characters in error messages (keys, values, paths)', async () => {
    const evil = file('evil.json', JSON.stringify({ id: 'edge', extends: 'baseline', 'x\u001b]0;owned\u0007\u0000': 1 }));
    const r = await inProcess(['run', evil, ...quick]);
    expectBadInput(r, /Unknown key/);
    expect(r.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
    expect(r.stderr).toMatch(/\\u001b|\\x1b/);
    // Malformed JSON: the parser quotes the raw text around the fault.
    const raw = file('raw.json', '{"id": x\u001b]0;owned\u0007 \u001b[2J }');
    const m = await inProcess(['run', raw, ...quick]);
    expectBadInput(m, /raw\.json: malformed JSON/);
    expect(m.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
    expect(m.stderr).toContain('\\x1b');
  });

  it('refuses names and descriptions that would recolour the terminal or forge lines', async () => {
    expectBadInput(await inProcess(['describe', file('name.json', doc({ name: 'ok\u001b[31mred' }))]), /Control character in a name.*→ at name/);
    expectBadInput(await inProcess(['run', file('agent.json', doc({ landscape: { agents: { apple: { name: 'Apple\nrivalsim: done' } } } })), ...quick]),
      /Control character in a name.*→ at landscape\.agents\.apple\.name/);
  });

  it('prints nothing raw from a shard file or a scenario: every write is escaped', async () => {
    const r = await inProcess(['describe', file('fine.json', doc({ description: 'two\nlines' }))]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
  });

  it('names UTF-16 and binary files instead of quoting them', async () => {
    const utf16 = file('utf16.json', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(doc(), 'utf16le')]));
    expectBadInput(await inProcess(['run', utf16, ...quick]), /utf16\.json: scenario file is UTF-16 text: save it as UTF-8/);
    const noBom = file('utf16-nobom.json', Buffer.from(doc(), 'utf16le'));
    expectBadInput(await inProcess(['describe', noBom]), /scenario file is UTF-16 text/);
    const binary = file('binary.json', Buffer.from([0x7b, 0x00, 0x1b, 0x9b, 0xff, 0x00]));
    expectBadInput(await inProcess(['run', binary, ...quick]), /binary\.json: scenario file is binary, not text \(a NUL byte at offset 1\)/);
    const latin1 = file('latin1.json', Buffer.from('{"id":"caf\xe9"}', 'latin1'));
    expectBadInput(await inProcess(['run', latin1, ...quick]), /not UTF-8 text \(an invalid byte at offset 10\)/);
    const shard = file('binary-shard.json', Buffer.from([0x00, 0x01, 0x02]));
    expectBadInput(await inProcess(['merge', shard]), /binary-shard\.json: shard file is binary/);
  });
});

describe('limits', () => {
  it('refuses a scenario file above 16 MiB before reading it', async () => {
    const big = join(tmp, 'big.json');
    writeFileSync(big, '');
    truncateSync(big, 16 * 2 ** 20 + 1);
    expectBadInput(await inProcess(['run', big, ...quick]), /big\.json: scenario file too large: 16,777,217 bytes, at most 16,777,216/);
  });

  it('refuses a study whose summaries would not fit, before running it', async () => {
    const agents = Array.from({ length: 120 }, (_, i) => ({ id: `a${i}`, name: `A${i}`, roles: ['deviceMaker'], attributes: { brand: (i % 7) / 7 } }));
    const many = file('many.json', JSON.stringify({
      id: 'many', horizon: 36, landscape: { start: '2024-01', agents, markets: [{
        kind: 'devices', id: 'phones', name: 'Phones', weights: { brand: 1 }, unitsPerYear: 280, replacementCycleMonths: 40,
        participants: agents.map((a) => ({ agent: a.id, initialShare: 1 / 120 })),
      }] },
    }));
    // All metrics: 120 agents × (6 + 120 flows) × 37 months ≈ 560,000 cells, each with a histogram.
    expectBadInput(await inProcess(['run', many, '--runs', '10', '--csv', join(tmp, 'many.csv')]), /Study too large: .*555,000 summary cells.*largest market is phones: 120 agents × \d+ metrics × 37 months.*--metrics/);
    expect(existsSync(join(tmp, 'many.csv'))).toBe(false);
    // The share alone fits.
    const r = await inProcess(['run', many, '--runs', '10', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
  });

  it('refuses a market whose flows would not fit at its horizon', async () => {
    const agents = Array.from({ length: 200 }, (_, i) => ({ id: `a${i}`, name: `A${i}`, roles: ['deviceMaker'], attributes: { brand: 0.5 } }));
    const wide = file('wide.json', JSON.stringify({
      id: 'wide', horizon: 1200, landscape: { start: '2024-01', agents, markets: [{
        kind: 'devices', id: 'phones', name: 'Phones', weights: { brand: 1 }, unitsPerYear: 280, replacementCycleMonths: 40,
        participants: agents.map((a) => ({ agent: a.id, initialShare: 1 / 200 })),
      }] },
    }));
    expectBadInput(await inProcess(['describe', wide]), /Market too large for its horizon.*Use at most 144 participants at this horizon/);
  });
});
