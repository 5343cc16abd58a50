/**
 * Node-only: the command line's `main(argv, io)` — dispatches a command
 * and turns every failure into an exit code and one line on stderr. The
 * `rivalsim` bin (`node/cli.ts`) is a thin wrapper around it; tests call it
 * in process.
 *
 * ```
 * rivalsim list
 * rivalsim describe <scenario>
 * rivalsim run <scenario|file.json> [--runs N] [--seed S] [--horizon MONTHS] [--workers W] [--csv FILE] [--json FILE] [--report FILE] [--quiet]
 * rivalsim run <scenario> --shard I/N --out part-I.json [same options]
 * rivalsim compare <a> <b> [same options]
 * rivalsim compare <a> <b> --shard I/N --out part-I.json [same options]
 * rivalsim merge part-*.json [--csv FILE] [--json FILE] [--quiet]
 * rivalsim calibrate <scenario|file> [--data obs.csv] [--from YYYY-MM] [--params a,b] [--method abc|mle] [--out posterior.json]
 * rivalsim backtest <scenario|file> [--data obs.csv] --origin YYYY-MM [--origin …] [--runs N] [--seed S] [--json] [--report FILE]
 * rivalsim discover <scenario> --when "share(phones, apple, 2027-12) >= 0.18" [--runs N] [--seed S] [--method prim|cart] [--json] [--report FILE]
 * rivalsim explore [--port N] [--no-open]
 * ```
 *
 * Exit codes: 0 on success, 2 on bad input (one line on stderr, no stack),
 * 1 on an internal fault (the stack only with `RIVALSIM_DEBUG` set).
 */
import { RivalsimError } from '../../errors.js';
import { loadLibrary, type CliContext, type CliIO } from './context.js';
import { describeCommand, listCommand } from './describe.js';
import { discoverCommand } from './discover.js';
import { exploreCommand } from './explore.js';
import { HELP, packageVersion } from './help.js';
import { backtestCommand, calibrateCommand } from './fit.js';
import { OutputError } from '../output.js';
import { terminalIO } from '../terminal.js';
import { CliError, oneLine } from './options.js';
import { compareCommand, mergeCommand, runCommand } from './study.js';

const COMMANDS = ['list', 'describe', 'run', 'compare', 'merge', 'calibrate', 'backtest', 'discover', 'explore', 'help'];

/** What each command runs (help is answered before the library loads). */
const COMMAND_RUNNERS: Readonly<Record<string, (args: string[], context: CliContext) => void | Promise<void>>> = {
  list: listCommand, describe: describeCommand, run: runCommand, compare: compareCommand, merge: mergeCommand,
  calibrate: calibrateCommand, backtest: backtestCommand, discover: discoverCommand, explore: exploreCommand,
};

const processIO = (): CliIO => ({ stdout: process.stdout, stderr: process.stderr, env: process.env });

/** Exit code and one-line message of an error: 2 for bad input, 1 for an internal fault. */
function classify(e: unknown): { code: 1 | 2; message: string } {
  if (e instanceof CliError || e instanceof RivalsimError || e instanceof OutputError) return { code: 2, message: oneLine(e.message) };
  // A run that failed on an invalid sampled input (e.g. an expression out of range) is bad input too.
  if (e instanceof Error && e.name === 'RunError' && e.cause instanceof RivalsimError) return { code: 2, message: oneLine(e.message) };
  const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return { code: 1, message: `Internal error: ${oneLine(message)}` };
}

/**
 * Runs the command line on `argv` (the arguments after the program name)
 * and resolves to the exit code: 0 on success, 2 on bad input (one line on
 * stderr), 1 on an internal fault (its stack on stderr only when
 * `RIVALSIM_DEBUG` is set). Never throws.
 *
 * @example
 * const code = await main(['run', 'apple-alibaba', '--runs', '1000', '--quiet']);
 * process.exitCode = code;
 */
export async function main(argv: string[], terminal: CliIO = processIO()): Promise<number> {
  // Everything printed goes through one escaping function (names and errors may hold control characters).
  const io = terminalIO(terminal);
  try {
    const [command, ...rest] = argv;
    if (command === undefined) throw new CliError(`Missing command: expected one of ${COMMANDS.join(', ')} (rivalsim --help for usage)`);
    if (command === '--version' || command === '-v' || command === 'version') {
      io.stdout.write(`${packageVersion()}\n`);
      return 0;
    }
    if (command === '--help' || command === '-h' || command === 'help' || (COMMANDS.includes(command) && (rest.includes('--help') || rest.includes('-h')))) {
      io.stdout.write(HELP);
      return 0;
    }
    const run = COMMAND_RUNNERS[command];
    if (!run) throw new CliError(`Unknown command ${JSON.stringify(command)}: expected one of ${COMMANDS.join(', ')} (rivalsim --help for usage)`);
    await run(rest, { io, lib: await loadLibrary() });
    return 0;
  } catch (e) {
    const { code, message } = classify(e);
    const debug = code === 1 && Boolean(io.env.RIVALSIM_DEBUG);
    io.stderr.write(`rivalsim: ${message}${code === 1 && !debug ? ' (set RIVALSIM_DEBUG=1 for the stack; please report it)' : ''}\n`);
    if (debug) io.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    return code;
  }
}
