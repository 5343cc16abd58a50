/**
 * The report sections of fitting: self-contained HTML with the backtest's
 * tables and the forecast-versus-published charts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  backtest, backtestReport, backtestSection, calibrate, calibrationReport, calibrationSection, forecastChartSVG, htmlReport, simulate,
  type BacktestResult, type Posterior,
} from '../../src/index.js';
import { syntheticHistory, syntheticScenario, syntheticScenarioAt } from './synthetic.js';

let result: BacktestResult;
let posterior: Posterior;
beforeAll(async () => {
  const history = await syntheticHistory({ canalys: true });
  result = await backtest(syntheticScenarioAt, history, { origins: ['2022-01', '2023-01'], runs: 50, seed: 2, periods: ['year'] });
  posterior = await calibrate(syntheticScenario(), history, { particles: 30, generations: 2, seed: 1 });
});

describe('report sections', () => {
  it('"How well does this model forecast?": a summary line per origin, a chart and a table each', () => {
    const html = backtestSection(result, { agentNames: { alpha: 'Alpha & Co' } });
    expect(html).toMatch(/^<section class="backtest">\n<h2>How well does this model forecast\?<\/h2>/);
    expect(html.match(/<svg/g)).toHaveLength(2);
    expect(html).toContain('2022-01 → 2022-12');
    expect(html).toContain('Alpha &amp; Co');
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
    expect(html.match(/<tr>/g)!.length).toBe(1 + 2 + 2 * (1 + 6));
  });

  it('"How well does the model fit the history?": fitted-versus-published charts, inputs, noise', () => {
    const html = calibrationSection(posterior);
    expect(html).toContain('<h2>How well does the model fit the history?</h2>');
    expect(html.match(/<svg/g)).toHaveLength(2); // shares and units
    expect(html).toContain('parameters.aiTrend');
    expect(html).toContain('idc share');
  });

  it('the chart puts each point at (published, forecast) with its P5–P95 whisker', () => {
    const svg = forecastChartSVG([{ agent: 'a', label: 'x 2024', observed: 0.1, forecast: 0.2, low: 0.15, high: 0.25 }], { title: 'T <1>' });
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg).toContain('<title>T &lt;1&gt;</title>');
    const [, cx, cy] = /<circle cx="([\d.]+)" cy="([\d.]+)"/.exec(svg)!.map(Number);
    const [, dx, dy] = /<line class="diagonal" x1="([\d.]+)" y1="([\d.]+)"/.exec(svg)!.map(Number);
    expect(cx).toBe(dx); // published 0.1 is the axes' minimum: the diagonal starts there
    expect(cy).toBeLessThan(dy); // forecast above the diagonal: too high
    const [, y1, y2] = /<line x1="[\d.]+" x2="[\d.]+" y1="([\d.]+)" y2="([\d.]+)" stroke="#4e79a7"/.exec(svg)!.map(Number);
    expect(y1).toBeGreaterThan(cy); // P5 below the median
    expect(y2).toBeLessThan(cy); // P95 above
  });

  it('htmlReport includes the fit and the backtest when given; backtestReport and calibrationReport are whole pages', async () => {
    const study = await simulate(syntheticScenario(), { runs: 30, seed: 1, posterior });
    const plain = htmlReport(study);
    expect(plain).not.toContain('How well does');
    const html = htmlReport(study, { posterior, backtest: result });
    expect(html.indexOf('How well does the model fit the history?')).toBeGreaterThan(html.indexOf('Markets at'));
    expect(html.indexOf('How well does this model forecast?')).toBeGreaterThan(html.indexOf('How well does the model fit the history?'));
    expect(html).toContain('<td>Alpha</td>'); // agents by name, from the plan
    for (const page of [backtestReport(result, { title: 'T & U', posterior }), calibrationReport(posterior)]) {
      expect(page).toMatch(/^<!DOCTYPE html>/);
      expect(page).not.toMatch(/(src|href)=|https?:\/\/(?!www\.w3\.org)/);
    }
    expect(backtestReport(result, { title: 'T & U' })).toContain('<h1>T &amp; U</h1>');
  });
});

