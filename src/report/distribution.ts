/**
 * Distributions in words, for the reports and `rivalsim describe`.
 */
import { meanOf, type Distribution } from '../random/distributions.js';
import { num } from './format.js';

/**
 * A distribution in words: `beta(alpha 6, beta 3; mean 0.6667)`.
 *
 * @example
 * formatDistribution({ dist: 'uniform', min: 3, max: 8 }); // => 'uniform(min 3, max 8; mean 5.5)'
 */
export function formatDistribution(d: Distribution): string {
  const { dist, ...params } = d as Distribution & Record<string, unknown>;
  const args = Object.entries(params).map(([k, v]) => `${k} ${Array.isArray(v) ? `[${v.map((x) => num(Number(x))).join(', ')}]` : typeof v === 'number' ? num(v) : String(v)}`);
  let mean = '';
  try {
    const m = meanOf(d);
    if (Number.isFinite(m)) mean = `; mean ${num(m)}`;
  } catch {
    // no mean for this one
  }
  return `${String(dist)}(${args.join(', ')}${mean})`;
}
