/**
 * Node-only: `calibrate` with ABC-SMC's particles drawn on worker threads.
 * A generation's particles are independent — particle i of generation t is
 * a pure function of (problem, seed, t, i, the previous population, εₜ) —
 * so each batch is split over the workers, and the population, weights and
 * diagnostics (but the elapsed times) are bit-identical to one thread's
 * for any number of workers. The maximum a posteriori method runs in
 * process (its search is sequential).
 */
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { RivalsimError } from '../errors.js';
import type { DrawnParticle, ParticleDrawer, ProposalKernel } from '../fitting/abc.js';
import { calibrate as calibrateInProcess, type CalibrateOptions } from '../fitting/calibrate.js';
import type { ObservationRow } from '../fitting/observations.js';
import type { Posterior } from '../fitting/posterior.js';
import type { Seed } from '../random/source.js';
import { prepareScenario, type Plan } from '../model/compile.js';
import type { ScenarioSpec } from '../model/types.js';
import { findFunction } from '../montecarlo/pool.js';
import { startWorker, workerCount } from './pool.js';

/** What a calibration worker builds its fitting problem from (plain data). */
export interface FitSetup {
  scenario: ScenarioSpec;
  observations: ObservationRow[];
  fit: Pick<CalibrateOptions, 'parameters' | 'bias' | 'noisePrior' | 'outside'>;
  runsPerParticle: number;
  seed: Seed;
  maxAttempts: number;
}

/** A message to a calibration worker. */
export type FitTask =
  | { kind: 'setup'; id: number; setup: FitSetup }
  | { kind: 'draw'; id: number; t: number; indices: number[]; kernel: ProposalKernel | undefined; epsilon: number };

/** A task before its id is given. */
type Request = FitTask extends infer T ? (T extends unknown ? Omit<T, 'id'> : never) : never;

/** A calibration worker's answer. */
export type FitReply = { id: number; particles: DrawnParticle[]; error?: undefined } | { id: number; error: { message: string; name: string } };

/**
 * Options of the Node `calibrate`: the portable options plus worker threads.
 *
 * @example
 * const options: NodeCalibrateOptions = { parameters: ['aiWeightGrowth'], particles: 400, seed: 1, workers: 'auto' };
 */
export interface NodeCalibrateOptions extends Omit<CalibrateOptions, 'drawer'> {
  /** Worker threads drawing ABC particles (default 1: in process). `'auto'` uses the machine's parallelism. */
  workers?: number | 'auto';
}

/** One worker with its pending requests. */
class FitWorker {
  private readonly pending = new Map<number, { resolve: (p: DrawnParticle[]) => void; reject: (e: Error) => void }>();
  private next = 0;
  constructor(private readonly worker: Worker) {
    worker.on('message', (reply: FitReply) => {
      const waiting = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (!waiting) return;
      if (reply.error) waiting.reject(workerError(reply.error));
      else waiting.resolve(reply.particles);
    });
    worker.on('error', (e) => { for (const w of this.pending.values()) w.reject(e); this.pending.clear(); });
  }

  request(task: Request): Promise<DrawnParticle[]> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...task, id });
    });
  }

  terminate(): Promise<number> {
    return this.worker.terminate();
  }
}

/** A worker's error as the calling thread's: bad input stays a RivalsimError. */
function workerError(e: { message: string; name: string }): Error {
  const error = e.name === 'RivalsimError' ? new RivalsimError('x', '', '', '') : new Error();
  error.message = e.message;
  if (e.name !== 'RivalsimError') error.name = e.name;
  return error;
}

/** Splits a batch of particle indices over the workers, in order, and joins their answers in order. */
function poolDrawer(workers: FitWorker[]): ParticleDrawer {
  return async ({ t, indices, kernel, epsilon }) => {
    const per = Math.ceil(indices.length / workers.length);
    const parts = workers.map((_, k) => indices.slice(k * per, (k + 1) * per)).map((part, k) => (part.length ? workers[k].request({ kind: 'draw', t, indices: part, kernel, epsilon }) : Promise.resolve([])));
    const answers = await Promise.all(parts);
    const out: DrawnParticle[] = [];
    for (const answer of answers) {
      out.push(...answer);
      if (answer.some((p) => !p.theta)) break; // the generation ends at its first failed particle
    }
    return out;
  };
}

/**
 * Calibrates like the portable `calibrate`, ABC-SMC's particles drawn on
 * `workers` threads; the posterior is bit-identical to `workers: 1` (but
 * the elapsed times in its diagnostics). The scenario must be plain data
 * (declarative policies, expressions): it is sent to the workers.
 *
 * @example
 * import { calibrate } from 'rivalsim/node';
 * const posterior = await calibrate(scenario, history, { parameters: ['aiWeightGrowth'], particles: 400, seed: 1, workers: 'auto' });
 */
export async function calibrate(scenario: ScenarioSpec | Plan, observations: readonly ObservationRow[], options: NodeCalibrateOptions = {}): Promise<Posterior> {
  const { workers: requested, ...portable } = options;
  const workers = workerCount(requested);
  if (workers === 1 || portable.method === 'mle') return calibrateInProcess(scenario, observations, portable);
  const plan = await prepareScenario(scenario);
  const fn = findFunction(plan.spec, 'scenario');
  if (fn) throw new RivalsimError('Functions cannot cross to workers', fn, 'a function', 'plain data (declarative policies, expressions)', 'Calibrate scenarios that hold functions on one thread (workers: 1)');
  const setup: FitSetup = {
    scenario: plan.spec, observations: [...observations],
    fit: { parameters: portable.parameters, bias: portable.bias, noisePrior: portable.noisePrior, outside: portable.outside },
    runsPerParticle: portable.runsPerParticle ?? 1, seed: portable.seed ?? 0, maxAttempts: portable.maxAttempts ?? 400,
  };
  const pool = Array.from({ length: workers }, () => new FitWorker(startWorker('fit-worker')));
  try {
    await Promise.all(pool.map((w) => w.request({ kind: 'setup', setup })));
    // Larger batches keep every worker busy between progress reports.
    return await calibrateInProcess(plan, observations, { ...portable, batchSize: portable.batchSize ?? 16 * workers, drawer: poolDrawer(pool) });
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
}

/**
 * The worker threads `calibrate --workers auto` uses: the machine's
 * parallelism for a fit of at least 800 particle draws (particles ×
 * generations), else one (starting a thread and building the scenario in
 * it costs about a second).
 *
 * @example
 * autoCalibrationWorkers(200, 8); // => 2 on a 2-core machine
 * autoCalibrationWorkers(40, 3);  // => 1
 */
export function autoCalibrationWorkers(particles: number, generations: number): number {
  return particles * generations >= 800 ? availableParallelism() : 1;
}
