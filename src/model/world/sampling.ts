/**
 * Sampling one run: every uncertain input drawn from its own named stream
 * (or placed by a design, or fixed to a value), then the landscape, the
 * markets and the events of the run instantiated from those draws.
 */
import { RivalsimError } from '../../errors.js';
import { describe, sampleNumeric, within } from '../../random/distributions.js';
import { quantileOf } from '../../random/quantile.js';
import type { NormalDraws, StreamHandle } from '../../random/source.js';
import { startDependsOn } from './start.js';
import { type PlanAssistantMarket, type PlanDeviceMarket, type PlanInput, type PlanLaunch, type PlanRamp } from '../plan.js';
import type { AssistantMarketState, DeviceMarketState, Ramp } from './state.js';
import type { RunInputs } from './run-inputs.js';
import type { World } from './world.js';

/** Draws one numeric input of the run. */
export type InputDraw = (input: PlanInput) => number;

/**
 * The stream name of an input path: list positions replaced by ids
 * (`events[3].reviewMonths` → `input:events(apple+alibaba).reviewMonths`),
 * so fixing, adding or removing one input never shifts another's draw.
 */
function streamKeyOf(w: World, path: string): string {
  const plan = w.plan;
  return 'input:' + path
    .replace(/^events\[(\d+)\]/, (_, i) => `events(${plan.events[Number(i)]?.id ?? i})`)
    .replace(/^landscape\.agents\[(\d+)\]/, (_, i) => `agents(${plan.agents[Number(i)]?.id ?? i})`)
    .replace(/^landscape\.markets\[(\d+)\]\.participants\[(\d+)\]/, (_, i, k) => {
      const m = plan.markets[Number(i)];
      return `markets(${m?.id ?? i}).participants(${m ? plan.agents[m.participants[Number(k)]?.agent]?.id : k})`;
    })
    .replace(/^landscape\.markets\[(\d+)\]/, (_, i) => `markets(${plan.markets[Number(i)]?.id ?? i})`);
}

/**
 * What a world keeps of one input from run to run: the handle of its own
 * stream (its name built and looked up once, not once per run) and whether
 * the start's calibration depends on it (see `startDependsOn`).
 */
interface InputSlot {
  stream: StreamHandle | undefined;
  start: boolean;
  /** The index of its path in the world's run inputs (see {@link RunInputs}). */
  index: number;
}

const inputSlotsOf = new WeakMap<World, Map<PlanInput, InputSlot>>();

/**
 * The run's input draw: a plain number as is; an expression over the
 * parameters, checked against its field's range; otherwise a fixed value,
 * a design placement or a draw from the input's own stream.
 *
 * @example
 * const draw = inputDraw(world); draw(plan.events[0].reviewMonths); // => 4.2…
 */
export function inputDraw(w: World): InputDraw {
  let slots = inputSlotsOf.get(w);
  if (!slots) inputSlotsOf.set(w, (slots = new Map()));
  const cache = slots;
  const slotOf = (input: PlanInput): InputSlot => {
    let slot = cache.get(input);
    if (slot === undefined) cache.set(input, (slot = { stream: undefined, start: startDependsOn(w, input.path), index: w.runInputs.indexOf(input.path) }));
    return slot;
  };
  return (input) => {
    const value = input.value;
    if (typeof value === 'number') return value;
    const slot = slotOf(input);
    if ('kind' in value) {
      const v = value.evaluate(w.parameters);
      if (input.constraint && !within(v, input.constraint)) {
        throw new RivalsimError('Expression out of range', input.path, v, `${describe(input.constraint)} (from ${value.source})`);
      }
      keepInput(w, input.path, slot, v);
      return v;
    }
    let x: number;
    try {
      const fixed = w.values?.(input.path);
      if (fixed !== undefined) {
        if (!Number.isFinite(fixed)) throw new RivalsimError('Invalid fixed value', input.path, fixed, 'a finite number');
        keepInput(w, input.path, slot, fixed);
        return fixed;
      }
      const u = w.design?.(input.path);
      if (u !== undefined) x = quantileOf(value, u);
      else x = sampleNumeric(value, w.streams.sourceOf((slot.stream ??= w.streams.handle(streamKeyOf(w, input.path)))));
    } catch (e) {
      if (e instanceof RivalsimError) throw new RivalsimError('Cannot sample', input.path, value, e.expected);
      throw e;
    }
    keepInput(w, input.path, slot, x);
    return x;
  };
}

/**
 * Records input `path`'s value of the run in the world's run inputs (by
 * index: `w.inputs` is built from them only when read) and, when the start
 * depends on it, in the world's start inputs (in the order of `w.inputs`'
 * keys: a path drawn again keeps its place and takes its new value).
 */
