/**
 * The browser build (`rivalsim/browser`) and the Web Worker script
 * (`rivalsim/web-worker`), at the paths package.json exports, served from a
 * static server on 127.0.0.1 and run in real headless Chromium (Debian's
 * /usr/bin/chromium, driven by playwright-core; `.ci/run` installs it):
 * studies on Web Workers give the bits of `simulate` and `compare` in the
 * page, the same figures as Node to 1e-9 (not the same bits: Chromium's V8
 * rounds Math.exp, Math.log and Math.pow differently from Node 20's in about
 * one input in ten, so per-run values differ in their last bits), and a
 * worker that cannot start rejects with its cause. Skipped, saying so, only
 * where no Chromium is installed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compare, scenarios, simulate, type ScenarioSpec } from '../../src/index.js';
import { assertBuilt, root } from '../built.js';
import { figuresDiffer } from '../compare-results.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
/** Flags for a headless Chromium on a machine with no network but loopback (and as root). */
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { exports: Record<string, Record<string, unknown> | string> };
/** The file a package export points at for a browser (its `import` or `default` condition). */
function exported(subpath: string): string {
  const entry = pkg.exports[subpath];
  const target = typeof entry === 'string' ? entry : (entry?.import ?? entry?.browser ?? entry?.default);
  if (typeof target !== 'string') throw new Error(`package.json exports no ${subpath} for browsers`);
  return `/${normalize(target).replace(/^\.?\//, '')}`;
}

/** Worker scripts that cannot work, to check the reported causes. */
const BROKEN: Record<string, { type: string; body: string }> = {
  '/broken/html.js': { type: 'text/html', body: '<!doctype html><title>Not found</title>' },
  '/broken/bare-import.js': { type: 'text/javascript', body: 'import seedrandom from "seedrandom";\nself.onmessage = () => seedrandom;' },
  '/broken/throws.js': { type: 'text/javascript', body: 'throw new Error("the worker script threw at start");' },
};
const TYPES: Record<string, string> = { '.js': 'text/javascript', '.html': 'text/html', '.json': 'application/json' };

/** The README's example page (its ```html block). */
const readmePage = /```html\n([\s\S]*?)```/.exec(readFileSync(join(root, 'README.md'), 'utf8'))?.[1] ?? '';

/**
 * Serves dist/ (as a page would serve node_modules/rivalsim/dist), the broken
 * scripts, an empty page, and the README's page with the two browser files
 * copied under /rivalsim/ as it says.
 */
