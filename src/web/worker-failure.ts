/**
 * Why a Web Worker failed, in words a user can act on. A browser reports an
 * error thrown inside a worker as an `ErrorEvent` (message, file, line), but
 * a worker script that could not be fetched or started as a module (a 404,
 * an HTML page served in its place, an import the browser cannot resolve)
 * only as a bare `Event` with no message; the script's URL is then fetched
 * again to name the cause.
 */

/** What a worker's `error` event may carry (an `ErrorEvent`, or a bare `Event`). */
export interface WorkerErrorEvent {
  message?: string;
  filename?: string;
  lineno?: number;
  colno?: number;
  error?: unknown;
}

/** What the diagnosis reads of a fetched script. */
interface ScriptResponse {
  ok: boolean;
  status: number;
  statusText?: string;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}

/** Fetches a script (globalThis.fetch in browsers and Deno). */
export type FetchScript = (url: string) => Promise<ScriptResponse>;

const JAVASCRIPT = /^(text|application)\/(javascript|ecmascript|x-javascript)\b/i;
/** A static import or export-from of a bare specifier (not ./, ../, / or a URL). */
const BARE_IMPORT = /(?:^|[;\n}])\s*(?:import|export)\s*(?:[\w*{}\s,$]+from\s*)?["']((?![./]|[a-z][a-z0-9+.-]*:)[^"']+)["']/i;

/**
 * The cause of a worker's failure, as an Error whose message names it.
 *
 * @example
 * await workerFailure({ message: 'Uncaught TypeError: x is not a function', filename: 'https://example.org/web-worker.js', lineno: 3, colno: 7 }, 'https://example.org/web-worker.js');
 * // => Error: The Web Worker failed: Uncaught TypeError: x is not a function (at https://example.org/web-worker.js:3:7)
 */
export async function workerFailure(event: WorkerErrorEvent, url: string, fetchScript?: FetchScript): Promise<Error> {
  if (event.message) {
    const where = event.filename ? ` (at ${event.filename}${event.lineno ? `:${event.lineno}${event.colno ? `:${event.colno}` : ''}` : ''})` : '';
    return new Error(`The Web Worker failed: ${event.message}${where}`, { cause: event.error });
  }
  return new Error(`The Web Worker script ${url} could not start: ${await scriptProblem(url, fetchScript)}`);
}

/** What is wrong with the worker script at `url`, found by fetching it. */
async function scriptProblem(url: string, fetchScript: FetchScript | undefined): Promise<string> {
  const get = fetchScript ?? (globalThis as { fetch?: FetchScript }).fetch;
  if (!get) return 'the browser gave no reason (no fetch here to look at the script)';
  let response: ScriptResponse;
  try {
    response = await get(url);
  } catch (error) {
    return `it could not be fetched (${(error as Error).message ?? String(error)})`;
  }
  if (!response.ok) return `fetching it answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}; serve rivalsim/web-worker (dist/browser/web-worker.js) at that URL`;
  const type = response.headers.get('content-type') ?? '';
  if (type && !JAVASCRIPT.test(type) && !url.startsWith('data:') && !url.startsWith('blob:')) {
    return `it is served as ${type.split(';')[0]}, not JavaScript; a module worker needs a JavaScript MIME type (text/javascript)`;
  }
  const bare = BARE_IMPORT.exec(await response.text());
  if (bare) {
    return `it imports "${bare[1]}", a bare module specifier a browser cannot resolve; use the self-contained script rivalsim/web-worker (dist/browser/web-worker.js)`;
  }
  return 'it was fetched but failed to load as an ES module (a syntax error, or a module it imports failed: see the browser console)';
}
