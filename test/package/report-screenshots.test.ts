/**
 * The rendered report, seen as a reader sees it: a study's HTML report
 * (fixed seed, few runs, a sensitivity) rendered in headless Chromium
 * (Debian's /usr/bin/chromium, driven by playwright-core) at a desktop and
 * a phone width, each screenshot compared pixel by pixel with the reference
 * committed under test/fixtures/ (both shrunk 3× at 1200 px and 2× at
 * 420 px, the references with 16 levels a channel — which keeps the files
 * small and forgives sub-pixel anti-aliasing — a pixel differing when a
 * channel moves by more than 40 of 255, at most 1.5 % of them allowed: a
 * changed figure or a line of text passes, a moved chart or a broken
 * layout does not). At the phone width nothing overflows the page sideways.
 *
 * After an intended change to the report's look, write new references with
 * `UPDATE_SCREENSHOTS=1 npx vitest run test/package/report-screenshots.test.ts`
 * and look at them before committing. A failing run leaves the screenshot
 * and a diff (differing pixels in red) in the temporary folder it names.
 * Skipped, saying so, where no Chromium is installed. The references hold
 * the Chromium version that drew them (test/fixtures/report-screenshots.json):
 * under another major version (other fonts and rasterisation) the layout
 * checks still run, and the pixel comparison is skipped, saying so.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headlineOutput, htmlReport, prepareScenario, scenarios, sensitivity, simulate } from '../../src/index.js';
import { root } from '../built.js';
import { decodePNG, diffImages, encodePNG, shrink } from '../png.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
/** Headless, no network, and rendering pinned down: sRGB, no font hinting, no scrollbars. */
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage', '--force-color-profile=srgb',
  '--font-render-hinting=none', '--hide-scrollbars', '--disable-lcd-text'];
const FIXTURES = join(root, 'test', 'fixtures');
const UPDATE = process.env.UPDATE_SCREENSHOTS === '1';
const WIDTHS = [1200, 420] as const;
/** How many times each width's screenshot is shrunk (each way), the threshold and the share of differing pixels allowed. */
const SHRINK: Record<(typeof WIDTHS)[number], number> = { 1200: 3, 420: 2 };
const THRESHOLD = 40, TOLERANCE = 0.015, LEVELS = 16;
/** The Chromium the references were drawn with. */
const META = join(FIXTURES, 'report-screenshots.json');
const major = (version: string) => version.split('.')[0];

let html = '';
let browser: Browser | undefined;

describe.skipIf(!hasChromium)(`the report in Chromium${hasChromium ? '' : ` — skipped: no Chromium at ${CHROMIUM} (apt-get install chromium; .ci/run does)`}`, () => {
  beforeAll(async () => {
    const plan = await prepareScenario({ ...scenarios['apple-alibaba'], horizon: 12 });
    const result = await simulate(plan, { runs: 200, seed: 7 });
    const s = await sensitivity(plan, { output: headlineOutput(plan)!, runs: 120, seed: 7 });
    html = htmlReport(result, { sensitivity: s, title: 'Apple–Alibaba (screenshot test)' });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  }, 180_000);
  afterAll(async () => { await browser?.close(); });

  for (const width of WIDTHS) {
    it(`at ${width} px matches its reference within the tolerance`, async () => {
      const page = await browser!.newPage({ viewport: { width, height: 900 }, deviceScaleFactor: 1 });
      try {
        await page.setContent(html, { waitUntil: 'load' });
        // Nothing overflows the page sideways: charts scale down, wide tables scroll in their own box.
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow, 'horizontal overflow (px)').toBeLessThanOrEqual(0);
        const figures = await page.evaluate(() => Array.from(document.querySelectorAll('figure svg'), (svg) => svg.getBoundingClientRect().right));
        expect(figures.length).toBeGreaterThan(4);
        for (const right of figures) expect(right).toBeLessThanOrEqual(width);
        const actual = shrink(decodePNG(await page.screenshot({ fullPage: true, animations: 'disabled' })), SHRINK[width]);
        // A page, not a blank: most of it white, some ink.
        let ink = 0;
        for (let i = 0; i < actual.rgb.length; i += 3) if (actual.rgb[i] + actual.rgb[i + 1] + actual.rgb[i + 2] < 600) ink++;
        expect(ink / (actual.width * actual.height)).toBeGreaterThan(0.01);

        const reference = join(FIXTURES, `report-${width}.png`);
        const version = browser!.version();
        if (UPDATE || !existsSync(reference)) {
          mkdirSync(FIXTURES, { recursive: true });
          writeFileSync(reference, encodePNG(actual, LEVELS));
          writeFileSync(META, `${JSON.stringify({ chromium: version }, null, 2)}\n`);
          if (!UPDATE) throw new Error(`No reference screenshot: wrote ${reference}; look at it and commit it`);
          return;
        }
        const drawnWith = existsSync(META) ? (JSON.parse(readFileSync(META, 'utf8')) as { chromium?: string }).chromium : undefined;
        if (!drawnWith || major(drawnWith) !== major(version)) {
          console.warn(`report-${width}.png was drawn with Chromium ${drawnWith ?? '(unknown)'}, this is ${version}: pixel comparison skipped (layout checked); re-draw with UPDATE_SCREENSHOTS=1`);
          return;
        }
        const expected = decodePNG(readFileSync(reference));
        const { differing, share, diff } = diffImages(expected, actual, THRESHOLD);
        if (share > TOLERANCE) {
          const out = mkdtempSync(join(tmpdir(), 'rivalsim-screenshot-'));
          writeFileSync(join(out, `report-${width}.png`), encodePNG(actual));
          writeFileSync(join(out, `report-${width}-diff.png`), encodePNG(diff));
          expect.fail(`${differing} of ${expected.width}×${expected.height} pixels differ (${(100 * share).toFixed(2)} % > ${100 * TOLERANCE} %); ` +
            `page ${actual.width * SHRINK[width]}×${actual.height * SHRINK[width]} px, reference ${expected.width * SHRINK[width]}×${expected.height * SHRINK[width]} px. ` +
            `Screenshot and diff in ${out}; if the change is intended: UPDATE_SCREENSHOTS=1 npx vitest run test/package/report-screenshots.test.ts`);
        }
      } finally {
        await page.close();
      }
    }, 120_000);
  }
});