function serve(): Promise<Server> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const broken = BROKEN[path];
    if (path === '/') { res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>rivalsim</title>'); return; }
    if (path === '/readme.html') { res.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><title>README</title><body>${readmePage}</body>`); return; }
    if (broken) { res.writeHead(200, { 'content-type': broken.type }).end(broken.body); return; }
    const copied = /^\/rivalsim\/(rivalsim|web-worker)\.js$/.exec(path);
    const file = copied ? join(root, 'dist', 'browser', `${copied[1]}.js`) : join(root, normalize(path));
    if (!file.startsWith(join(root, 'dist')) || !existsSync(file)) { res.writeHead(404, { 'content-type': 'text/plain' }).end('not found'); return; }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** A study with a parameter and a custom metric, so that the workers parse expressions (mathjs, inlined). */
const withExpression: ScenarioSpec = {
  ...scenarios['apple-alibaba'], id: 'with-expression', horizon: 12,
  parameters: { lift: { dist: 'uniform', min: 0, max: 1 } },
  metrics: [{ id: 'sharePct', market: 'phones', expr: 'share * 100 + lift' }],
};

const plain: ScenarioSpec = { ...scenarios['apple-alibaba'], horizon: 12 };
const base: ScenarioSpec = { ...scenarios.baseline, horizon: 12 };

describe.skipIf(!hasChromium)(`in Chromium${hasChromium ? '' : ` — skipped: no Chromium at ${CHROMIUM} (apt-get install chromium; .ci/run does)`}`, () => {
  let server: Server, browser: Browser, page: Page, origin = '';

  beforeAll(async () => {
    assertBuilt();
    server = await serve();
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
    page = await browser.newPage();
    await page.goto(`${origin}/`);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  /** Runs `body` in the page with the browser build imported as `m` and `arg` (JSON); returns its JSON-able result. */
  async function inPage<T>(body: string, arg: unknown): Promise<T> {
    // A string, not a function: vitest would rewrite a function's import() for Node.
    const lib = JSON.stringify(`${origin}${exported('./browser')}`);
    return page.evaluate(`(async () => { const m = await import(${lib}); const arg = ${JSON.stringify(arg)}; ${body} })()`) as Promise<T>;
  }

  it('simulateInWebWorkers gives the bits of simulate in the page, and the figures of simulate in Node (expressions, designs)', async () => {
    const cases = [
      { scenario: plain, options: { runs: 2 * 256 + 5, seed: 11 }, workers: 3 },
      { scenario: withExpression, options: { runs: 2 * 256, seed: 'browser', design: 'latin-hypercube' as const }, workers: 2 },
    ];
    for (const { scenario, options, workers } of cases) {
      const expected = (await simulate(scenario, options)).toCSV();
      const got = await inPage<{ workers: string; page: string }>(`
        const onWorkers = await m.simulateInWebWorkers(arg.scenario, { ...arg.options, workers: arg.workers, workerUrl: arg.workerUrl });
        const inPage = await m.simulate(arg.scenario, arg.options);
        return { workers: onWorkers.toCSV(), page: inPage.toCSV() };
      `, { scenario, options, workers, workerUrl: `${origin}${exported('./web-worker')}` });
      expect(got.workers).toBe(got.page);
      expect(figuresDiffer(got.page, expected)).toBe('');
    }
    expect((await simulate(withExpression, { runs: 10, seed: 1 })).toCSV()).toContain('sharePct');
  }, 120_000);

  it('compareInWebWorkers gives the bits of compare in the page, and the figures of compare in Node', async () => {
    const options = { runs: 2 * 256 + 9, seed: 3 };
    const expected = (await compare(base, plain, options)).toCSV();
    const got = await inPage<{ workers: string; page: string; differences: string }>(`
      const c = await m.compareInWebWorkers(arg.a, arg.b, { ...arg.options, workers: 2, workerUrl: arg.workerUrl });
      const inPage = await m.compare(arg.a, arg.b, arg.options);
      return { workers: c.toCSV() + c.b.toCSV(), page: inPage.toCSV() + inPage.b.toCSV(), differences: inPage.toCSV() };
    `, { a: base, b: plain, options, workerUrl: `${origin}${exported('./web-worker')}` });
    expect(got.workers).toBe(got.page);
    expect(figuresDiffer(got.differences, expected)).toBe('');
  }, 120_000);

  it('a worker that cannot start rejects the study with its cause', async () => {
    const failures = await inPage<Record<string, string>>(`
      const out = {};
      for (const url of arg.urls) {
        try {
          await m.simulateInWebWorkers(m.scenarios.baseline, { runs: 300, seed: 1, horizon: 3, workers: 1, workerUrl: url });
          out[url] = 'resolved';
        } catch (e) { out[url] = String(e && e.message); }
      }
      return out;
    `, { urls: ['/missing/web-worker.js', ...Object.keys(BROKEN)].map((p) => `${origin}${p}`) });
    expect(failures[`${origin}/missing/web-worker.js`]).toMatch(/could not start: fetching it answered HTTP 404/);
    expect(failures[`${origin}/broken/html.js`]).toMatch(/served as text\/html, not JavaScript/);
    expect(failures[`${origin}/broken/bare-import.js`]).toMatch(/imports "seedrandom", a bare module specifier/);
    expect(failures[`${origin}/broken/throws.js`]).toMatch(/The Web Worker failed: .*the worker script threw at start \(at .*throws\.js:1/);
  }, 60_000);

  it("the README's example page runs as written", async () => {
    expect(readmePage).toContain('simulateInWebWorkers');
    const readme = await browser.newPage();
    const errors: string[] = [];
    readme.on('pageerror', (e) => errors.push(e.message));
    await readme.goto(`${origin}/readme.html`);
    await readme.waitForFunction(() => document.body.textContent?.startsWith("Apple's median") ?? false, undefined, { timeout: 120_000 }).catch(() => undefined);
    expect(errors).toEqual([]);
    expect(await readme.textContent('body')).toMatch(/^Apple's median phone share: \d+\.\d%$/);
    await readme.close();
  }, 150_000);
});
