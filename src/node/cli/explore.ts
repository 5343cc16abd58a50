/**
 * Node-only: `rivalsim explore [--port N] [--no-open]` — serves the explorer
 * page (dist/explorer/index.html, built from src/explorer) and the
 * browser build it runs on (dist/browser/rivalsim.js and web-worker.js) from
 * the installed package, on 127.0.0.1, until Ctrl-C. Nothing but those two
 * folders of the package's dist/ is served: a path that leaves them
 * (`..`, an encoded `%2e%2e`, a backslash) is refused.
 *
 * URLs: `/` is the page; `/explorer.js`, `/sensitivity-worker.js` (and
 * `/explorer/…`) are the explorer's files; `/browser/…` the browser build's.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CliContext } from './context.js';
import { CliError, COMMON_OPTIONS, integerOption, parseFlags, positionals, type OptionSpec } from './options.js';

export const EXPLORE_OPTIONS = {
  port: { type: 'string', placeholder: 'N' },
  'no-open': { type: 'boolean' },
  ...COMMON_OPTIONS,
} as const satisfies Record<string, OptionSpec>;

/** The folders of dist/ the explorer serves. */
const SERVED = ['explorer', 'browser'] as const;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.json': 'application/json', '.ts': 'text/plain; charset=utf-8', '.md': 'text/markdown; charset=utf-8',
};

/**
 * What the page may load: only this server's files (no CDN can be reached,
 * so a page that needed one would fail its test); inline styles (the page's
 * and the charts'); blob: for the downloads.
 */
const CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; worker-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self' blob:; object-src 'none'; base-uri 'none'; form-action 'none'";

/**
 * The package's dist/ holding the explorer (dist/explorer/index.html) and
 * the browser build, found from this module: in the built package it sits
 * in dist/ itself; from the sources (src/node/cli/), in the repository's dist/.
 *
 * @example
 * explorerRoot(); // => '/…/node_modules/rivalsim/dist'
 */
export function explorerRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    for (const candidate of [dir, join(dir, 'dist')]) {
      if (existsSync(join(candidate, 'explorer', 'index.html')) && existsSync(join(candidate, 'browser', 'rivalsim.js'))) return candidate;
    }
    dir = dirname(dir);
  }
  throw new CliError('The explorer page is not built: no dist/explorer/index.html in this package (from a clone, run `npm run build`)');
}

/**
 * The file of dist/ a URL path names, or a refusal: 404 for a path that
 * names nothing, 403 for one that would leave the served folders.
 *
 * @example
 * servedFile('/dist', '/'); // => { file: '/dist/explorer/index.html' }
 * servedFile('/dist', '/browser/rivalsim.js'); // => { file: '/dist/browser/rivalsim.js' }
 * servedFile('/dist', '/../package.json'); // => { status: 403 }
 */
export function servedFile(root: string, urlPath: string): { file: string } | { status: 400 | 403 | 404 } {
  let path: string;
  try {
    path = decodeURIComponent(urlPath);
  } catch {
    return { status: 400 };
  }
  if (path.includes('\0') || path.includes('\\') || !path.startsWith('/')) return { status: 403 };
  const segments = path.split('/').slice(1);
  if (segments.some((s) => s === '..' || s === '.')) return { status: 403 };
  if (path === '/' || path === '/index.html') return { file: join(root, 'explorer', 'index.html') };
  if (segments.includes('')) return { status: 404 };
  const [first, ...rest] = segments;
  const folder = (SERVED as readonly string[]).includes(first) && rest.length ? first : 'explorer';
  const relative = folder === first ? rest : segments;
  const base = resolve(root, folder);
  const file = resolve(base, ...relative);
  if (!file.startsWith(base + sep)) return { status: 403 };
  if (!existsSync(file) || !statSync(file).isFile()) return { status: 404 };
  return { file };
}

