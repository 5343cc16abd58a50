/**
 * Probe (not shipped): would porting the world's monthly numeric step to
 * WebAssembly pay? One piece measured: the device market's step
 * (World.stepDevices + World.recordDevices, src/model/world.ts) by hand in
 * devices.wat, against the JS methods of a real World of the flagship
 * scenario (apple-alibaba).
 *
 * 1. Capture: R runs of the real world (seed 1 plan, createRandomSource(42, r)),
 *    recording, for the phones market, its state after reset, each month's
 *    inputs that the rest of the world owns (ownAI, quality, utilMod,
 *    aiBonus, attrMod + its dirty flag, the assistant market's aiBonus,
 *    partnership status) and the recorded series.
 * 2. Check: replay each run in wasm from the captured state and inputs and
 *    compare the five series (and the final state) byte for byte.
 * 3. Time, alternating, medians over repetitions, in the same process:
 *    (a) JS: world.stepDevices + world.recordDevices over the horizon, the
 *        world's input fields pointed at the captured month (a field store each);
 *    (b) wasm, the month's inputs copied into linear memory (plain loops) then
 *        one JS→wasm call per month (step + record in one export), and the
 *        five series copied out to JS arrays at the end of each run;
 *    (c) as (b) without the series copy-out;
 *    (d) the wasm call alone (inputs already in memory: a world whose arrays
 *        are all views on the module's memory);
 *    (e) the copy-in loops alone (what (b) adds to (d)).
 * Timing replays the first --time-runs (16) captured runs --passes (12) times
 * per sample, so that the captured inputs stay in cache as a live world's do
 * (replaying all 200 runs' inputs, ~10 MB, measured cache misses instead).
 *
 * Usage: npx tsx test/bench/wasm-probe/probe.ts [--runs 200] [--reps 15]
 *        [--only js|wasm|wasmcopy --iters N]   (one variant N times, for callgrind)
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRandomSource, createWorld, scenarios } from '../../../src/index.js';
import { assemble } from '../../tools/build-wasm.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const RUNS = option('--runs', 200);
const REPS = option('--reps', 15);
/** Timing replays the first TIME_RUNS captured runs PASSES times a sample: their inputs stay in cache, as a real world's do. */
const TIME_RUNS = Math.min(RUNS, option('--time-runs', 16));
const PASSES = option('--passes', 12);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;

// ------------------------------------------------------------------ module

const WAT = fileURLToPath(new URL('./devices.wat', import.meta.url));
const bytes = await assemble(readFileSync(WAT, 'utf8'), 'devices.wat');
const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>), { Math: { exp: Math.exp } });
const wasm = instance.exports as unknown as {
  memory: WebAssembly.Memory;
  stepDevices(t: number, ownAI: number, quality: number, utilMod: number, aiBonus: number, attrMod: number, attrDirty: number, amBonus: number): void;
};
const buffer = wasm.memory.buffer;
const I32 = new Int32Array(buffer), F64 = new Float64Array(buffer), U8 = new Uint8Array(buffer);

// ------------------------------------------------------------------ world

const world: any = createWorld(scenarios['apple-alibaba'], { seed: 1 });
const plan = world.plan;
const H: number = plan.horizon, T1 = H + 1, nA: number = world.nA, nK: number = world.nK;
const m: any = world.markets.find((x: any) => x.kind === 'devices');
const am: any = world.markets.find((x: any) => x.kind === 'assistants');
const n: number = m.n;
const METRICS = ['share', 'aiCapability', 'sales', 'installedBase', 'installedBaseShare'] as const;

// ------------------------------------------------------------------ layout

