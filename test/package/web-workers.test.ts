/**
 * simulateInWebWorkers with real Web Workers: Deno (a devDependency, the
 * notebook kernel) runs test/deno/web-workers.mjs against the built package
 * (`npm test` builds it first; a missing or stale dist/ fails here, as in
 * every test of the build). Skipped, visibly, only when npm installed no
 * deno binary. test/package/browser.test.ts runs the same in Chromium.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, root } from '../built.js';

const deno = join(root, 'node_modules', '.bin', 'deno');
const hasDeno = existsSync(deno);

function run(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(deno, args, { cwd: root, timeout: 120_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`deno failed: ${error.message}\n${stderr.slice(-2000)}`)); else resolve(stdout);
    });
  });
}

describe('Web Workers (Deno)', () => {
  beforeAll(assertBuilt);

  it.skipIf(!hasDeno)(`give the in-process result bit for bit${hasDeno ? '' : ' — skipped: no deno binary in node_modules/.bin (npm ci installs it)'}`, async () => {
    const lines = (await run(['run', '--allow-read', '--allow-env', 'test/deno/web-workers.mjs'])).trim().split('\n');
    const cases = JSON.parse(lines[lines.length - 1]) as Array<{ same: boolean; events: boolean; runs: number }>;
    expect(cases).toEqual([{ same: true, events: true, runs: 773 }, { same: true, events: true, runs: 1024 }, { same: true, events: true, runs: 521 }]);
  }, 120_000);
});
