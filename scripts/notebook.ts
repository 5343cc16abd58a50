/**
 * Executes examples/notebook.ipynb headless on Deno's Jupyter kernel
 * (`jupyter nbconvert --execute`), with a kernelspec of its own pointing at
 * the project's deno (a devDependency) in a temporary JUPYTER_PATH, so
 * nothing is installed in the user's Jupyter. `npm run notebook` rewrites
 * the committed notebook with its outputs; test/notebook.test.ts executes
 * it into a temporary file and compares.
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The project's deno binary (npm installs it from the deno package). */
export const DENO = join(root, 'node_modules', '.bin', 'deno');
/** The example notebook. */
export const NOTEBOOK = join(root, 'examples', 'notebook.ipynb');

function run(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; log: string }> {
  return new Promise((done) => {
    execFile(file, args, { cwd: root, env, encoding: 'utf8', timeout: 600_000, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      done({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, log: `${stdout}${stderr}` });
    });
  });
}

/**
 * Why the notebook cannot be executed here (no jupyter-nbconvert, no deno),
 * or undefined if it can.
 */
export function notebookToolsMissing(): string | undefined {
  const works = (file: string, args: string[]) => spawnSync(file, args, { stdio: 'ignore', timeout: 60_000 }).status === 0;
  if (!works('jupyter', ['nbconvert', '--version'])) return 'jupyter nbconvert is not installed (Debian: apt-get install jupyter-nbconvert python3-ipykernel)';
  if (!works(DENO, ['--version'])) return 'no working deno in node_modules/.bin (npm ci installs it)';
  return undefined;
}

/**
 * Executes `input` on Deno's kernel and writes the notebook with its outputs
 * to `output`; resolves to nbconvert's exit code and log.
 */
export async function executeNotebook(input: string, output: string): Promise<{ code: number; log: string }> {
  const jupyter = mkdtempSync(join(tmpdir(), 'rivalsim-jupyter-'));
  try {
    mkdirSync(join(jupyter, 'kernels', 'deno'), { recursive: true });
    writeFileSync(join(jupyter, 'kernels', 'deno', 'kernel.json'), JSON.stringify({
      argv: [DENO, 'jupyter', '--kernel', '--conn', '{connection_file}'], display_name: 'Deno', language: 'typescript',
    }));
    const env = { ...process.env, JUPYTER_PATH: jupyter, JUPYTER_RUNTIME_DIR: join(jupyter, 'runtime'), NO_COLOR: '1' };
    return await run('jupyter', ['nbconvert', '--to', 'notebook', '--execute', '--ExecutePreprocessor.kernel_name=deno',
      '--ExecutePreprocessor.timeout=300', '--ExecutePreprocessor.record_timing=False',
      '--output-dir', dirname(output), '--output', basename(output), input], env);
  } finally {
    rmSync(jupyter, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const missing = notebookToolsMissing();
  if (missing) throw new Error(`Cannot execute the notebook: ${missing}`);
  const { code, log } = await executeNotebook(NOTEBOOK, NOTEBOOK);
  process.stdout.write(log);
  process.exitCode = code;
}
