/**
 * Node-only: text that reaches a terminal. Everything the command line
 * prints goes through {@link terminalText} (its IO is wrapped by
 * {@link terminalIO}), so that names, descriptions, ids and error
 * messages from a scenario or a shard file cannot recolour, retitle or
 * clear the terminal, move its cursor or forge lines: control characters
 * are shown escaped (`\x1b`, `\r`, `\u202e`…). Only the progress bar
 * writes control sequences, to the raw stream it is given.
 */
import { escapeControl } from '../errors.js';
import type { CliIO } from './cli/context.js';

/**
 * Text safe for a terminal: control characters escaped, line breaks kept
 * (each line is escaped on its own).
 *
 * @example
 * terminalText('Apple\u001b]0;pwned\u0007\nHuawei\n'); // => 'Apple\\x1b]0;pwned\\x07\nHuawei\n'
 */
export function terminalText(text: string): string {
  return String(text).split('\n').map(escapeControl).join('\n');
}

/** A writable stream of a {@link CliIO}, with the raw stream kept for the progress bar. */
type Writer = CliIO['stderr'] & { raw?: CliIO['stderr'] };

/**
 * The command line's IO with every write made terminal-safe by
 * {@link terminalText}; `stderr.raw` is the stream itself (for the progress
 * bar's own control sequences).
 *
 * @example
 * const io = terminalIO({ stdout: process.stdout, stderr: process.stderr, env: process.env });
 * io.stdout.write('name\u001b[2J\n'); // prints name\x1b[2J
 */
export function terminalIO(io: CliIO): CliIO {
  const wrap = (w: CliIO['stderr']): Writer => ({
    write: (text: string) => w.write(terminalText(text)),
    get isTTY() { return w.isTTY; },
    get columns() { return w.columns; },
    raw: w,
  });
  return { stdout: wrap(io.stdout), stderr: wrap(io.stderr), env: io.env };
}

/** The raw stream behind a {@link terminalIO} stream (itself otherwise). */
export function rawStream(w: CliIO['stderr']): CliIO['stderr'] {
  return (w as Writer).raw ?? w;
}
