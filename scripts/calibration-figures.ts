/**
 * Prints the figures docs/calibration.md marks as measured on the landscape
 * itself (its backtests come from the command line and
 * scripts/backtest-variants.ts): for each start month the phone makers'
 * starting shares, units, installed bases, cycles, repurchase rates, solved
 * loyalties and premium-tier fractions; the assistants' starting shares of
 * use; where Apple's replacing buyers go in the first year of the 2025-01
 * landscape (without noise and policies, parameters at their point values,
 * every launch at its typical strength; and the mean of 100 runs with its
 * posterior parameters and noise); Huawei's and Apple's annual shares of
 * 2022–2024 on the 2022-01 landscape as built, with Huawei's premium
 * fraction set to 34.4 % or 5 % and with its installed base at the
 * stationary level; the bundled posterior's summaries and
 * in-sample errors; the trackers' disagreement and the year-on-year
 * changes of the consensus shares on the logit scale.
 *
 * Run: npx tsx scripts/calibration-figures.ts
 */
import {
  chinaHistory, chinaLandscape, chinaPosterior, chinaSeasonality, createWorld, noiseFromDisagreement, prepareScenario, runScenario,
  type DeviceMarketSpec, type LandscapeSpec,
} from '../src/index.js';
import { phoneShareLevels } from '../src/landscapes/china/history.js';

const MAKERS = ['apple', 'huawei', 'honor', 'vivo', 'xiaomi', 'oppo'];
const BRANDS = [...MAKERS, 'others'];
const pct = (x: number, d = 1) => (100 * x).toFixed(d);

console.log('# The phone market at each start (consensus tracker, parameters at point values)');
for (const start of ['2022-01', '2023-01', '2024-01', '2025-01']) {
  const landscape = chinaLandscape({ start, parameters: 'point', policies: false });
  const phones = landscape.markets[0] as DeviceMarketSpec;
  const levels = phoneShareLevels('consensus', start);
  const plan = await prepareScenario({ id: 'figures', landscape, horizon: 1 });
  // The loyalties the start solves from the repurchase rates (docs/model.md, 4.3).
  const loyalty = (createWorld(plan, { seed: 1 }) as unknown as { markets: Array<{ loyalty: Float64Array }> }).markets[0].loyalty;
  console.log(`\n${start}: units ${phones.unitsPerYear} M a year; seasonality ${chinaSeasonality(start).map((x) => x.toFixed(3)).join(' ')}`);
  console.log('brand    level%  share%  base(M)  cycle  repurchase  loyalty  premium%');
  phones.participants.forEach((p, j) => {
    const level = MAKERS.includes(p.agent) ? pct(levels[p.agent as keyof typeof levels], 2) : '–';
    console.log([p.agent.padEnd(7), level.padStart(7), pct(p.initialShare, 2).padStart(7), String(p.installedBase).padStart(8),
      Number(p.replacementCycleMonths).toFixed(1).padStart(6), String(p.repurchaseRate).padStart(11), loyalty[j].toFixed(3).padStart(8),
      pct((p.tierShares as { premium: number }).premium).padStart(9)].join(' '));
  });
}

/** Where Apple's replacing buyers went over months 1–12, summed over runs. */
function appleFlows(make: () => LandscapeSpec, runs: number, noise: boolean): string {
  const sum: Record<string, number> = Object.fromEntries(BRANDS.map((b) => [b, 0]));
  for (let r = 0; r < runs; r++) {
    const result = runScenario({ id: 'flows', landscape: make(), horizon: 12, switches: { noise, policies: false } }, { seed: 42, run: r });
    for (const b of BRANDS) for (let t = 1; t <= 12; t++) sum[b] += result.at('phones', 'flow:apple', b, t);
  }
  const all = BRANDS.reduce((s, b) => s + sum[b], 0), leavers = all - sum.apple;
  return `stay ${pct(sum.apple / all)} %; of those who leave: ` + BRANDS.filter((b) => b !== 'apple').map((b) => `${b} ${pct(sum[b] / leavers)}`).join(', ') +
    `; of all: ` + BRANDS.filter((b) => b !== 'apple').map((b) => `${b} ${pct(sum[b] / all)}`).join(', ');
}
const assistants = chinaLandscape({ parameters: 'point' }).markets[1];
console.log(`\n# Assistants at 2025-01: shares of use ` + assistants.participants.map((p) => `${p.agent} ${pct(p.initialShare)}`).join(', '));

console.log('\n# Apple\'s replacing buyers, 2025-01 landscape, months 1–12');
const typical = () => {
  const landscape = chinaLandscape({ parameters: 'point', policies: false });
  landscape.parameters!.launchStrengthSd = 0;
  return landscape;
};
console.log('point parameters, launches at typical strength, no noise:', appleFlows(typical, 1, false));
console.log('posterior and noise, 100 runs:', appleFlows(() => chinaLandscape({ policies: false }), 100, true));

/**
 * A maker's unit-weighted annual shares of 2022, 2023 and 2024 on the
 * 2022-01 landscape the calibration fits (point parameters, launches at
 * typical strength, no noise, no policies), after `edit` changes Huawei's
 * participant.
 */
