/**
 * Fits the product-calendar lifts of the China landscape to the makers'
 * quarterly seasonal indices (the consensus of the trackers, 2021–2024;
 * Huawei's from Counterpoint Market Pulse, whose quarters its 2023 rise does
 * not dominate): least squares by coordinate search on the model without
 * noise and policies, its parameters at their point values (the posterior
 * medians: the default `'posterior'` would draw them, and the lifts with
 * them), launch strengths from seed 0, the second simulated year's quarterly
 * shares (unit-weighted) over their mean, with a small ridge penalty. Prints the lifts to copy
 * into src/data/china/landscape.json (launchCalendar). Run: npx tsx scripts/fit-calendars.ts
 */
import { chinaLandscape, runScenario, type LandscapeSpec, type RunResult } from '../src/index.js';

const TARGET: Record<string, number[]> = {
  apple: [1.006, 0.844, 0.871, 1.28],
  huawei: [0.95, 0.94, 1.0, 1.11],
  honor: [0.886, 0.958, 1.14, 1.016],
  vivo: [0.981, 1.081, 1.035, 0.902],
  xiaomi: [0.968, 1.075, 0.967, 0.99],
  oppo: [1.094, 1.041, 0.999, 0.866],
};

/** Weight of the ridge penalty on the lifts. */
const RIDGE = 0.003;

const base = chinaLandscape({ policies: false, parameters: 'point' });
const slots = base.agents.flatMap((a) => (a.launches ?? []).map((_, i) => ({ agent: a.id, i })));
const lifts = slots.map(({ agent, i }) => Number(base.agents.find((a) => a.id === agent)!.launches![i].lift));

function withLifts(x: number[]): LandscapeSpec {
  const l = chinaLandscape({ policies: false, parameters: 'point' });
  slots.forEach(({ agent, i }, k) => { l.agents.find((a) => a.id === agent)!.launches![i].lift = x[k]; });
  return l;
}

/** A quarter's share, weighted by units as trackers report it: the agent's sales over the market's, months t0 … t0 + 2. */
function quarterShare(r: RunResult, agent: string, t0: number): number {
  let own = 0, all = 0;
  for (let t = t0; t < t0 + 3; t++) {
    own += r.at('phones', 'sales', agent, t);
    for (const b of r.market('phones').agents) all += r.at('phones', 'sales', b, t);
  }
  return own / all;
}

function loss(x: number[]): number {
  const r = runScenario({ id: 'fit', landscape: withLifts(x), horizon: 24, switches: { noise: false, policies: false } });
  let err = 0;
  for (const [agent, target] of Object.entries(TARGET)) {
    const q = [0, 1, 2, 3].map((k) => quarterShare(r, agent, 12 + 3 * k));
    const mean = q.reduce((a, b) => a + b, 0) / 4;
    q.forEach((v, k) => { err += (v / mean - target[k]) ** 2; });
  }
  // A small ridge penalty: the indices are relative, so lifts that offset each other would otherwise grow without need.
  return err + RIDGE * x.reduce((s, v) => s + v * v, 0);
}

let x = lifts.slice(), best = loss(x);
for (let step = 0.2; step > 0.004; step /= 2) {
  let improved = true;
  while (improved) {
    improved = false;
    for (let k = 0; k < x.length; k++) {
      for (const d of [step, -step]) {
        const y = x.slice(); y[k] = Math.max(0, y[k] + d);
        const e = loss(y);
        if (e < best - 1e-12) { x = y; best = e; improved = true; }
      }
    }
  }
}
console.log('loss', best.toFixed(5), 'rms', Math.sqrt(best / 24).toFixed(4));
slots.forEach(({ agent, i }, k) => console.log(agent, i, x[k].toFixed(3)));
