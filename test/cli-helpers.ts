/**
 * Shared by the CLI tests: run the command line in process with captured
 * output (the fast tier), or the built bin as a process (the package tier,
 * test/package/bin.test.ts), and check bad-input answers.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { expect } from 'vitest';
import { main, type CliIO } from '../src/node/cli.js';

export const root = join(__dirname, '..');

/** What a CLI call gave. */
export interface Outcome { code: number | null; stdout: string; stderr: string }

/**
 * Runs the built bin (`node dist/cli.js …args`, as `npx rivalsim` does) as a
 * process in `cwd`; only the package tier does (it builds dist/ first).
 *
 * @example
 * await builtBin(['--version']); // => { code: 0, stdout: '0.1.0\n', stderr: '' }
 */
export function builtBin(args: string[], cwd = root): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'dist/cli.js'), ...args], {
      cwd, env: { ...process.env, RIVALSIM_DEBUG: '' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '', stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Runs `main` in process with captured output. */
export async function inProcess(args: string[], options: { tty?: boolean; env?: Record<string, string>; stdoutThrows?: boolean } = {}): Promise<Outcome> {
  let stdout = '', stderr = '';
  const io: CliIO = {
    stdout: { write: (s: string) => { if (options.stdoutThrows) throw new Error('boom'); stdout += s; return true; } },
    stderr: { write: (s: string) => { stderr += s; return true; }, isTTY: options.tty ?? false, columns: 100 },
    env: options.env ?? {},
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

/** Exit 2 with one plain line on stderr, no stack trace, nothing on stdout. */
export function expectBadInput(r: Outcome, pattern: RegExp): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^rivalsim: /);
  expect(r.stderr).not.toMatch(/^\s*at /m);
  expect(r.stderr).not.toMatch(/\.ts:\d+|node:internal/);
  expect(lines[0]).toMatch(pattern);
}
