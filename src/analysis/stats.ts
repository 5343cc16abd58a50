/**
 * Small numeric kernels of the analysis: ranks, correlations, a linear
 * solver and percentiles. Portable (no Node-only APIs).
 */

/**
 * Ranks 1…n of `x`, ties sharing their average rank.
 *
 * @example
 * ranks([10, 30, 20, 20]); // => Float64Array [1, 4, 2.5, 2.5]
 */
export function ranks(x: ArrayLike<number>): Float64Array {
  const n = x.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => x[a] - x[b]);
  const r = new Float64Array(n);
  for (let i = 0; i < n;) {
    let j = i;
    while (j + 1 < n && x[order[j + 1]] === x[order[i]]) j++;
    const avg = (i + j) / 2 + 1;
    for (let m = i; m <= j; m++) r[order[m]] = avg;
    i = j + 1;
  }
  return r;
}

/**
 * Pearson correlation of two equally long samples (NaN if either is constant).
 *
 * @example
 * pearson([1, 2, 3], [2, 4, 7]); // => 0.99…
 */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  let mx = 0, my = 0;
  for (let i = 0; i < n; i++) { mx += x[i]; my += y[i]; }
  mx /= n; my /= n;
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - mx, dy = y[i] - my;
    sxy += dx * dy; sxx += dx * dx; syy += dy * dy;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : NaN;
}

/**
 * Spearman rank correlation (Pearson correlation of the average ranks).
 *
 * @example
 * spearman([1, 2, 3, 4], [1, 8, 27, 64]); // => 1
 */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): number {
  return pearson(ranks(x), ranks(y));
}

/**
 * Mean and sample standard deviation (n − 1).
 *
 * @example
 * meanSd([1, 2, 3]); // => { mean: 2, sd: 1 }
 */
export function meanSd(x: ArrayLike<number>): { mean: number; sd: number } {
  const n = x.length;
  let m = 0;
  for (let i = 0; i < n; i++) m += x[i];
  m /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (x[i] - m) ** 2;
  return { mean: m, sd: n > 1 ? Math.sqrt(ss / (n - 1)) : 0 };
}

/**
 * Solves A x = b by Gaussian elimination with partial pivoting; undefined
 * if A is (numerically) singular. A and b are not modified.
 *
 * @example
 * solveLinear([[2, 1], [1, 3]], [3, 5]); // => [0.8, 1.4]
 */
export function solveLinear(A: number[][], b: number[]): number[] | undefined {
  const k = b.length;
  const M = A.map((row, i) => [...row, b[i]]);
  const scale = Math.max(1e-300, ...A.map((row) => Math.max(...row.map(Math.abs))));
  for (let c = 0; c < k; c++) {
    let p = c;
    for (let r = c + 1; r < k; r++) if (Math.abs(M[r][c]) > Math.abs(M[p][c])) p = r;
    if (!(Math.abs(M[p][c]) > 1e-12 * scale)) return undefined;
    [M[c], M[p]] = [M[p], M[c]];
    for (let r = c + 1; r < k; r++) {
      const f = M[r][c] / M[c][c];
      if (f !== 0) for (let j = c; j <= k; j++) M[r][j] -= f * M[c][j];
    }
  }
  const x = new Array<number>(k).fill(0);
  for (let r = k - 1; r >= 0; r--) {
    let s = M[r][k];
    for (let j = r + 1; j < k; j++) s -= M[r][j] * x[j];
    x[r] = s / M[r][r];
  }
  return x;
}

/**
 * Standardised regression coefficients: least squares of the standardised
 * output on the standardised columns (normal equations). Returns the
 * coefficients (NaN for constant columns, which are left out) and R².
 *
 * @example
 * standardisedRegression([[1, 2, 3, 4], [0, 1, 0, 1]], [2, 4, 6, 8]).coefficients; // => [1, 0] (≈)
 */
export function standardisedRegression(columns: ArrayLike<number>[], y: ArrayLike<number>): { coefficients: number[]; r2: number } {
  const n = y.length;
  const ys = meanSd(y);
  const out = columns.map(() => NaN);
  if (!(ys.sd > 0) || n < 3) return { coefficients: out, r2: NaN };
  const used: number[] = [];
  const Z: Float64Array[] = [];
  columns.forEach((col, i) => {
    const s = meanSd(col);
    if (!(s.sd > 0) || !Number.isFinite(s.sd)) return;
    const z = new Float64Array(n);
    for (let r = 0; r < n; r++) z[r] = (col[r] - s.mean) / s.sd;
    used.push(i); Z.push(z);
  });
  const zy = new Float64Array(n);
  for (let r = 0; r < n; r++) zy[r] = (y[r] - ys.mean) / ys.sd;
  const k = Z.length;
  if (k === 0) return { coefficients: out, r2: 0 };
  const A = Z.map((a) => Z.map((b) => { let s = 0; for (let r = 0; r < n; r++) s += a[r] * b[r]; return s; }));
  const b = Z.map((a) => { let s = 0; for (let r = 0; r < n; r++) s += a[r] * zy[r]; return s; });
  const beta = solveLinear(A, b);
  if (!beta) return { coefficients: out, r2: NaN };
  used.forEach((i, j) => { out[i] = beta[j]; });
  // R² = βᵀ Zᵀy / yᵀy (both standardised).
  let r2 = 0;
  for (let j = 0; j < k; j++) r2 += beta[j] * b[j];
  return { coefficients: out, r2: r2 / (n - 1) };
}

/**
 * The p-quantile of a sorted sample (linear interpolation, type 7).
 *
 * @example
 * percentileSorted([1, 2, 3, 4, 5], 0.9); // => 4.6
 */
export function percentileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * p, lo = Math.floor(h), hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}
