/**
 * Number formats shared by the command line's tables and the HTML report.
 */

/**
 * A probability or share as a percentage: `15.5%`, `<0.1%`, `>99.9%`, `–` for NaN.
 *
 * @example
 * pct(0.155); // => '15.5%'
 * pct(0.0001); // => '<0.1%'
 */
export function pct(x: number, digits = 1): string {
  if (!Number.isFinite(x)) return '–';
  const limit = 0.5 * 10 ** -(digits + 2);
  if (x > 0 && x < limit) return `<${(10 ** -digits).toFixed(digits)}%`;
  if (x < 1 && x > 1 - limit) return `>${(100 - 10 ** -digits).toFixed(digits)}%`;
  return `${(100 * x).toFixed(digits)}%`;
}

/**
 * A number with at most four significant digits (integers below 10⁷ in full).
 *
 * @example
 * num(0.791666); // => '0.7917'
 * num(250); // => '250'
 */
export function num(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (Number.isInteger(x) && Math.abs(x) < 1e7) return String(x);
  return String(Number(x.toPrecision(4)));
}