let top = 256;
const alloc = (bytes: number) => { const at = top; top += (bytes + 7) & ~7; return at; };
const L = {
  agents: alloc(4 * n), active: alloc(n), alpha: alloc(8 * n), loyalty: alloc(8 * n),
  baseWeights: alloc(8 * nK), weights: alloc(8 * nK), drift: alloc(32 * 8), fixed: alloc(4 * nK), moving: alloc(4 * nK),
  fixedU: alloc(8 * n), eps: alloc(8 * n), util: alloc(8 * n), prob: alloc(8 * n), attrAI: alloc(8 * n),
  lift: alloc(8 * n * 12), season: alloc(8 * 12), base: alloc(8 * n), invCycle: alloc(8 * n), origin: alloc(8 * n),
  share: alloc(8 * n), draws: alloc(8 * n * H), cal: alloc(4 * T1),
  dShare: alloc(8 * n * T1), dAI: alloc(8 * n * T1), dSales: alloc(8 * n * T1), dBase: alloc(8 * n * T1), dBaseShare: alloc(8 * n * T1),
  baseAttr: alloc(8 * nA * nK), parts: alloc(64 * 4),
  // inputs owned by the rest of the world
  ownAI: alloc(8 * nA), quality: alloc(8 * nA), utilMod: alloc(8 * n), aiBonus: alloc(8 * n), attrMod: alloc(8 * nA * nK), amBonus: alloc(8 * am.n),
};
if (top > buffer.byteLength) throw new Error('memory too small');
const SERIES_AT = { share: L.dShare, aiCapability: L.dAI, sales: L.dSales, installedBase: L.dBase, installedBaseShare: L.dBaseShare };
const i32 = (at: number, v: number) => { I32[at >> 2] = v; };
const f64 = (at: number, v: number) => { F64[at >> 3] = v; };
const f64s = (at: number, a: ArrayLike<number>) => { F64.set(a as Float64Array, at >> 3); };
const view = (at: number, len: number) => new Float64Array(buffer, at, len);

/** The header: fixed structure of the market (same for every run). */
function writeHeader(): void {
  i32(0, n); i32(4, nK); i32(8, H); i32(12, T1); i32(20, m.fixedAttrs.length); i32(24, m.movingAttrs.length);
  i32(28, m.usesAI ? 1 : 0); i32(32, m.usesReach ? 1 : 0);
  const ptrs: Array<[number, number]> = [
    [44, L.agents], [48, L.active], [52, L.alpha], [56, L.loyalty], [60, L.baseWeights], [64, L.weights], [68, L.drift],
    [72, L.fixed], [76, L.moving], [80, L.fixedU], [84, L.eps], [88, L.util], [92, L.prob], [96, L.attrAI], [100, L.lift],
    [104, L.season], [108, L.base], [112, L.invCycle], [116, L.origin], [120, L.share], [124, L.draws], [128, L.cal],
    [132, L.dShare], [136, L.dAI], [140, L.dSales], [144, L.dBase], [148, L.dBaseShare], [152, L.baseAttr], [156, L.parts],
  ];
  for (const [at, p] of ptrs) i32(at, p);
  I32.set(m.agents, L.agents >> 2);
  I32.set(m.fixedAttrs, L.fixed >> 2);
  I32.set(m.movingAttrs, L.moving >> 2);
  I32.set(world.cal, L.cal >> 2);
}

/** A partnership entry of the device market (status aside). */
interface Part { slot: number; provider: number; amSlot: number; kind: number; integration: number; privacy: number; goLive: number; a: number; b: number }

/** The market's state after reset, for one run. */
interface Init {
  active: Uint8Array; alpha: Float64Array; loyalty: Float64Array; baseWeights: Float64Array; weights: Float64Array;
  drift: Array<{ attr: number; perMonth: number; limit?: number }>; fixedU: Float64Array; eps: Float64Array; util: Float64Array;
  prob: Float64Array; attrAI: Float64Array; lift?: Float64Array; season: Float64Array; base: Float64Array; invCycle: Float64Array;
  origin: Float64Array; share: Float64Array; draws: Float64Array; baseAttr: Float64Array; rho: number; innovation: number;
  monthlyGrowth: number; unitsNow: number; parts: Part[]; series0: Record<string, Float64Array>;
}

/** Each month's inputs from the rest of the world, `[t]` for t = 1..H. */
interface Inputs {
  ownAI: Float64Array[]; quality: Float64Array[]; utilMod: Float64Array[]; aiBonus: Float64Array[]; attrMod: Float64Array[];
  dirty: boolean[]; amBonus: Float64Array[]; status: string[][]; live: Int32Array[];
}

interface Capture { init: Init; inputs: Inputs; series: Record<string, Float64Array>; final: Record<string, Float64Array> }

