/**
 * `rivalsim explore`: the server serves the explorer page and the browser
 * build from dist/ and refuses paths that leave them; the built command line
 * prints the URL and stops cleanly on SIGINT; and in real headless Chromium
 * (Debian's /usr/bin/chromium, driven by playwright-core, as
 * test/package/browser.test.ts) the page loads, runs a study from the URL's settings
 * (state "done", with the CSV it offers equal to `simulate`'s in Node for
 * the same scenario, overrides and seed, to 1e-9: Chromium's V8 rounds a few
 * Math functions differently in the last bit), cancels a long study, and
 * reports a bad scenario file (state "error", message visible). The Chromium
 * part is skipped, saying so, only where no Chromium is installed. Its bad
 * flags are tested in process, in test/node/cli.test.ts.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scenarios, simulate, type PartnershipEvent, type ScenarioSpec } from '../../src/index.js';
import { explorerRoot, servedFile, startExplorer, type ExplorerServer } from '../../src/node/cli/explore.js';
import { assertBuilt, root } from '../built.js';
import { figuresDiffer } from '../compare-results.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

/** GET of a raw path (not normalised by a URL parser, as a hostile client would send it). */
function get(url: string, path: string, method = 'GET'): Promise<{ status: number; type: string; body: string; csp: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), body, csp: String(res.headers['content-security-policy'] ?? '') }));
    });
    req.on('error', reject);
    req.end();
  });
}