/** The explorer's server, running. */
export interface ExplorerServer {
  /** The page's URL, e.g. `http://127.0.0.1:41234/`. */
  url: string;
  server: Server;
  /** Stops serving (open connections are closed). */
  close(): Promise<void>;
}

/**
 * Serves the explorer on 127.0.0.1 (`port` 0: a free port).
 *
 * @example
 * const { url, close } = await startExplorer({ port: 0 });
 * // open url in a browser; later:
 * await close();
 */
export async function startExplorer(options: { port?: number; root?: string } = {}): Promise<ExplorerServer> {
  const root = options.root ?? explorerRoot();
  const server = createServer((req, res) => answer(root, req, res));
  await new Promise<void>((done, fail) => {
    server.once('error', (e: NodeJS.ErrnoException) => fail(e.code === 'EADDRINUSE'
      ? new CliError(`Port ${options.port} is in use: pick another with --port N, or --port 0 for a free one`)
      : e));
    server.listen(options.port ?? 0, '127.0.0.1', () => done());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    server,
    close: () => new Promise<void>((done) => { server.close(() => done()); server.closeAllConnections(); }),
  };
}

function answer(root: string, req: IncomingMessage, res: ServerResponse): void {
  const headers = { 'x-content-type-options': 'nosniff', 'cache-control': 'no-cache', 'content-security-policy': CONTENT_SECURITY_POLICY };
  const refuse = (status: number, text: string) => res.writeHead(status, { ...headers, 'content-type': 'text/plain; charset=utf-8' }).end(text);
  if (req.method !== 'GET' && req.method !== 'HEAD') { res.setHeader('allow', 'GET, HEAD'); refuse(405, 'Only GET and HEAD\n'); return; }
  // The path as sent, not as a URL parser resolves it (it turns `/a/%2e%2e/b` into `/b`): servedFile refuses any `..`.
  const pathname = (req.url ?? '/').split(/[?#]/)[0];
  const found = servedFile(root, pathname);
  if ('status' in found) { refuse(found.status, found.status === 404 ? 'Not found\n' : found.status === 403 ? 'Forbidden\n' : 'Bad request\n'); return; }
  let body: Buffer;
  try {
    body = readFileSync(found.file);
  } catch {
    refuse(404, 'Not found\n');
    return;
  }
  res.writeHead(200, { ...headers, 'content-type': TYPES[extname(found.file)] ?? 'application/octet-stream', 'content-length': body.length });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** Opens `url` with the platform's opener (a note on stderr if there is none). */
function openInBrowser(url: string, note: (text: string) => void): void {
  const [command, args] = process.platform === 'darwin' ? ['open', [url]]
    : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]]
      : ['xdg-open', [url]];
  try {
    const child = spawn(command, args as string[], { detached: true, stdio: 'ignore' });
    child.on('error', () => note(`Could not open a browser (${command}): open ${url} yourself\n`));
    child.unref();
  } catch {
    note(`Could not open a browser (${command}): open ${url} yourself\n`);
  }
}

/**
 * `rivalsim explore [--port N] [--no-open]`: serves the explorer page until
 * Ctrl-C (SIGINT) or SIGTERM, printing its URL on stdout and opening it in
 * the default browser unless `--no-open`.
 */
export async function exploreCommand(args: string[], { io }: CliContext): Promise<void> {
  const { values, positionals: got } = parseFlags('explore', args, EXPLORE_OPTIONS);
  positionals('explore', got, []);
  const port = typeof values.port === 'string' ? integerOption('port', values.port, 0, 65535) : 0;
  const explorer = await startExplorer({ port });
  io.stdout.write(`${explorer.url}\n`);
  io.stderr.write(`Serving the rivalsim explorer at ${explorer.url} (Ctrl-C stops it)\n`);
  if (values['no-open'] !== true) openInBrowser(explorer.url, (text) => io.stderr.write(text));
  await new Promise<void>((done) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void explorer.close().then(() => { io.stderr.write('Stopped\n'); done(); });
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
