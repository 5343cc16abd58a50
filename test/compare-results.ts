/**
 * Comparisons of results that several test files share: series bit for bit
 * (two engines, two paths of one engine) and CSV figures across JavaScript
 * engines (Node and Chromium differ in the last bits of some Math functions).
 */
import type { RunResult } from '../src/index.js';

/**
 * The first difference between two results' series, bit for bit (bytes of every Float64Array), or undefined.
 *
 * @example
 * expect(seriesDiff(a, b)).toBeUndefined();
 */
export function seriesDiff(a: RunResult, b: RunResult): string | undefined {
  if (a.markets.length !== b.markets.length) return `${a.markets.length} vs ${b.markets.length} markets`;
  for (let k = 0; k < a.markets.length; k++) {
    const ma = a.markets[k], mb = b.markets[k];
    if (ma.metrics.join() !== mb.metrics.join()) return `${ma.id}: metrics ${ma.metrics} vs ${mb.metrics}`;
    for (const metric of ma.metrics) {
      const x = ma.data[metric], y = mb.data[metric];
      const bx = new Uint8Array(x.buffer, x.byteOffset, x.byteLength), by = new Uint8Array(y.buffer, y.byteOffset, y.byteLength);
      if (bx.length !== by.length) return `${ma.id}.${metric}: ${x.length} vs ${y.length} values`;
      for (let i = 0; i < bx.length; i++) if (bx[i] !== by[i]) return `${ma.id}.${metric}[${Math.floor(i / 8)}]: ${x[i >> 3]} vs ${y[i >> 3]}`;
    }
  }
  return undefined;
}

/**
 * The first cell where two CSV texts differ beyond a relative 1e-9 (or an
 * absolute 1e-12 for figures that are zero in one engine: an sd of values an
 * ulp apart), or '' if none.
 *
 * @example
 * expect(figuresDiffer(fromBrowser, fromNode)).toBe('');
 */
export function figuresDiffer(a: string, b: string): string {
  const rows = (text: string) => text.trim().split('\n').map((line) => line.split(','));
  const x = rows(a), y = rows(b);
  if (x.length !== y.length) return `${x.length} rows against ${y.length}`;
  for (let i = 0; i < x.length; i++) {
    for (let j = 0; j < Math.max(x[i].length, y[i].length); j++) {
      const u = Number(x[i][j]), v = Number(y[i][j]);
      if (x[i][j] === y[i][j] || Math.abs(u - v) <= Math.max(1e-9 * Math.max(Math.abs(u), Math.abs(v)), 1e-12)) continue;
      return `row ${i} (${x[i].slice(0, 6).join(',')}), column ${x[0][j]}: ${x[i][j]} against ${y[i][j]}`;
    }
  }
  return '';
}
