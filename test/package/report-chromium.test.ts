/**
 * The HTML report rendered in headless Chromium (Debian's chromium, run as a
 * program): sized, non-empty charts, and a screenshot that is not blank.
 * Skipped, saying so, where no Chromium is installed (.ci/run installs it).
 * What the report contains is test/report/report.test.ts's.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headlineOutput, htmlReport, prepareScenario, scenarios, sensitivity, simulate, type SimulationResult } from '../../src/index.js';

const tmp = mkdtempSync(join(tmpdir(), 'rivalsim-report-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let result: SimulationResult;
let html: string;

beforeAll(async () => {
  const plan = await prepareScenario(scenarios['apple-alibaba']);
  result = await simulate(plan, { runs: 300, seed: 7 });
  html = htmlReport(result, { sensitivity: await sensitivity(plan, { output: headlineOutput(plan)!, runs: 200, seed: 7 }) });
}, 120_000);

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);

/** Runs headless Chromium with a fresh profile and no network chatter; resolves to its stdout. */
function chromium(args: string[]): Promise<string> {
  const profile = mkdtempSync(join(tmp, 'profile-'));
  return new Promise((resolve, reject) => {
    execFile(CHROMIUM, [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage', '--hide-scrollbars', `--user-data-dir=${profile}`, ...args,
    ], { timeout: 60_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`chromium failed: ${error.message}\n${stderr.slice(-2000)}`)); else resolve(stdout);
    });
  });
}

describe('headless Chromium', () => {
  it.skipIf(!hasChromium)(`renders the report with sized, non-empty charts${hasChromium ? '' : ` — skipped: ${CHROMIUM} not installed (apt-get install chromium)`}`, async () => {
    const page = join(tmp, 'report.html');
    writeFileSync(page, html);
    // A copy with a probe script (the report itself has none) that writes each chart's laid-out size into the DOM.
    const probe = join(tmp, 'probe.html');
    writeFileSync(probe, html.replace('</body>', `<script>
      const sizes = [...document.querySelectorAll('figure.chart > svg')].map((s) => {
        const r = s.getBoundingClientRect();
        return { w: r.width, h: r.height, shapes: s.querySelectorAll('path, rect, line').length, cls: s.parentElement.className };
      });
      const pre = document.createElement('pre'); pre.id = 'probe'; pre.textContent = JSON.stringify(sizes); document.body.appendChild(pre);
    </script></body>`));
    const dom = await chromium(['--dump-dom', `file://${probe}`]);
    expect(dom).toContain('<section id="sensitivity">');
    const sizes = JSON.parse(/<pre id="probe">([^<]*)<\/pre>/.exec(dom)![1].replace(/&quot;/g, '"')) as Array<{ w: number; h: number; shapes: number; cls: string }>;
    expect(sizes).toHaveLength(2 * result.markets.length + 1);
    for (const s of sizes) {
      expect(s.w, s.cls).toBeGreaterThan(200);
      expect(s.h, s.cls).toBeGreaterThan(100);
      expect(s.shapes, s.cls).toBeGreaterThan(5);
    }
    // Screenshots: the report against a blank page of the same size.
    const blank = join(tmp, 'blank.html');
    writeFileSync(blank, '<!DOCTYPE html><html><body></body></html>');
    const shot = join(tmp, 'report.png'), blankShot = join(tmp, 'blank.png');
    await chromium(['--window-size=1000,3000', `--screenshot=${shot}`, `file://${page}`]);
    await chromium(['--window-size=1000,3000', `--screenshot=${blankShot}`, `file://${blank}`]);
    const png = readFileSync(shot);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1000, 3000]);
    expect(statSync(shot).size).toBeGreaterThan(10 * statSync(blankShot).size);
  }, 150_000);
});
