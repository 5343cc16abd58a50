/**
 * simulateInWebWorkers with real Web Workers: Deno (a devDependency, the
 * notebook kernel) runs test/deno/web-workers.mjs against the built package
 * (`npm run build` first, as for test/package.test.ts). Skipped, visibly,
 * when no working deno binary was installed.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..');
const deno = join(root, 'node_modules', '.bin', 'deno');
const hasDeno = existsSync(deno) && existsSync(join(root, 'dist', 'web-worker.js'));

function run(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(deno, args, { cwd: root, timeout: 120_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`deno failed: ${error.message}\n${stderr.slice(-2000)}`)); else resolve(stdout);
    });
  });
}

describe('Web Workers (Deno)', () => {
  it.skipIf(!hasDeno)(`give the in-process result bit for bit${hasDeno ? '' : ' — skipped: no deno binary or no dist/web-worker.js'}`, async () => {
    const lines = (await run(['run', '--allow-read', '--allow-env', 'test/deno/web-workers.mjs'])).trim().split('\n');
    const cases = JSON.parse(lines[lines.length - 1]) as Array<{ same: boolean; events: boolean; runs: number }>;
    expect(cases).toEqual([{ same: true, events: true, runs: 773 }, { same: true, events: true, runs: 1024 }, { same: true, events: true, runs: 521 }]);
  }, 120_000);
});