const rampKind = (r: any) => (r.kind === 'immediate' ? 0 : r.kind === 'linear' ? 1 : 2);

function devicePartnerships(): any[] {
  return world.partnerships.filter((p: any) => p.deviceMarket === m.index);
}

function snapshotInit(): Init {
  const parts: Part[] = devicePartnerships().map((p: any) => {
    const pm = world.markets[p.assistantMarket];
    if (pm !== am) throw new Error('probe assumes one assistant market');
    return {
      slot: m.slotOf[p.deviceMaker], provider: p.provider, amSlot: pm.slotOf[p.provider], kind: rampKind(p.ramp),
      integration: p.integration, privacy: p.privacy, goLive: p.goLive,
      a: p.ramp.kind === 'linear' ? p.ramp.months : p.ramp.kind === 'bass' ? p.ramp.p : 0, b: p.ramp.kind === 'bass' ? p.ramp.q : 0,
    };
  });
  const series0: Record<string, Float64Array> = {};
  for (const k of METRICS) series0[k] = m.series.data[k].slice();
  return {
    active: m.active.slice(), alpha: m.alpha.slice(), loyalty: m.loyalty.slice(), baseWeights: m.baseWeights.slice(), weights: m.weights.slice(),
    drift: m.drift.map((d: any) => ({ ...d })), fixedU: m.fixedU.slice(), eps: m.eps.slice(), util: m.util.slice(), prob: m.prob.slice(),
    attrAI: m.attrAI.slice(), lift: m.lift?.slice(), season: m.season.slice(), base: m.base.slice(), invCycle: m.invCycle.slice(),
    origin: m.origin.slice(), share: m.share.slice(), draws: world.shockDraws[m.index].slice(), baseAttr: world.baseAttr.slice(),
    rho: m.rho, innovation: m.innovation, monthlyGrowth: m.monthlyGrowth, unitsNow: m.unitsNow, parts, series0,
  };
}

/** Runs the real world for run r, capturing the device market's state, inputs and outputs. */
function capture(r: number): Capture {
  world.reset(createRandomSource(42, r));
  const init = snapshotInit();
  const inputs: Inputs = { ownAI: [], quality: [], utilMod: [], aiBonus: [], attrMod: [], dirty: [], amBonus: [], status: [], live: [] };
  const orig = Object.getPrototypeOf(world).stepDevices;
  world.stepDevices = function (this: any, mm: any, t: number) {
    if (mm === m) {
      inputs.ownAI[t] = this.ownAI.slice(); inputs.quality[t] = this.quality.slice();
      inputs.utilMod[t] = m.utilMod.slice(); inputs.aiBonus[t] = m.aiBonus.slice(); inputs.attrMod[t] = this.attrModDirty ? this.attrMod.slice() : this.attrMod; // unread when clean
      inputs.dirty[t] = this.attrModDirty; inputs.amBonus[t] = am.aiBonus.slice();
      const ps = devicePartnerships();
      inputs.status[t] = ps.map((p: any) => p.status);
      inputs.live[t] = Int32Array.from(ps, (p: any) => (p.status === 'live' ? 1 : 0));
    }
    return orig.call(this, mm, t);
  };
  try { while (!world.done) world.step(); } finally { delete world.stepDevices; }
  const series: Record<string, Float64Array> = {};
  for (const k of METRICS) series[k] = m.series.data[k].slice();
  const final = { base: m.base.slice(), share: m.share.slice(), eps: m.eps.slice(), prob: m.prob.slice(), util: m.util.slice(), origin: m.origin.slice(), attrAI: m.attrAI.slice(), weights: m.weights.slice(), unitsNow: Float64Array.of(m.unitsNow) };
  return { init, inputs, series, final };
}