function keepInput(w: World, path: string, slot: InputSlot, x: number): void {
  const first = w.runInputs.set(slot.index, x);
  if (slot.start) {
    const i = first ? -1 : w.startPaths.indexOf(path);
    if (i >= 0) w.startValues[i] = x;
    else { w.startPaths.push(path); w.startValues.push(x); }
  }
}

/** A sampled ramp. */
export function sampleRamp(r: PlanRamp, d: InputDraw): Ramp {
  switch (r.kind) {
    case 'bass': return { kind: 'bass', p: d(r.p), q: d(r.q) };
    case 'linear': return { kind: 'linear', months: d(r.months) };
    case 'immediate': return { kind: 'immediate' };
  }
}

function fillNormals(normals: NormalDraws, out: Float64Array, offset: number, count: number): void {
  for (let i = 0; i < count; i++) out[offset + i] = normals.next();
}

/**
 * Samples every input of a run into the world: parameters first (any
 * expression may use them), then agents, markets, the shocks' and
 * outages' streams, and the events.
 *
 * @example
 * sampleWorld(world); world.inputs['events[0].reviewMonths']; // => 4.2…
 */
export function sampleWorld(w: World): void {
  const plan = w.plan, nK = w.nK;
  const draw = (w.draw = inputDraw(w));
  for (const p of plan.parameters) w.parameters[p.name] = draw(p.input);
  w.baseAttr.fill(0);
  w.settledAI.fill(0);
  w.attrModDirty = true;
  w.capacity0.fill(Infinity);
  w.capacityGrowth.fill(0);
  for (let i = 0; i < w.nA; i++) {
    const a = plan.agents[i];
    for (const { attr, input } of a.attributes) w.baseAttr[i * nK + attr] = draw(input);
    if (a.capacity) {
      w.capacity0[i] = draw(a.capacity.concurrentUsers);
      w.capacityGrowth[i] = draw(a.capacity.growthPerMonth);
    }
  }
  for (const m of w.markets) {
    for (const k in m.series.data) m.series.data[k].fill(0);
    sampleCommon(w, m, draw);
    if (m.kind === 'devices') sampleDevices(w, m, draw); else sampleAssistants(m, draw);
    if (m.innovation !== 0) {
      const draws = w.shockDraws[m.index], names = w.noiseNames[m.index], H = plan.horizon;
      for (let j = 0; j < m.n; j++) fillNormals(w.streams.normal(names[j]), draws, j * H, H);
    }
  }
  for (let a = 0; a < w.nA; a++) {
    const name = w.outageNames[a];
    w.outageStreams[a] = name === undefined ? undefined : w.streams.generator(name);
  }
  sampleEvents(w, draw);
}

/** What both market kinds sample: weight drifts, the shock process, activity, loyalty inputs. */
function sampleCommon(w: World, m: DeviceMarketState | AssistantMarketState, draw: InputDraw): void {
  const p = m.plan, n = m.n;
  m.drift.length = p.drift.length;
  for (let i = 0; i < p.drift.length; i++) {
    const d = p.drift[i];
    m.drift[i] = { attr: d.attr, perMonth: draw(d.perMonth), limit: d.limit };
  }
  m.baseWeights.fill(0);
  for (const [k, input] of p.weightList) m.baseWeights[k] = draw(input);
  m.weights.set(m.baseWeights);
  const rho = p.shocks ? draw(p.shocks.persistence) : 0;
  const sd = p.shocks ? draw(p.shocks.sd) : 0;
  m.rho = rho;
  m.innovation = w.plan.noise ? sd * Math.sqrt(1 - rho * rho) : 0;
  for (let j = 0; j < n; j++) m.active[j] = p.participants[j].initialShare > 0 ? 1 : 0;
  m.eps.fill(0);
  m.topStep = -1;
  m.utilMod.fill(0);
  m.aiBonus.fill(0);
  m.defaultLoyalty = draw(p.defaultLoyalty);
  m.loyaltyFixed.length = m.repurchase.length = n;
  for (let j = 0; j < n; j++) {
    const q = p.participants[j];
    m.loyaltyFixed[j] = q.loyalty ? draw(q.loyalty) : q.repurchaseRate ? undefined : m.defaultLoyalty;
  }
  for (let j = 0; j < n; j++) {
    const q = p.participants[j];
    m.repurchase[j] = q.repurchaseRate ? draw(q.repurchaseRate) : undefined;
  }
}

