/**
 * Executes examples/notebook.ipynb headless on Deno's Jupyter kernel with
 * scripts/execute_notebook.py (Jupyter's own client library, as nbconvert
 * uses, but keeping outputs that Deno's kernel sends after a cell's idle
 * status, which nbconvert drops), with a kernelspec of its own pointing at
 * the project's deno (a devDependency) in a temporary JUPYTER_PATH, so
 * nothing is installed in the user's Jupyter. `npm run notebook` rewrites
 * the committed notebook with its outputs; test/package/notebook.test.ts executes
 * it into a temporary file and compares.
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The project's deno binary (npm installs it from the deno package). */
export const DENO = join(root, 'node_modules', '.bin', 'deno');
/** The example notebook. */
export const NOTEBOOK = join(root, 'examples', 'notebook.ipynb');
const EXECUTE = join(root, 'scripts', 'execute_notebook.py');

/**
 * A Python that has Jupyter's client and nbformat: the one the `jupyter`
 * command runs on (Debian's, where `python3` on the PATH may be another,
 * e.g. pyenv's), else `python3`.
 */
function jupyterPython(): string | undefined {
  const which = spawnSync('sh', ['-c', 'command -v jupyter'], { encoding: 'utf8' }).stdout.trim();
  const shebang = which ? /^#!\s*(\S+)/.exec(readFileSync(which, 'utf8').split('\n')[0])?.[1] : undefined;
  for (const python of [shebang, 'python3'].filter((p): p is string => p !== undefined)) {
    if (spawnSync(python, ['-c', 'import jupyter_client, nbformat'], { stdio: 'ignore', timeout: 60_000 }).status === 0) return python;
  }
  return undefined;
}

/**
 * Why the notebook cannot be executed here (no Jupyter client, no deno),
 * or undefined if it can.
 */
export function notebookToolsMissing(): string | undefined {
  if (!jupyterPython()) return 'no Python with jupyter_client and nbformat (Debian: apt-get install jupyter-nbconvert python3-ipykernel)';
  if (spawnSync(DENO, ['--version'], { stdio: 'ignore', timeout: 60_000 }).status !== 0) return 'no working deno in node_modules/.bin (npm ci installs it)';
  return undefined;
}

/**
 * Executes `input` on Deno's kernel and writes the notebook with its outputs
 * to `output`; resolves to the exit code (1 if a cell raised) and the log.
 */
export async function executeNotebook(input: string, output: string): Promise<{ code: number; log: string }> {
  const python = jupyterPython();
  if (!python) throw new Error(notebookToolsMissing());
  const jupyter = mkdtempSync(join(tmpdir(), 'rivalsim-jupyter-'));
  try {
    mkdirSync(join(jupyter, 'kernels', 'deno'), { recursive: true });
    writeFileSync(join(jupyter, 'kernels', 'deno', 'kernel.json'), JSON.stringify({
      argv: [DENO, 'jupyter', '--kernel', '--conn', '{connection_file}'], display_name: 'Deno', language: 'typescript',
    }));
    const env = { ...process.env, JUPYTER_PATH: jupyter, JUPYTER_RUNTIME_DIR: join(jupyter, 'runtime'), NO_COLOR: '1' };
    return await new Promise((done) => {
      execFile(python, [EXECUTE, input, output, 'deno'], { cwd: root, env, encoding: 'utf8', timeout: 600_000, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
        done({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, log: `${stdout}${stderr}` });
      });
    });
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
