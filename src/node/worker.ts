/**
 * Node-only: a worker thread of the simulation pool (see montecarlo/pool.ts).
 */
import { parentPort } from 'node:worker_threads';
import { workerRunner, type WorkerTask } from '../montecarlo/pool.js';

export type { WorkerTask } from '../montecarlo/pool.js';

const run = workerRunner((url) => import(url));
parentPort?.on('message', (task: WorkerTask) => { void run(task, (msg, transfer) => parentPort!.postMessage(msg, transfer)); });
