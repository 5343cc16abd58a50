/**
 * Browsers: the Web Worker script of the simulation pool (`rivalsim/web-worker`).
 */
import { workerRunner, type WorkerMessage, type WorkerTask } from '../montecarlo/pool.js';

const scope = globalThis as unknown as {
  addEventListener(type: 'message', listener: (event: { data: WorkerTask }) => void): void;
  postMessage(message: WorkerMessage, transfer?: ArrayBuffer[]): void;
};
const run = workerRunner((url) => import(/* @vite-ignore */ url));
scope.addEventListener('message', (event) => { void run(event.data, (msg, transfer) => scope.postMessage(msg, transfer)); });