describe('the explorer server', () => {
  let explorer: ExplorerServer;
  beforeAll(async () => {
    assertBuilt();
    explorer = await startExplorer({ port: 0 });
  });
  afterAll(() => explorer?.close());

  it('finds the built page in dist/ from the sources, and maps URL paths to the two served folders', () => {
    const dist = explorerRoot();
    expect(dist).toBe(join(root, 'dist'));
    expect(servedFile(dist, '/')).toEqual({ file: join(dist, 'explorer', 'index.html') });
    expect(servedFile(dist, '/explorer.js')).toEqual({ file: join(dist, 'explorer', 'explorer.js') });
    expect(servedFile(dist, '/explorer/explorer.js')).toEqual({ file: join(dist, 'explorer', 'explorer.js') });
    expect(servedFile(dist, '/browser/web-worker.js')).toEqual({ file: join(dist, 'browser', 'web-worker.js') });
    for (const bad of ['/../package.json', '/browser/../../package.json', '/%2e%2e/package.json', '/browser%2f..%2f..%2fpackage.json', '/..\\package.json', '/a%00.js']) {
      expect(servedFile(dist, bad), bad).toEqual({ status: 403 });
    }
    expect(servedFile(dist, '/index.js')).toEqual({ status: 404 });
    expect(servedFile(dist, '/%E0%A4%A')).toEqual({ status: 400 });
  });

  it('serves the page, its scripts and the browser build, with a policy that allows nothing from elsewhere', async () => {
    const page = await get(explorer.url, '/?scenario=apple-alibaba&runs=2000&seed=7');
    expect(page.status).toBe(200);
    expect(page.type).toMatch(/^text\/html/);
    expect(page.body).toContain('<script type="module" src="./explorer.js">');
    expect(page.body).not.toMatch(/https?:\/\//);
    expect(page.csp).toMatch(/default-src 'self'/);
    for (const path of ['/explorer.js', '/sensitivity-worker.js', '/browser/rivalsim.js', '/browser/web-worker.js']) {
      const r = await get(explorer.url, path, 'HEAD');
      expect(r.status, path).toBe(200);
      expect(r.type, path).toMatch(/^text\/javascript/);
    }
    const script = await get(explorer.url, '/explorer.js');
    expect(script.body).toContain('"../browser/rivalsim.js"');
    expect(script.body).not.toMatch(/from\s*"(?!\.\.?\/)/);
  });

  it('refuses paths outside the served folders, other methods, and names nothing it does not have', async () => {
    for (const path of ['/../package.json', '/..%2fpackage.json', '/%2e%2e/%2e%2e/package.json', '/browser/..%2f..%2fpackage.json', '/explorer/%2e%2e/%2e%2e/README.md']) {
      const r = await get(explorer.url, path);
      expect(r.status, path).toBe(403);
      expect(r.body).not.toContain('"name": "rivalsim"');
    }
    expect((await get(explorer.url, '/index.cjs')).status).toBe(404);
    expect((await get(explorer.url, '/browser/')).status).toBe(404);
    expect((await get(explorer.url, '/', 'POST')).status).toBe(405);
  });

  it('the built command prints the URL, serves until SIGINT and then exits 0', async () => {
    const child = spawn(process.execPath, [join(root, 'dist', 'cli.js'), 'explore', '--port', '0', '--no-open'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '', stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d) => { stdout += d; const m = /^(http:\/\/127\.0\.0\.1:\d+\/)\n/.exec(stdout); if (m) resolve(m[1]); });
      child.on('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`)));
    });
    expect((await get(url, '/')).status).toBe(200);
    const code = await new Promise<number | null>((resolve) => { child.on('exit', (c) => resolve(c)); child.kill('SIGINT'); });
    expect(code, stderr).toBe(0);
    expect(stderr).toContain('Stopped');
  }, 30_000);
});

/** apple-alibaba with the deal's adoption fixed at 0.5 (as the page's slider `adoption=0.5` writes it). */
function withAdoption(value: number): ScenarioSpec {
  const spec = structuredClone(scenarios['apple-alibaba']);
  const deal = spec.events!.find((e): e is PartnershipEvent => e.type === 'partnership')!;
  deal.adoption = value;
  return spec;
}

describe.skipIf(!hasChromium)(`the explorer in Chromium${hasChromium ? '' : ` — skipped: no Chromium at ${CHROMIUM} (apt-get install chromium; .ci/run does)`}`, () => {
  let explorer: ExplorerServer, browser: Browser;

  beforeAll(async () => {
    assertBuilt();
    explorer = await startExplorer({ port: 0 });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await explorer?.close();
  });

  /** A new page that records the page's errors and the requests it made. */
  async function open(query = ''): Promise<{ page: Page; errors: string[]; requests: string[] }> {
    const page = await browser.newPage();
    const errors: string[] = [], requests: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(`${explorer.url}${query}`);
    return { page, errors, requests };
  }

  const state = (page: Page) => page.evaluate(() => document.body.dataset.state);

  it('loads: the bundled scenarios, the sliders, state "ready", nothing from elsewhere', async () => {
    const { page, errors, requests } = await open();
    await page.waitForFunction(() => document.body.dataset.state === 'ready', undefined, { timeout: 30_000 });
    const options = await page.$$eval('#scenario option', (os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(options).toEqual(Object.keys(scenarios));
    const keys = await page.$$eval('#sliders .slider', (rows) => rows.map((r) => (r as HTMLElement).dataset.key));
    expect(keys).toEqual(['approval', 'adoption', 'visibility', 'integrationQuality', 'aiWeightGrowth']);
    expect(errors).toEqual([]);
    expect(requests.every((u) => u.startsWith(explorer.url))).toBe(true);
    await page.close();
  }, 60_000);

  it('runs the study a link describes: state "done", charts, comparison, tornado, and the CSV of simulate for that seed', async () => {
    const runs = 600, seed = 7;
    const { page, errors } = await open(`?scenario=apple-alibaba&runs=${runs}&seed=${seed}&adoption=0.5&workers=2`);
    await page.waitForFunction(() => ['done', 'error'].includes(document.body.dataset.state ?? ''), undefined, { timeout: 240_000 });
    expect(await page.textContent('#error')).toBe('');
    expect(await state(page)).toBe('done');
    expect(errors).toEqual([]);
    // The view: tables, fan charts, rank bars, the comparison with the baseline, the tornado.
    expect(await page.locator('#share-tables table.shares').count()).toBeGreaterThan(0);
    expect(await page.locator('#fan-charts svg').count()).toBeGreaterThan(0);
    expect(await page.locator('#rank-charts svg').count()).toBeGreaterThan(0);
    expect(await page.locator('#comparison-body table.comparison').count()).toBeGreaterThan(0);
    expect(await page.locator('#comparison-body svg').count()).toBeGreaterThan(0);
    expect(await page.locator('#tornado-body svg').count()).toBe(1);
    // The URL keeps the settings, the slider shows the override.
    expect(new URL(page.url()).searchParams.get('adoption')).toBe('0.5');
    expect(await page.isChecked('input[name="fix-adoption"]')).toBe(true);
    const link = new URL(await page.getAttribute('#permalink', 'href') ?? '');
    expect(Object.fromEntries(link.searchParams)).toEqual({ scenario: 'apple-alibaba', runs: String(runs), seed: String(seed), adoption: '0.5' });
    // The downloads: the CSV is simulate's in Node, the JSON the result's, the report a page.
    const downloads = await page.evaluate(async () => {
      const text = async (id: string) => {
        const a = document.getElementById(id) as HTMLAnchorElement;
        return { name: a.download, text: await (await fetch(a.href)).text() };
      };
      return { csv: await text('download-csv'), json: await text('download-json'), report: await text('download-report') };
    });
    const expected = await simulate(withAdoption(0.5), { runs, seed });
    expect(downloads.csv.name).toBe(`apple-alibaba-runs${runs}-seed${seed}.csv`);
    expect(figuresDiffer(downloads.csv.text, expected.toCSV())).toBe('');
    expect(downloads.csv.text).not.toBe((await simulate(scenarios['apple-alibaba'], { runs, seed })).toCSV());
    expect(JSON.parse(downloads.json.text)).toMatchObject({ runs, seed });
    expect(downloads.report.text).toMatch(/^<!doctype html>/i);
    expect(downloads.report.text).toContain('id="sensitivity"');
    await page.close();
  }, 300_000);

  it('cancels a long study: state "cancelled", then runs again', async () => {
    const { page, errors } = await open('?scenario=baseline&runs=200000&seed=1&workers=2');
    await page.waitForFunction(() => document.body.dataset.state === 'running' && Number((document.getElementById('progress') as HTMLProgressElement).value) > 0, undefined, { timeout: 60_000 });
    await page.click('#cancel');
    await page.waitForFunction(() => document.body.dataset.state !== 'running', undefined, { timeout: 30_000 });
    expect(await state(page)).toBe('cancelled');
    expect(await page.textContent('#status')).toBe('Cancelled');
    expect(await page.isDisabled('#run')).toBe(false);
    await page.fill('#runs', '200');
    await page.click('#run');
    await page.waitForFunction(() => ['done', 'error'].includes(document.body.dataset.state ?? ''), undefined, { timeout: 120_000 });
    expect(await page.textContent('#error')).toBe('');
    expect(await state(page)).toBe('done');
    expect(await page.textContent('#comparison-body')).toContain('This is the baseline scenario');
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('a bad scenario file: state "error" and its message on the page', async () => {
    const { page } = await open();
    await page.waitForFunction(() => document.body.dataset.state === 'ready', undefined, { timeout: 30_000 });
    await page.setInputFiles('#file', { name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"id": "x", "extends": "baseline",') });
    await page.waitForFunction(() => document.body.dataset.state === 'error', undefined, { timeout: 30_000 });
    expect(await page.isVisible('#error')).toBe(true);
    expect(await page.textContent('#error')).toMatch(/^broken\.json is not JSON/);
    // Dropped on the drop zone rather than chosen.
    await page.evaluate((text) => {
      const data = new DataTransfer();
      data.items.add(new File([text], 'no-such-base.json', { type: 'application/json' }));
      document.getElementById('drop')!.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    }, JSON.stringify({ id: 'x', extends: 'no-such-scenario' }));
    await page.waitForFunction(() => (document.getElementById('error')?.textContent ?? '').includes('no-such-scenario'), undefined, { timeout: 30_000 });
    expect(await state(page)).toBe('error');
    expect(await page.isVisible('#error')).toBe(true);
    // A good file clears the error and can be run.
    await page.setInputFiles('#file', { name: 'late.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ id: 'late', extends: 'apple-alibaba', horizon: 6 })) });
    await page.waitForFunction(() => document.body.dataset.state === 'ready', undefined, { timeout: 30_000 });
    expect(await page.textContent('#error')).toBe('');
    await page.fill('#runs', '300');
    await page.click('#run');
    await page.waitForFunction(() => ['done', 'error'].includes(document.body.dataset.state ?? ''), undefined, { timeout: 120_000 });
    expect(await page.textContent('#error')).toBe('');
    expect(await state(page)).toBe('done');
    await page.close();
  }, 180_000);
});

it('ships the page: package.json "files" includes dist, and the page names no other origin', () => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { files: string[] };
  expect(pkg.files).toContain('dist');
  expect(readFileSync(join(root, 'src/explorer/index.html'), 'utf8')).not.toMatch(/(src|href)="https?:/);
});
