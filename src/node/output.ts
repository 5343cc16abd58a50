/**
 * Node-only: the files a command writes (`--csv`, `--json`, `--report`,
 * `--out`, shard files), written whole or not at all: each to a temporary
 * file in the same folder, renamed into place when complete, the temporary
 * file removed on failure and on SIGINT or SIGTERM. Before a study runs,
 * {@link checkOutputs} refuses targets that are not regular files
 * (devices, pipes, sockets, folders, dangling links), targets that are
 * one of the command's inputs, and folders it cannot write to. A symbolic
 * link to a regular file is written through: the file it points to is
 * replaced, the link stays.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, constants, lstatSync, openSync, realpathSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

/** Bad output paths, reported on one line (the command line's exit code 2). */
export class OutputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutputError';
  }
}

/** The file a write to `file` replaces: `file`, or the regular file a symbolic link at `file` points to. */
export function outputTarget(file: string): string {
  const path = resolve(file);
  let link;
  try {
    link = lstatSync(path);
  } catch {
    return path; // a new file
  }
  if (link.isSymbolicLink()) {
    let target: string;
    try {
      target = realpathSync(path);
    } catch {
      throw new OutputError(`${file} is a symbolic link to nothing: remove it or name another file`);
    }
    return outputTarget(target);
  }
  if (link.isDirectory()) throw new OutputError(`${file} is a folder, expected a file name`);
  if (!link.isFile()) throw new OutputError(`${file} is not a regular file (a device, a pipe or a socket): name a regular file`);
  return path;
}

/** Identity of an existing file (device and inode), or undefined. */
function identity(path: string): string | undefined {
  try {
    const s = statSync(path);
    return `${s.dev}:${s.ino}`;
  } catch {
    return undefined;
  }
}

/**
 * Checks a command's outputs before it runs: each target a regular file
 * (or a new one, or a link to a regular file), none of them one of
 * `inputs` (the same file by path, link or hard link), and each folder
 * writable (a temporary file is created and removed there). Throws an
 * {@link OutputError} naming the flag.
 *
 * @example
 * checkOutputs([['csv', 'out/result.csv'], ['json', 'out/result.json']], ['study.json']);
 */
export function checkOutputs(outputs: ReadonlyArray<readonly [flag: string, file: string | undefined]>, inputs: readonly string[]): void {
  const inputIds = new Map<string, string>();
  for (const input of inputs) {
    const id = identity(input);
    if (id) inputIds.set(id, input);
  }
  for (const [flag, file] of outputs) {
    if (file === undefined) continue;
    let target: string;
    try {
      target = outputTarget(file);
    } catch (e) {
      throw new OutputError(`Invalid --${flag}: ${(e as Error).message}`);
    }
    const id = identity(target);
    const input = (id && inputIds.get(id)) ?? inputs.find((i) => resolve(i) === target);
    if (input !== undefined) throw new OutputError(`Invalid --${flag}: ${file} is one of the inputs (${input}); writing it would destroy it`);
    const folder = dirname(target);
    const probe = join(folder, `.${basename(target)}.${randomBytes(4).toString('hex')}.probe`);
    try {
      closeSync(openSync(probe, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY));
      unlinkSync(probe);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new OutputError(`Invalid --${flag}: cannot write to the folder of ${file} (${code === 'ENOENT' ? 'it does not exist' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EROFS' ? 'read-only file system' : code ?? String(e)})`);
    }
  }
}

/** Temporary files being written, removed if the process is interrupted. */
const pending = new Set<string>();

/** Removes the pending temporary files, then lets the signal end the process as it would have. */
function onSignal(signal: NodeJS.Signals): void {
  for (const temp of pending) rmSync(temp, { force: true });
  pending.clear();
  removeSignalHandlers();
  process.kill(process.pid, signal);
}
const handlers = { SIGINT: () => onSignal('SIGINT'), SIGTERM: () => onSignal('SIGTERM') };

function removeSignalHandlers(): void {
  process.off('SIGINT', handlers.SIGINT);
  process.off('SIGTERM', handlers.SIGTERM);
}

/** Registers a temporary file (and the signal handlers while any is pending). */
function track(temp: string): void {
  if (pending.size === 0) {
    process.on('SIGINT', handlers.SIGINT);
    process.on('SIGTERM', handlers.SIGTERM);
  }
  pending.add(temp);
}

function untrack(temp: string): void {
  pending.delete(temp);
  if (pending.size === 0) removeSignalHandlers();
}

/**
 * Writes `content` to `file` whole or not at all: to a temporary file in
 * the same folder (flushed to disk), then renamed over the target (the file
 * a symbolic link points to, which stays a link). On any failure — a full
 * disk, a signal — the temporary file is removed and the target is left as
 * it was.
 *
 * @example
 * await writeFileAtomically('result.csv', result.toCSV());
 */
export async function writeFileAtomically(file: string, content: string | Uint8Array): Promise<void> {
  const target = outputTarget(file);
  const temp = join(dirname(target), `.${basename(target)}.${randomBytes(4).toString('hex')}.tmp`);
  track(temp);
  try {
    const handle = await open(temp, 'wx');
    try {
      await handle.writeFile(content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, target);
  } catch (e) {
    await rm(temp, { force: true });
    throw e;
  } finally {
    untrack(temp);
  }
}