/** Loads a run's state into wasm memory. */
function loadInit(c: Init): void {
  U8.set(c.active, L.active);
  f64s(L.alpha, c.alpha); f64s(L.loyalty, c.loyalty); f64s(L.baseWeights, c.baseWeights); f64s(L.weights, c.weights);
  i32(16, c.drift.length);
  c.drift.forEach((d, i) => {
    const e = L.drift + 32 * i;
    i32(e, d.attr); i32(e + 4, d.limit !== undefined ? 1 : 0); f64(e + 8, d.perMonth); f64(e + 16, d.limit ?? 0);
  });
  f64s(L.fixedU, c.fixedU); f64s(L.eps, c.eps); f64s(L.util, c.util); f64s(L.prob, c.prob); f64s(L.attrAI, c.attrAI);
  i32(36, c.lift ? 1 : 0); if (c.lift) f64s(L.lift, c.lift);
  f64s(L.season, c.season); f64s(L.base, c.base); f64s(L.invCycle, c.invCycle); f64s(L.origin, c.origin); f64s(L.share, c.share);
  f64s(L.draws, c.draws); f64s(L.baseAttr, c.baseAttr);
  f64(160, c.rho); f64(168, c.innovation); f64(176, c.monthlyGrowth); f64(184, c.unitsNow);
  i32(40, c.parts.length);
  c.parts.forEach((p, i) => {
    const e = L.parts + 64 * i;
    i32(e, 0); i32(e + 4, p.slot); i32(e + 8, p.provider); i32(e + 12, p.amSlot); i32(e + 16, p.kind);
    f64(e + 24, p.integration); f64(e + 32, p.privacy); f64(e + 40, p.goLive); f64(e + 48, p.a); f64(e + 56, p.b);
  });
  for (const k of METRICS) f64s(SERIES_AT[k], c.series0[k]);
}

// Copies into memory with plain loops (cheaper than TypedArray#set for a dozen elements).
const oA = L.ownAI >> 3, oQ = L.quality >> 3, oU = L.utilMod >> 3, oB = L.aiBonus >> 3, oM = L.attrMod >> 3, oAB = L.amBonus >> 3, oLive = L.parts >> 2;
function copyIn(inp: Inputs, t: number): number {
  const own = inp.ownAI[t], q = inp.quality[t], u = inp.utilMod[t], b = inp.aiBonus[t], ab = inp.amBonus[t], live = inp.live[t];
  for (let i = 0; i < nA; i++) { F64[oA + i] = own[i]; F64[oQ + i] = q[i]; }
  for (let j = 0; j < n; j++) { F64[oU + j] = u[j]; F64[oB + j] = b[j]; }
  for (let j = 0; j < ab.length; j++) F64[oAB + j] = ab[j];
  for (let i = 0; i < live.length; i++) I32[oLive + 16 * i] = live[i];
  if (!inp.dirty[t]) return 0;
  const mod = inp.attrMod[t];
  for (let i = 0; i < mod.length; i++) F64[oM + i] = mod[i];
  return 1;
}

function wasmRun(c: Capture): void {
  const inp = c.inputs;
  for (let t = 1; t <= H; t++) {
    const dirty = copyIn(inp, t);
    wasm.stepDevices(t, L.ownAI, L.quality, L.utilMod, L.aiBonus, L.attrMod, dirty, L.amBonus);
  }
}

const same = (a: Float64Array, b: Float64Array) => {
  if (a.length !== b.length) return false;
  const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength), y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
};

// ------------------------------------------------------------------ capture + check

writeHeader();
const t0 = performance.now();
const caps: Capture[] = [];
for (let r = 0; r < RUNS; r++) caps.push(capture(r));
console.log(`captured ${RUNS} runs in ${(performance.now() - t0).toFixed(0)} ms; phones n=${n}, horizon ${H}, partnerships ${caps[0].init.parts.length}, ` +
  `months with attrMod dirty: ${caps.reduce((s, c) => s + c.inputs.dirty.filter(Boolean).length, 0)}, ` +
  `with utilMod ≠ 0: ${caps.reduce((s, c) => s + c.inputs.utilMod.filter((u) => u && u.some((x) => x !== 0)).length, 0)}, ` +
  `with a live partnership: ${caps.reduce((s, c) => s + c.inputs.live.filter((l) => l && l.some((x) => x)).length, 0)}`);