/**
 * A device market's run: units, growth and seasonality; cycles and
 * starting installed bases by brand and tier (cycles scaled so that the
 * first month's replacements are `unitsPerYear / 12`); the nested logit's
 * parameters; and the product calendars' lifts.
 */
function sampleDevices(w: World, m: DeviceMarketState, draw: InputDraw): void {
  const p: PlanDeviceMarket = m.plan, n = m.n, K = m.K;
  m.units = draw(p.unitsPerYear) / 12;
  m.growth = draw(p.growthPerYear);
  m.monthlyGrowth = Math.pow(1 + m.growth, 1 / 12) - 1;
  m.demandBoost = 0;
  m.tierUtil.fill(0);
  if (p.seasonality) m.season.set(p.seasonality);
  m.unitsNow = m.units * m.season[w.cal[0]];
  m.gamma = draw(p.tierStickiness);
  m.lambda = K > 1 ? draw(p.nestDissimilarity) : 1;
  m.priceSensitivity = draw(p.priceSensitivity);
  const cycle = draw(p.replacementCycleMonths);
  const bases = new Float64Array(n), cycles = new Float64Array(n);
  let replacing = 0;
  for (let j = 0; j < n; j++) {
    const q = p.participants[j];
    let c = q.replacementCycleMonths ? draw(q.replacementCycleMonths) : cycle;
    let b = q.initialShare * m.units * c;
    if (q.installedBase) {
      b = draw(q.installedBase);
      // A base without a cycle: the cycle that replaces it at the brand's share of sales (a stationary start).
      if (!q.replacementCycleMonths) c = q.initialShare > 0 ? b / (q.initialShare * m.units) : cycle;
      if (q.initialShare > 0 && !(b >= 2 * q.initialShare * m.units)) {
        throw new RivalsimError('Installed base too small for the sales', `${q.path}.installedBase`, b,
          `at least 2 months of its sales (${(2 * q.initialShare * m.units).toFixed(3)})`);
      }
    }
    bases[j] = b;
    cycles[j] = c;
    replacing += b / c;
  }
  // Cycles keep their ratios; their level makes the first month's replacements the market's units.
  const scale = replacing > 0 ? replacing / m.units : 1;
  for (let j = 0; j < n; j++) {
    m.invCycle[j] = 1 / (cycles[j] * scale);
    for (let k = 0; k < K; k++) m.base[j * K + k] = bases[j] * m.tierShares[j * K + k];
  }
  sampleCalendars(w, m, draw);
}

/**
 * The product calendars of a device market's slots: the typical lift by
 * calendar month (`liftCal`) and this run's lift at each step (`lift`),
 * each launch's strength drawn per calendar year from the stream
 * `calendar:<agent>:<launch>` (lognormal with mean 1); launches before the
 * start keep their typical strength (the starting shares record them).
 */
function sampleCalendars(w: World, m: DeviceMarketState, draw: InputDraw): void {
  if (w.reference) { sampleCalendarsReference(w, m, draw); return; }
  const plan = w.plan, n = m.n, T1 = plan.horizon + 1, cal = w.cal, years = w.calYear;
  const firstYear = Number(plan.start.slice(0, 4)) - 1;
  const liftCal = m.liftCal ?? new Float64Array(n * 12);
  const lift = m.lift ?? new Float64Array(n * T1);
  liftCal.fill(0);
  lift.fill(0);
  let any = false;
  // Per launch: the decay by calendar month, 0.5^(age / half-life) (the same expression as the
  // reference's, computed once for the 12 months instead of once per step, and again only when
  // the half-life differs from the last run's), and the strength by year.
  const strength = calendarStrength, tables = decayTables(w);
  for (let j = 0; j < n; j++) {
    const a = plan.agents[m.agents[j]];
    const launches = a.launches;
    if (launches.length === 0) continue;
    const sd = draw(a.launchStrengthSd);
    for (let i = 0; i < launches.length; i++) {
      const l = launches[i];
      const height = draw(l.lift), half = draw(l.halfLifeMonths);
      if (height === 0) continue;
      any = true;
      const table = decayTable(tables, l, half), ages = table.ages, decay = table.decay;
      for (let c = 0; c < 12; c++) liftCal[j * 12 + c] += height * decay[c];
      const normals = sd > 0 ? w.streams.normal(nameOf(w, l, () => `calendar:${a.id}:${i}`)) : undefined;
      let drawn = 0;
      for (let t = 0; t < T1; t++) {
        const c = cal[t], age = ages[c];
        const year = years[t] - (c < l.month ? 1 : 0) - firstYear;
        while (drawn <= year) strength[drawn++] = normals ? Math.exp(sd * normals.next() - (sd * sd) / 2) : 1;
        // A launch before the start happened as the start's shares record it: typical strength.
        lift[j * T1 + t] += height * (t - age < 0 ? 1 : strength[year]) * decay[c];
      }
    }
  }
  m.liftCal = any ? liftCal : undefined;
  m.lift = any ? lift : undefined;
}