function annualPaths(edit: (huawei: DeviceMarketSpec['participants'][number], phones: DeviceMarketSpec) => void): string {
  const landscape = chinaLandscape({ start: '2022-01', parameters: 'point', policies: false });
  landscape.parameters!.launchStrengthSd = 0;
  const phones = landscape.markets[0] as DeviceMarketSpec;
  edit(phones.participants.find((p) => p.agent === 'huawei')!, phones);
  const result = runScenario({ id: 'paths', landscape, horizon: 36, switches: { noise: false, policies: false } }, { seed: 42, run: 0 });
  const annual = (agent: 'huawei' | 'apple', year: number) => {
    let sales = 0, units = 0;
    for (let t = 12 * year + 1; t <= 12 * year + 12; t++) {
      const s = result.at('phones', 'sales', agent, t);
      sales += s; units += s / result.at('phones', 'share', agent, t);
    }
    return pct(sales / units, 2);
  };
  return (['huawei', 'apple'] as const).map((a) => `${a} ${[0, 1, 2].map((y) => annual(a, y)).join(' ')}`).join('; ');
}
console.log('\n# Huawei and Apple, annual shares 2022 2023 2024 (%) from the 2022-01 landscape, point parameters, typical launches, no noise');
console.log('as built (Huawei premium 95 %):', annualPaths(() => {}));
for (const premium of [0.344, 0.05]) {
  console.log(`Huawei premium ${pct(premium)} %:`, annualPaths((h) => { h.tierShares = { mass: 1 - premium, premium }; }));
}
console.log('Huawei base stationary (its share × units × cycle):', annualPaths((h, phones) => {
  h.installedBase = (h.initialShare * Number(phones.unitsPerYear) * Number(h.replacementCycleMonths)) / 12;
}));

console.log('\n# The bundled posterior (src/data/china/posterior.json)');
const posterior = chinaPosterior();
for (const p of posterior.parameters) {
  const q = p.quantiles;
  console.log(`${p.path}: mean ${p.mean.toFixed(4)} sd ${p.sd.toFixed(4)}; P5 ${q.p5.toFixed(4)} P50 ${q.p50.toFixed(4)} P95 ${q.p95.toFixed(4)}`);
}
const d = posterior.diagnostics;
console.log(`figures ${d.settings.observations}, particles ${d.settings.particles}, model runs ${d.simulations}, ESS ${d.effectiveSampleSize.toFixed(0)}, ` +
  `fitting time ${(d.generations.reduce((s, g) => s + g.elapsedMs, 0) / 1000).toFixed(1)} s; ${d.stopped}`);
for (const g of d.generations) console.log(`  generation ${g.generation}: tolerance ${g.tolerance === null ? '∞' : g.tolerance.toFixed(4)}, acceptance ${g.acceptanceRate.toFixed(3)}`);
for (const n of posterior.noise) console.log(`noise ${n.group}: ${n.observations} figures, scale ${n.scale.toFixed(3)}`);
for (const [kind, period] of [['annual', /^\d{4}$/], ['quarterly', /Q/]] as const) {
  const rows = d.fit.filter((r) => period.test(r.period));
  const mae = (rs: typeof rows) => pct(rs.reduce((s, r) => s + Math.abs(r.fitted - r.observed), 0) / rs.length, 2);
  const bias = (rs: typeof rows) => pct(rs.reduce((s, r) => s + r.observed - r.fitted, 0) / rs.length, 2);
  console.log(`in sample, ${kind}: ${rows.length} figures, MAE ${mae(rows)} pp; by maker (MAE, published − fitted): ` +
    MAKERS.map((a) => { const ra = rows.filter((r) => r.agent === a); return `${a} ${mae(ra)} / ${bias(ra)}`; }).join(', '));
}

console.log('\n# The trackers\' phone shares');
const shares = chinaHistory().filter((o) => o.market === 'phones' && o.metric === 'share');
for (const [label, rows] of [['all', shares], ['before 2023', shares.filter((o) => o.period < '2023')], ['before 2024', shares.filter((o) => o.period < '2024')]] as const) {
  const noise = noiseFromDisagreement(rows);
  console.log(`disagreement (logit sd), ${label} (${rows.length} figures): pooled ${noise.pooled.share.toFixed(3)}; ` +
    [...noise.scales].map(([g, s]) => `${g} ${s.scale.toFixed(3)} (${s.figures})`).join(', '));
}
const logit = (p: number) => Math.log(p / (1 - p));
const consensus = (agent: string, period: string) => {
  const v = shares.filter((o) => o.agent === agent && o.period === period).map((o) => o.value);
  return v.length ? v.reduce((s, x) => s + x, 0) / v.length : undefined;
};
const changes: Record<string, number[]> = {};
for (const a of MAKERS) for (let y = 2021; y <= 2024; y++) for (const p of ['', '-Q1', '-Q2', '-Q3', '-Q4']) {
  const now = consensus(a, `${y}${p}`), before = consensus(a, `${y - 1}${p}`);
  if (now !== undefined && before !== undefined) (changes[a] ??= []).push(logit(now) - logit(before));
}
const sd = (v: number[]) => { const m = v.reduce((s, x) => s + x, 0) / v.length; return Math.sqrt(v.reduce((s, x) => s + (x - m) ** 2, 0) / (v.length - 1)); };
const pooled = Object.values(changes).flat();
console.log(`year-on-year change of the consensus share, logit (years and quarters of 2021–2024 on a year before): ${pooled.length} pairs, sd ${sd(pooled).toFixed(2)}; ` +
  MAKERS.map((a) => `${a} ${sd(changes[a]).toFixed(2)}`).join(', '));