let bad = 0;
for (let r = 0; r < RUNS; r++) {
  const c = caps[r];
  loadInit(c.init);
  wasmRun(c);
  const diffs: string[] = [];
  for (const k of METRICS) if (!same(view(SERIES_AT[k], n * T1), c.series[k])) diffs.push(k);
  const fin: Record<string, number> = { base: L.base, share: L.share, eps: L.eps, prob: L.prob, util: L.util, origin: L.origin, attrAI: L.attrAI };
  for (const k in fin) if (!same(view(fin[k], n), c.final[k])) diffs.push(`final ${k}`);
  if (!same(view(L.weights, nK), c.final.weights)) diffs.push('final weights');
  if (!same(view(184, 1), c.final.unitsNow)) diffs.push('final unitsNow');
  if (diffs.length) { bad++; if (bad <= 5) console.log(`run ${r}: differs in ${diffs.join(', ')}`); }
}
console.log(`bit-identity: ${RUNS - bad}/${RUNS} runs identical (5 series × ${n} slots × ${T1} steps, and the final state)`);
if (bad) process.exitCode = 1;

// ------------------------------------------------------------------ timing

const stepDevices = Object.getPrototypeOf(world).stepDevices as (m: any, t: number) => void;
const recordDevices = Object.getPrototypeOf(world).recordDevices as (m: any, t: number, T1: number) => void;
const devParts = devicePartnerships;

/** (a) The JS step and record over every captured run, inputs pointed at (field stores). */
function timeJS(): number {
  let sink = 0;
  const start = performance.now();
  for (let p = 0; p < PASSES; p++) for (let r = 0; r < TIME_RUNS; r++) {
    const inp = caps[r].inputs;
    const ps = devParts();
    for (let t = 1; t <= H; t++) {
      world.t = t;
      world.ownAI = inp.ownAI[t]; world.quality = inp.quality[t]; world.attrMod = inp.attrMod[t]; world.attrModDirty = inp.dirty[t];
      m.utilMod = inp.utilMod[t]; m.aiBonus = inp.aiBonus[t]; am.aiBonus = inp.amBonus[t];
      const st = inp.status[t];
      for (let i = 0; i < ps.length; i++) ps[i].status = st[i];
      stepDevices.call(world, m, t);
      recordDevices.call(world, m, t, T1);
    }
    sink += m.base[0];
  }
  const ms = performance.now() - start;
  if (sink === 42) console.log('');
  return ms;
}

const seriesOut: Record<string, Float64Array> = {};
for (const k of METRICS) seriesOut[k] = new Float64Array(n * T1);
const seriesViews = METRICS.map((k) => [seriesOut[k], view(SERIES_AT[k], n * T1)] as const);

/** (b)/(c) Copy the month's inputs in, call; (b) also copies the series out after each run. */
function timeWasm(copyOut: boolean): number {
  let sink = 0;
  const start = performance.now();
  for (let p = 0; p < PASSES; p++) for (let r = 0; r < TIME_RUNS; r++) {
    const inp = caps[r].inputs;
    for (let t = 1; t <= H; t++) {
      const dirty = copyIn(inp, t);
      wasm.stepDevices(t, L.ownAI, L.quality, L.utilMod, L.aiBonus, L.attrMod, dirty, L.amBonus);
    }
    if (copyOut) {
      // TypedArray#set between two views: a memcpy of n × T1 doubles per metric.
      for (let s = 0; s < seriesViews.length; s++) seriesViews[s][0].set(seriesViews[s][1]);
    }
    sink += F64[L.base >> 3];
  }
  const ms = performance.now() - start;
  if (sink === 42) console.log('');
  return ms;
}

/** (d) The call alone: inputs as they are in memory (a world whose arrays live in wasm memory needs no copy). */
function timeWasmCall(): number {
  const start = performance.now();
  for (let p = 0; p < PASSES; p++) for (let r = 0; r < TIME_RUNS; r++) {
    for (let t = 1; t <= H; t++) wasm.stepDevices(t, L.ownAI, L.quality, L.utilMod, L.aiBonus, L.attrMod, 0, L.amBonus);
  }
  return performance.now() - start;
}

/** (e) The copies of (b) alone. */
function timeCopy(): number {
  let sink = 0;
  const start = performance.now();
  for (let p = 0; p < PASSES; p++) for (let r = 0; r < TIME_RUNS; r++) {
    const inp = caps[r].inputs;
    for (let t = 1; t <= H; t++) sink += copyIn(inp, t);
  }
  const ms = performance.now() - start;
  if (sink === 42) console.log('');
  return ms;
}