/** A launch's age (months since it) and decay, 0.5^(age / half-life), by calendar month, for one half-life. */
interface DecayTable { half: number; ages: Float64Array; decay: Float64Array }

const decayTablesOf = new WeakMap<World, Map<PlanLaunch, DecayTable>>();

/** The decay tables of `w`'s launches (kept from run to run). */
function decayTables(w: World): Map<PlanLaunch, DecayTable> {
  let tables = decayTablesOf.get(w);
  if (!tables) decayTablesOf.set(w, (tables = new Map()));
  return tables;
}

/** Launch `l`'s decay table for half-life `half`: the last run's when its half-life was the same, else computed anew. */
function decayTable(tables: Map<PlanLaunch, DecayTable>, l: PlanLaunch, half: number): DecayTable {
  let table = tables.get(l);
  if (!table) tables.set(l, (table = { half: NaN, ages: new Float64Array(12), decay: new Float64Array(12) }));
  // Object.is: a half-life of −0 is not 0 here (0.5^(age / −0) is not 0.5^(age / 0)).
  if (!Object.is(table.half, half)) {
    for (let c = 0; c < 12; c++) {
      const age = (c - l.month + 12) % 12;
      table.ages[c] = age;
      table.decay[c] = Math.pow(0.5, age / half);
    }
    table.half = half;
  }
  return table;
}

/** Scratch of {@link sampleCalendars}: a launch's strength by year. */
const calendarStrength: number[] = [];

const streamNames = new WeakMap<World, Map<object, string>>();

/** The stream name of a plan object (a launch, an event) in `w`, built by `build` once per world (not once per run). */
function nameOf(w: World, of: object, build: () => string): string {
  if (w.reference) return build();
  let names = streamNames.get(w);
  if (!names) streamNames.set(w, (names = new Map()));
  let name = names.get(of);
  if (name === undefined) names.set(of, (name = build()));
  return name;
}

/** The reference form of {@link sampleCalendars} (`World.reference`), as it was before its decay table and year table. */
function sampleCalendarsReference(w: World, m: DeviceMarketState, draw: InputDraw): void {
  const plan = w.plan, n = m.n, T1 = plan.horizon + 1;
  const firstYear = Number(plan.start.slice(0, 4)) - 1;
  const liftCal = m.liftCal ?? new Float64Array(n * 12);
  const lift = m.lift ?? new Float64Array(n * T1);
  liftCal.fill(0);
  lift.fill(0);
  let any = false;
  for (let j = 0; j < n; j++) {
    const a = plan.agents[m.agents[j]];
    if (a.launches.length === 0) continue;
    const sd = draw(a.launchStrengthSd);
    a.launches.forEach((l, i) => {
      const height = draw(l.lift), half = draw(l.halfLifeMonths);
      if (height === 0) return;
      any = true;
      for (let c = 0; c < 12; c++) liftCal[j * 12 + c] += height * Math.pow(0.5, ((c - l.month + 12) % 12) / half);
      const normals = sd > 0 ? w.streams.normal(`calendar:${a.id}:${i}`) : undefined;
      const strength: number[] = [];
      for (let t = 0; t < T1; t++) {
        const c = w.cal[t], age = (c - l.month + 12) % 12;
        const year = Number(plan.dates[t].slice(0, 4)) - (c < l.month ? 1 : 0) - firstYear;
        while (strength.length <= year) strength.push(normals ? Math.exp(sd * normals.next() - (sd * sd) / 2) : 1);
        // A launch before the start happened as the start's shares record it: typical strength.
        lift[j * T1 + t] += height * (t - age < 0 ? 1 : strength[year]) * Math.pow(0.5, age / half);
      }
    });
  }
  m.liftCal = any ? liftCal : undefined;
  m.lift = any ? lift : undefined;
}

