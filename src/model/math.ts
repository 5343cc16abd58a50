/**
 * Small numerical kernels of the model, allocation free.
 */

/**
 * Numerically stable multinomial logit: writes `exp(u_i - max) / sum` into
 * `out` for the slots where `active[i]` is 1 and 0 elsewhere.
 *
 * @example
 * const out = new Float64Array(2);
 * softmax(Float64Array.of(0, Math.log(3)), Uint8Array.of(1, 1), out); // out => [0.25, 0.75]
 */
export function softmax(u: Float64Array, active: Uint8Array, out: Float64Array): void {
  const n = u.length;
  let max = -Infinity;
  for (let i = 0; i < n; i++) if (active[i] && u[i] > max) max = u[i];
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const e = active[i] ? Math.exp(u[i] - max) : 0;
    out[i] = e;
    sum += e;
  }
  const inv = 1 / sum;
  for (let i = 0; i < n; i++) out[i] *= inv;
}

/**
 * Cumulative Bass adoption F(t) = (1 - e^{-(p+q)t}) / (1 + (q/p) e^{-(p+q)t}), 0 for t ≤ 0.
 *
 * @example
 * bassCumulative(0, 0.03, 0.38); // => 0
 * bassCumulative(100, 0.03, 0.38); // => 0.99999...
 */
export function bassCumulative(t: number, p: number, q: number): number {
  if (t <= 0) return 0;
  const e = Math.exp(-(p + q) * t);
  return (1 - e) / (1 + (q / p) * e);
}

/**
 * One month of discrete Bass diffusion: new adopters (p + q N/M)(M − N).
 *
 * @example
 * bassIncrement(0, 100, 0.03, 0.38); // => 3
 */
export function bassIncrement(n: number, potential: number, p: number, q: number): number {
  if (n >= potential) return 0;
  return (p + (q * n) / potential) * (potential - n);
}
