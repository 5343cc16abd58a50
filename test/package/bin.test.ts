/**
 * The built bin as a process (`node dist/cli.js`, what `npx rivalsim`
 * runs): its shebang, exit codes and streams. Every command's behaviour is
 * tested in process through `main(argv, io)` in test/node/cli.test.ts; this
 * checks that the program wraps it faithfully.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt } from '../built.js';
import { builtBin, expectBadInput, inProcess, root } from '../cli-helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'rivalsim-bin-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('the built bin (dist/cli.js)', () => {
  beforeAll(assertBuilt);

  it('is a Node program, and the library entry does not carry the command line', () => {
    expect(readFileSync(join(root, 'dist/cli.js'), 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(readFileSync(join(root, 'dist/index.js'), 'utf8')).not.toContain('parseArgs');
  });

  it('--help and --version exit 0 and print what main prints', async () => {
    const [help, version] = await Promise.all([builtBin(['--help'], tmp), builtBin(['--version'], tmp)]);
    expect(help.code, help.stderr).toBe(0);
    expect(help.stdout).toBe((await inProcess(['--help'])).stdout);
    expect(version.code, version.stderr).toBe(0);
    expect(version.stdout).toBe(`${JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version}\n`);
  });

  it('bad input exits 2 with one line on stderr; a study exits 0 with its tables on stdout', async () => {
    expectBadInput(await builtBin(['run', 'nope'], tmp), /baseline, apple-alibaba/);
    const r = await builtBin(['run', 'baseline', '--runs', '20', '--horizon', '3', '--seed', '1', '--quiet'], tmp);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('20 runs, seed 1, 3 months');
  });
});
