/**
 * src/web/worker-failure.ts: the cause a failed Web Worker is reported with
 * (test/package/browser.test.ts sees the same causes in Chromium).
 */
import { describe, expect, it } from 'vitest';
import { workerFailure, type FetchScript } from '../../src/web/worker-failure.js';

const url = 'https://example.org/app/web-worker.js';
function serving(status: number, type: string | null, body = ''): FetchScript {
  return async () => ({ ok: status >= 200 && status < 300, status, statusText: status === 404 ? 'Not Found' : '', headers: { get: () => type }, text: async () => body });
}

describe('workerFailure', () => {
  it('reports an error thrown in the worker with its place', async () => {
    const cause = new TypeError('x is not a function');
    const e = await workerFailure({ message: 'Uncaught TypeError: x is not a function', filename: url, lineno: 3, colno: 7, error: cause }, url, serving(200, 'text/javascript'));
    expect(e.message).toBe(`The Web Worker failed: Uncaught TypeError: x is not a function (at ${url}:3:7)`);
    expect(e.cause).toBe(cause);
  });

  it('names the HTTP status of a script that is not there', async () => {
    const e = await workerFailure({}, url, serving(404, 'text/html'));
    expect(e.message).toBe(`The Web Worker script ${url} could not start: fetching it answered HTTP 404 Not Found; serve rivalsim/web-worker (dist/browser/web-worker.js) at that URL`);
  });

  it('names a MIME type that is not JavaScript', async () => {
    expect((await workerFailure({}, url, serving(200, 'text/html; charset=utf-8', '<!doctype html>'))).message).toMatch(/served as text\/html, not JavaScript/);
    expect((await workerFailure({}, url, serving(200, 'application/javascript; charset=utf-8', 'self.onmessage = () => {};'))).message).toMatch(/failed to load as an ES module/);
  });

  it('names a bare import, as in the script of rivalsim 0.1.0 before its worker was self-contained', async () => {
    const script = 'import {\n  workerRunner\n} from "../chunk-YNLH4LQH.js";\nimport seedrandom from "seedrandom";\n';
    const e = await workerFailure({}, url, serving(200, 'text/javascript', script));
    expect(e.message).toMatch(/imports "seedrandom", a bare module specifier a browser cannot resolve; use the self-contained script rivalsim\/web-worker/);
    expect((await workerFailure({}, url, serving(200, 'text/javascript', 'import { a } from "../a.js"; import "https://example.org/b.js";'))).message).not.toMatch(/bare/);
  });

  it('says when the script cannot be fetched at all', async () => {
    const e = await workerFailure({}, url, async () => { throw new TypeError('Failed to fetch'); });
    expect(e.message).toBe(`The Web Worker script ${url} could not start: it could not be fetched (Failed to fetch)`);
  });
});
