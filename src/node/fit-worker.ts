/**
 * Node-only: a worker thread of the calibration pool (see node/calibrate.ts).
 * `setup` builds the fitting problem from plain data (the scenario, the
 * observations, the fit's settings) exactly as the calling thread did;
 * each `draw` then draws particles of an ABC-SMC generation with the same
 * function as the calling thread, so the population is bit-identical.
 */
import { parentPort } from 'node:worker_threads';
import { drawParticle } from '../fitting/abc.js';
import { fitProblem } from '../fitting/calibrate.js';
import { ParticleSimulator } from '../fitting/simulator.js';
import { prepareScenario } from '../model/compile.js';
import type { FitSetup, FitTask, FitReply } from './calibrate.js';

let ready: Promise<{ sim: ParticleSimulator; setup: FitSetup }> | undefined;

async function handle(task: FitTask): Promise<FitReply> {
  if (task.kind === 'setup') {
    ready = prepareScenario(task.setup.scenario).then((plan) => ({
      sim: new ParticleSimulator(fitProblem(plan, task.setup.observations, task.setup.fit), task.setup.runsPerParticle), setup: task.setup,
    }));
    await ready;
    return { id: task.id, particles: [] };
  }
  const { sim, setup } = await ready!;
  const particles = [];
  for (const i of task.indices) {
    const p = drawParticle(sim.problem, sim, setup, task.t, i, task.kernel, task.epsilon);
    particles.push(p);
    if (!p.theta) break;
  }
  return { id: task.id, particles };
}

parentPort?.on('message', (task: FitTask) => {
  handle(task).then(
    (reply) => parentPort!.postMessage(reply),
    (e: unknown) => parentPort!.postMessage({ id: task.id, error: { message: e instanceof Error ? e.message : String(e), name: e instanceof Error ? e.name : 'Error' } }),
  );
});