/** An assistant market's run: population, habits, channels, capacity behaviour, starting users. */
function sampleAssistants(m: AssistantMarketState, draw: InputDraw): void {
  const p: PlanAssistantMarket = m.plan, n = m.n;
  m.users = draw(p.initialUsers);
  m.potential = draw(p.potential);
  if (m.potential < m.users) {
    throw new RivalsimError('Market potential below the starting users', p.potential.path, m.potential, `a potential ≥ initialUsers (${m.users})`);
  }
  m.bassP = draw(p.bassP);
  m.bassQ = draw(p.bassQ);
  const multiHoming = draw(p.multiHoming), trialFraction = draw(p.trialFraction);
  m.habitRate = draw(p.habitRate);
  m.trialChurn = draw(p.trialChurn);
  if (m.habitRate + m.trialChurn > 1) {
    throw new RivalsimError('Trial users leave the trial faster than they exist', p.trialChurn.path, m.trialChurn, `habitRate + trialChurn ≤ 1 (habitRate is ${m.habitRate})`);
  }
  const tau = p.reconsiderationRate ? draw(p.reconsiderationRate) : undefined;
  m.habitChurn = p.habitChurn ? draw(p.habitChurn) : tau !== undefined ? tau * (1 - m.defaultLoyalty) : 0.04;
  m.qualitySensitivity = draw(p.qualitySensitivity);
  m.trialUsage = draw(p.trialUsage);
  m.adoptionElasticity = draw(p.adoptionElasticity);
  m.peakConcurrency = draw(p.peakConcurrency);
  m.elasticity = draw(p.elasticity);
  m.outageHazard = draw(p.outageHazard);
  m.outageSeverity = draw(p.outageSeverity);
  m.channelAudience.fill(0);
  for (const c of p.channels) {
    const j = m.slotOf[c.provider];
    const audience = draw(c.audience) * draw(c.weight);
    if (j >= 0) m.channelAudience[j] += audience;
  }
  for (let j = 0; j < n; j++) {
    const q = p.participants[j];
    const users = q.initialShare * m.users * multiHoming;
    m.trial[j] = users * (q.trialFraction ? draw(q.trialFraction) : trialFraction);
    m.habit[j] = users - m.trial[j];
  }
}

/** The run's events, each input from its own stream; a declared partnership's approval from `event:<id>:approval`. */
function sampleEvents(w: World, d: InputDraw): void {
  for (const e of w.plan.events) {
    switch (e.type) {
      case 'aiLaunch':
        w.launches.push({ id: e.id, agent: e.agent, markets: e.markets, month: d(e.month), gain: d(e.gain), ramp: sampleRamp(e.ramp, d), logged: false, settled: false });
        break;
      case 'partnership': {
        const announce = d(e.announce);
        const approvalProbability = d(e.approvalProbability);
        const decision = announce + d(e.reviewMonths);
        const goLive = decision + d(e.goLiveDelayMonths);
        const approved = w.streams.get(nameOf(w, e, () => `event:${e.id}:approval`))() < approvalProbability;
        w.partnerships.push({
          id: e.id, deviceMaker: e.deviceMaker, provider: e.provider, deviceMarket: e.deviceMarket, assistantMarket: e.assistantMarket,
          announce, decision, approved, goLive: approved ? goLive : Infinity,
          integration: d(e.integrationQuality), privacy: d(e.privacyCap), visibility: d(e.visibility), adoption: d(e.adoption),
          ramp: sampleRamp(e.ramp, d), status: 'pending', rampNow: 0,
        });
        break;
      }
      case 'shock': {
        const halfLife = e.halfLife === undefined ? Infinity : d(e.halfLife);
        w.shocks.push({
          id: e.id, agents: e.agents, attr: e.attr, market: e.market, change: d(e.change),
          month: e.month === undefined ? undefined : d(e.month), hazard: e.hazard === undefined ? undefined : d(e.hazard),
          decay: Math.pow(0.5, 1 / halfLife), fired: false,
          stream: e.hazard === undefined ? undefined : w.streams.generator(nameOf(w, e, () => `event:${e.id}:hazard`)),
        });
        break;
      }
      case 'entry': case 'exit':
        w.memberships.push({
          id: e.id, type: e.type, agent: e.agent, market: e.market, month: d(e.month),
          choiceShare: e.type === 'entry' ? d(e.choiceShare) : 0,
          loyalty: e.type === 'entry' && e.loyalty ? d(e.loyalty) : undefined, done: false,
        });
        break;
      case 'subsidy': {
        const m = w.markets[e.market] as DeviceMarketState;
        const cut = d(e.priceCut);
        const from = Math.max(1, Math.ceil(d(e.month)));
        const to = e.endMonth === undefined ? Infinity : Math.floor(d(e.endMonth));
        w.subsidies.push({
          id: e.id, market: e.market, tiers: e.tiers, utility: m.priceSensitivity * -Math.log(1 - cut),
          demandBoost: d(e.demandBoost), from, to, started: false, ended: false,
        });
        break;
      }
    }
  }
}
