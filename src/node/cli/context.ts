/**
 * Node-only: what a command of the command line runs with — where it
 * writes ({@link CliIO}) and the library, loaded on first use so that
 * `--help` and bad flags answer at once. No module state: `main` loads the
 * library for the call that needs it (the module system caches the
 * imports) and hands it to the command.
 */
import { RivalsimError } from '../../errors.js';
import type { Plan } from '../../model/compile.js';
import type { ScenarioSpec } from '../../model/types.js';
import type { StudySettings } from '../../scenarios/document.js';
import type { formatDistribution } from '../../report/distribution.js';

/** Where the command line writes: stdout for results, stderr for progress, notes and errors. */
export interface CliIO {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown; isTTY?: boolean; columns?: number };
  env: Record<string, string | undefined>;
}

/**
 * The library, the scenario loader, shard files and the worker-thread
 * `simulate`, `compare` and `calibrate` (as `simulateOnWorkers`,
 * `compareOnWorkers`, `calibrateOnWorkers`).
 */
export type Library = typeof import('../../index.js') & typeof import('../load.js') & typeof import('../shards.js')
  & { simulateOnWorkers: typeof import('../pool.js').simulate; compareOnWorkers: typeof import('../pool.js').compare }
  & { calibrateOnWorkers: typeof import('../calibrate.js').calibrate; autoCalibrationWorkers: typeof import('../calibrate.js').autoCalibrationWorkers }
  & { formatDistribution: typeof formatDistribution };

/** A command's context: its output and the library. */
export interface CliContext {
  io: CliIO;
  lib: Library;
}

/**
 * Loads the library (imported lazily: `rivalsim --help` needs none of it).
 *
 * @example
 * const lib = await loadLibrary();
 * lib.scenarios.baseline.id; // => 'baseline'
 */
export async function loadLibrary(): Promise<Library> {
  const [index, load, shards, pool, distribution, fit] = await Promise.all([
    import('../../index.js'), import('../load.js'), import('../shards.js'), import('../pool.js'), import('../../report/distribution.js'), import('../calibrate.js'),
  ]);
  return {
    ...index, ...load, ...shards, simulateOnWorkers: pool.simulate, compareOnWorkers: pool.compare, formatDistribution: distribution.formatDistribution,
    calibrateOnWorkers: fit.calibrate, autoCalibrationWorkers: fit.autoCalibrationWorkers,
  };
}

/** The scenario each plan of the command line was loaded as (before `--horizon`), to locate run errors in its file. */
const loadedAs = new WeakMap<Plan, ScenarioSpec>();

/**
 * A failure of a study on `plans`: a run that failed on bad input (an
 * expression out of range in some run, …) becomes a one-line error naming
 * the run, the seed, the file and the path in the file; anything else is
 * returned as it is.
 *
 * @example
 * try { await lib.simulateOnWorkers(plan, options); } catch (e) { throw located(lib, [plan], e); }
 */
export function located(lib: Library, plans: readonly Plan[], e: unknown): unknown {
  if (!(e instanceof lib.RunError) || !(e.cause instanceof RivalsimError)) return e;
  for (const plan of plans) {
    const spec = loadedAs.get(plan);
    const inFile = spec && lib.locateInDocument(spec, e.cause);
    if (inFile) {
      inFile.message = `Run ${e.run} (seed ${JSON.stringify(e.seed)}) of ${inFile.message}`;
      return inFile;
    }
  }
  return new CliRunError(`Run ${e.run} (seed ${JSON.stringify(e.seed)}) failed: ${e.cause.message}`, e.cause);
}

/** A run's bad-input failure, as one line (exit 2). */
class CliRunError extends RivalsimError {
  constructor(message: string, cause: RivalsimError) {
    super('', cause.path, cause.received, cause.expected);
    this.message = message;
  }
}

/** Loads a bundled id or a JSON file, applies `--horizon`, validates and compiles it. */
export async function scenarioPlan(lib: Library, nameOrPath: string, horizon?: number): Promise<Plan> {
  return (await scenarioStudy(lib, nameOrPath, horizon)).plan;
}

/** {@link scenarioPlan} with the file's study settings (rank dates, named predicates), if any. */
export async function scenarioStudy(lib: Library, nameOrPath: string, horizon?: number): Promise<{ plan: Plan; study?: StudySettings }> {
  const loaded = await lib.loadScenarioFile(nameOrPath);
  const spec: ScenarioSpec = horizon === undefined ? loaded.scenario : { ...loaded.scenario, horizon };
  try {
    const plan = await lib.prepareScenario(spec);
    loadedAs.set(plan, loaded.scenario);
    return { plan, study: loaded.study };
  } catch (e) {
    // Name the file a validation error comes from (bundled ids need no prefix).
    if (e instanceof RivalsimError && !Object.hasOwn(lib.scenarios, nameOrPath) && !e.message.includes(nameOrPath)) {
      e.message = `${nameOrPath}: ${e.message}`;
    }
    throw e;
  }
}