/** (f) Whole flagship runs (reset + 36 steps, no summaries) on a separate world, for the device step's share of a run. */
const world2: any = createWorld(scenarios['apple-alibaba'], { seed: 1 });
const sources = Array.from({ length: TIME_RUNS }, (_, r) => createRandomSource(42, r));
function timeWorld(): number {
  const start = performance.now();
  for (let r = 0; r < TIME_RUNS; r++) { world2.reset(sources[r]); world2.runView(); }
  return performance.now() - start;
}

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
const slotSteps = PASSES * TIME_RUNS * H * n;
const ns = (ms: number) => (ms * 1e6) / slotSteps;

if (only) {
  // For callgrind: one variant, --iters passes over the captured runs.
  const iters = option('--iters', 10);
  loadInit(caps[0].init);
  for (let i = 0; i < iters; i++) (only === 'js' ? timeJS() : only === 'wasm' ? timeWasmCall() : timeWasm(true));
  console.log(`${only}: ${iters} × ${PASSES} × ${TIME_RUNS} runs done`);
} else {
  loadInit(caps[0].init);
  // Warm-up (the capture already ran the JS methods inside whole worlds, so their feedback is realistic).
  for (let i = 0; i < 5; i++) { timeJS(); timeWasm(true); timeWasm(false); timeWasmCall(); timeCopy(); }
  const res: Record<string, number[]> = { js: [], wasmCopyInOut: [], wasmCopyIn: [], wasmCall: [], copyOnly: [] };
  const worldMs: number[] = [];
  for (let rep = 0; rep < REPS; rep++) {
    res.js.push(timeJS());
    res.wasmCopyInOut.push(timeWasm(true));
    res.wasmCopyIn.push(timeWasm(false));
    res.wasmCall.push(timeWasmCall());
    res.copyOnly.push(timeCopy());
  }
  // Separately afterwards: interleaved with (a), whole worlds made (a) bimodal (the replay's field
  // stores into `world` and world2's own fields flip the JIT's field-constness assumptions).
  for (let i = 0; i < 5; i++) timeWorld();
  for (let rep = 0; rep < REPS; rep++) worldMs.push(timeWorld());
  const med: Record<string, number> = {};
  for (const k in res) med[k] = ns(median(res[k]));
  console.log(`\nns per slot-step (medians of ${REPS}; ${PASSES} passes × ${TIME_RUNS} runs × ${H} months × ${n} slots = ${slotSteps} slot-steps a pass; ns per market-month = × ${n}):`);
  const label: Record<string, string> = {
    js: '(a) JS stepDevices + recordDevices',
    wasmCopyInOut: '(b) wasm, copy inputs in + series out',
    wasmCopyIn: '(c) wasm, copy inputs in',
    wasmCall: '(d) wasm call only (state in memory)',
    copyOnly: '(e) copy-in loops alone',
  };
  for (const k in med) {
    const min = ns(Math.min(...res[k])), max = ns(Math.max(...res[k]));
    console.log(`  ${label[k].padEnd(42)} ${med[k].toFixed(2).padStart(7)}  [min ${min.toFixed(2)}, max ${max.toFixed(2)}]` +
      (k === 'js' ? '' : `   JS / this = ${(med.js / med[k]).toFixed(2)}×`));
  }
  const runUs = (median(worldMs) * 1000) / TIME_RUNS, devUs = (med.js * H * n) / 1000;
  console.log(`\n(f) whole flagship run (reset + run, no summaries): ${runUs.toFixed(1)} µs; the JS device step + record is ${devUs.toFixed(1)} µs of it ` +
    `(${((100 * devUs) / runUs).toFixed(1)}%, if the isolated replay's cost holds inside the world); ` +
    `at (d)'s speed it would save ${(devUs - (med.wasmCall * H * n) / 1000).toFixed(1)} µs a run, at (b)'s ${(devUs - (med.wasmCopyInOut * H * n) / 1000).toFixed(1)} µs`);
}
