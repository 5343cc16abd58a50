/**
 * The API reference (TypeDoc, typedoc.json; `npm run docs` writes
 * docs/api/): built here into a temporary folder on every test run, so a
 * doc comment that breaks it, or a `{@link}` to nothing, fails CI. It
 * documents the package's two entries, `rivalsim` and `rivalsim/node`.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { root } from '../built.js';

/**
 * Warnings tolerated for now: a public signature names a type that index.ts
 * does not export (TypeDoc then shows its name unlinked). Which of those to
 * export and which to mark `@internal` belongs to the reorganisation of
 * index.ts; every other warning (a broken link, a bad tag) fails.
 */
const UNEXPORTED = /is referenced by .* but not included in the documentation|links to ".*" which was resolved but is not included in the documentation/;

let out = '';
let log = '';
let code = 0;

describe('the API reference (TypeDoc)', () => {
  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), 'rivalsim-api-'));
    await new Promise<void>((resolve) => {
      execFile(join(root, 'node_modules', '.bin', 'typedoc'), ['--out', out, '--logLevel', 'Warn'], { cwd: root, encoding: 'utf8', timeout: 300_000, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } },
        (error, stdout, stderr) => { code = error ? 1 : 0; log = `${stdout}${stderr}`; resolve(); });
    });
  }, 300_000);
  afterAll(() => { if (out) rmSync(out, { recursive: true, force: true }); });

  it('builds, with no warning but the known unexported types', () => {
    expect(code, log).toBe(0);
    const warnings = log.split('\n').filter((l) => /\[warning\]|\[error\]/.test(l) && !/Found \d+ errors and \d+ warnings/.test(l));
    expect(warnings.filter((w) => !UNEXPORTED.test(w))).toEqual([]);
  });

  it('documents rivalsim and rivalsim/node, with their doc comments and examples', () => {
    for (const page of ['index.html', 'modules/rivalsim.html', 'modules/rivalsim_node.html', 'functions/rivalsim.simulate.html',
      'functions/rivalsim.simulateInWebWorkers.html', 'classes/rivalsim.SimulationResult.html', 'functions/rivalsim_node.loadScenario.html', 'functions/rivalsim_node.simulate.html']) {
      expect(existsSync(join(out, page)), page).toBe(true);
    }
    const simulate = readFileSync(join(out, 'functions/rivalsim.simulate.html'), 'utf8');
    expect(simulate).toContain('Example');
    expect(readFileSync(join(out, 'modules/rivalsim_node.html'), 'utf8')).toContain('worker threads');
  });
});
