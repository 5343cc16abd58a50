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

/** Loads a bundled id or a JSON file, applies `--horizon`, validates and compiles it. */
export async function scenarioPlan(lib: Library, nameOrPath: string, horizon?: number): Promise<Plan> {
  return (await scenarioStudy(lib, nameOrPath, horizon)).plan;
}

/** {@link scenarioPlan} with the file's study settings (rank dates, named predicates), if any. */
export async function scenarioStudy(lib: Library, nameOrPath: string, horizon?: number): Promise<{ plan: Plan; study?: StudySettings }> {
  const loaded = await lib.loadScenarioFile(nameOrPath);
  let spec: ScenarioSpec = loaded.scenario;
  if (horizon !== undefined) spec = { ...spec, horizon };
  try {
    return { plan: await lib.prepareScenario(spec), study: loaded.study };
  } catch (e) {
    // Name the file a validation error comes from (bundled ids need no prefix).
    if (e instanceof RivalsimError && !Object.hasOwn(lib.scenarios, nameOrPath) && !e.message.includes(nameOrPath)) {
      e.message = `${nameOrPath}: ${e.message}`;
    }
    throw e;
  }
}
