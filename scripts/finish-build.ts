/**
 * Completes dist/ after tsup (`npm run build`): the CJS declarations (the
 * ESM ones: the library's declarations import nothing, so one text serves
 * both formats), the declarations of the Web Worker script and the
 * explorer's page (`rivalsim explore`).
 */
import { copyFileSync, existsSync, writeFileSync } from 'node:fs';
import { THIRD_PARTY_FILE } from './third-party.js';

const WORKER_TYPES = `/**
 * rivalsim's Web Worker script (\`rivalsim/web-worker\`): an ES module with
 * every dependency inlined, to be started by \`simulateInWebWorkers\` and
 * \`compareInWebWorkers\`, not imported. Give its URL as \`workerUrl\`, e.g.
 * \`new URL('rivalsim/web-worker', import.meta.url)\` with a bundler that
 * resolves it, or the URL at which your server serves
 * \`node_modules/rivalsim/dist/browser/web-worker.js\`.
 *
 * @example
 * import { scenarios, simulateInWebWorkers } from 'rivalsim';
 * const workerUrl = new URL('rivalsim/web-worker', import.meta.url);
 * const result = await simulateInWebWorkers(scenarios.baseline, { runs: 10_000, seed: 42, workers: 4, workerUrl });
 */
export {};
`;

copyFileSync('dist/index.d.ts', 'dist/index.d.cts');
copyFileSync('src/explorer/index.html', 'dist/explorer/index.html');
writeFileSync('dist/browser/web-worker.d.ts', WORKER_TYPES);
if (!existsSync(THIRD_PARTY_FILE)) throw new Error(`${THIRD_PARTY_FILE} was not written by the build`);
