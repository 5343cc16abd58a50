/**
 * One simulated world: a compiled plan, sampled for one run, advanced month
 * by month. Everything random draws from named sub-streams of the run's
 * source (see {@link StreamFamily}), so a world is a pure function of
 * (plan, source, design, values). The mechanisms live beside this file, one
 * module each: sampling, the start, attributes, capacity, the device
 * market, the assistant market, events, policies and observations.
 */
import { RivalsimError } from '../../errors.js';
import { createRandomSource, StreamFamily, type RandomSource, type Seed, type TycheI } from '../../random/source.js';
import { compileScenario, type Plan } from '../compile.js';
import { withCustomMetrics } from '../metrics.js';
import type { Observation } from '../policy-types.js';
import { ASSISTANT_METRICS, DEVICE_METRICS, FLOW_PREFIX, RunResult, flowMetric, type EventLogEntry, type MarketSeries } from '../result.js';
import { calendarMonthAt } from '../time.js';
import type { ScenarioSpec } from '../types.js';
import { stepAssistants } from './assistants.js';
import { updateAttributes } from './attributes.js';
import { updatePartnershipsAndCapacity } from './capacity.js';
import { stepDevices } from './devices.js';
import { runEvents } from './events.js';
import { AgentObservation } from './observation.js';
import { policyEntries, runPolicies, type PolicyEntry } from './policies.js';
import { record } from './record.js';
import { RunInputs } from './run-inputs.js';
import { sampleWorld, type InputDraw } from './sampling.js';
import { calibrateStart, type Calibration } from './start.js';
import {
  allocateAssistantMarket, allocateDeviceMarket,
  type Effect, type Launch, type MarketState, type Membership, type Partnership, type Shock, type Subsidy,
} from './state.js';

/**
 * How to seed a world: a ready random source, or a seed (and optionally the
 * Monte Carlo run index, whose stream depends on (seed, run) alone).
 *
 * @example
 * const a: WorldOptions = { seed: 42 };
 * const b: WorldOptions = { seed: 42, run: 17 };
 * const c: WorldOptions = { source: createRandomSource('study', 3) };
 */
export interface WorldOptions {
  source?: RandomSource;
  seed?: Seed;
  run?: number;
  /** Placement of designed inputs (Latin hypercube, Iman–Conover): u ∈ (0, 1) by input path. */
  design?: (path: string) => number | undefined;
  /**
   * Uncertain inputs fixed to values by path (a calibration particle, a
   * posterior draw): `parameters.aiWeight`, `events[0].reviewMonths`, …
   * A value given here wins over the design and the input's own stream.
   */
  values?: (path: string) => number | undefined;
  /** @internal false sends built-in policies through the generic path (a test hook). */
  nativePolicies?: boolean;
  /** @internal true runs the reference forms of the optimised mechanisms (a test and bench hook; see {@link engineSettings}). */
  reference?: boolean;
}

/**
 * @internal The engine new worlds run: `reference: true` makes every world
 * created afterwards (also those `simulate` creates) run the reference
 * forms of the mechanisms that have a faster form, which must give the same
 * bits. The bench alternates the two in one process; tests compare them.
 */
export const engineSettings = { reference: false };

/**
 * A world in motion. Create it with {@link createWorld}, advance it with
 * {@link World.step} or {@link World.run}, read it with {@link World.result}.
 * Its fields are the run's state, read and written by the mechanisms'
 * modules (internal: not part of the public API).
 *
 * @example
 * const world = createWorld(scenario, { seed: 7 });
 * while (!world.done) world.step();
 * world.result().shares('phones'); // => { apple: 0.15..., … }
 */
export class World {
  /** The compiled scenario. */
  readonly plan: Plan;
  /** The last computed step (0 after creation). */
  t = 0;
  /** @internal The run's named sub-streams; one family, reseeded for each run. */
  readonly streams = new StreamFamily();
  /** @internal This run's sampled uncertain inputs, by index (see {@link World.inputs}). */
  readonly runInputs = new RunInputs();
  /** @internal Parameters by name. */
  parameters: Record<string, number> = {};
  /** @internal The inputs the start depends on (see `startDependsOn`), paths and values in the order of {@link World.inputs}. */
  readonly startPaths: string[] = [];
  /** @internal */
  readonly startValues: number[] = [];
  /** @internal Number of agents and of attributes. */
  readonly nA: number;
  /** @internal */
  readonly nK: number;
  /** @internal Calendar month (0–11) and calendar year of each step. */
  readonly cal: Int32Array;
  /** @internal */
  readonly calYear: Int32Array;
  /** @internal Whether the reference forms of the optimised mechanisms run (see {@link engineSettings}). */
  reference = engineSettings.reference;
  /**
   * @internal Whether the device markets' flows between brands are computed
   * and recorded (the `flow:<agent>` series; zero when not). A study that
   * reads no flow switches them off (see `montecarlo/simulate.ts`); nothing
   * else in a run reads them.
   */
  recordFlows = true;
  /** @internal Sampled attribute values, `baseAttr[agent * nK + attr]`, and this step's effects on them. */
  readonly baseAttr: Float64Array;
  /** @internal */
  readonly attrMod: Float64Array;
  /** @internal Whether attrMod holds effects from the last update (else it is zero but for the computed attributes). */
  attrModDirty = true;
  /** @internal Own AI capability of each agent this step, and the sum of its launches that reached their full gain. */
  readonly ownAI: Float64Array;
  /** @internal */
  readonly settledAI: Float64Array;
  /** @internal Service quality (1 unless over capacity), capacity, load and outages of each agent. */
  readonly quality: Float64Array;
  /** @internal */
  readonly capacity0: Float64Array;
  /** @internal */
  readonly capacityGrowth: Float64Array;
  /** @internal Capacity at step `capacityStep`, per agent. */
  readonly capacityNow: Float64Array;
  /** @internal */
  capacityStep = -1;
  /** @internal */
  readonly loadNow: Float64Array;
  /** @internal */
  readonly outageNow: Uint8Array;
  /** @internal The first assistant market of each agent (−1: none). */
  readonly homeMarket: Int32Array;
  /** @internal Users served through partners and credited to each provider this step. */
  readonly servedExtra: Float64Array;
  /** @internal */
  readonly creditedExtra: Float64Array;
  /** @internal Scratch indexed by agent. */
  readonly agentScratch: Float64Array;
  /** @internal The run's events. */
  readonly launches: Launch[] = [];
  /** @internal */
  readonly partnerships: Partnership[] = [];
  /** @internal */
  readonly shocks: Shock[] = [];
  /** @internal */
  readonly memberships: Membership[] = [];
  /** @internal */
  readonly subsidies: Subsidy[] = [];
  /** @internal Active decaying effects (shocks, price cuts). */
  effects: Effect[] = [];
  /** @internal Market states, in plan order. */
  readonly markets: MarketState[];
  /** @internal The event log. */
  log: EventLogEntry[] = [];
  /** @internal This run's standard normals for the AR(1) shocks, per market, `[slot * horizon + step − 1]`. */
  readonly shockDraws: Float64Array[];
  /** @internal Stream names of the shocks, `noise:<market>:<agent>`, per market and slot. */
  readonly noiseNames: string[][];
  /** @internal Stream names of the outages, `outage:<agent>`, per capacity-limited agent. */
  readonly outageNames: Array<string | undefined>;
  /** @internal Generators of the outage streams (one draw a month, whatever the load). */
  readonly outageStreams: Array<TycheI | undefined> = [];
  /** @internal Each market's series, in market order. */
  readonly seriesList: MarketSeries[];
  /** @internal The input draw of this run (plain, expression, design, fixed value or own stream). */
  draw!: InputDraw;
  /** @internal Placement and fixed values of this run's inputs. */
  design?: (path: string) => number | undefined;
  /** @internal */
  values?: (path: string) => number | undefined;
  /** @internal The start's calibration, reused while the inputs it depends on are unchanged. */
  calibration?: Calibration;
  /** @internal Policies: every (agent, policy) pair in agent order, and the same by agent. */
  readonly policyList: PolicyEntry[];
  /** @internal */
  readonly policiesOf: PolicyEntry[][];
  /**
   * @internal Whether built-in policies run natively (on the world's
   * arrays); tests set it to false to check the generic path gives the same bits.
   */
  nativePolicies = true;
  /** @internal One observation per agent, reused from step to step. */
  readonly observations: Array<AgentObservation | undefined> = [];
  /** @internal Builds this run's inputs' record (what a result's `inputs` shows when read). */
  private readonly inputRecord = (): Record<string, number> => this.runInputs.record();

  /**
   * Allocates a world for `plan`; {@link World.reset} seeds it for a run.
   * One world can serve many runs in turn (the Monte Carlo loop reuses it).
   */
  constructor(
    plan: Plan, source?: RandomSource, design?: (path: string) => number | undefined, values?: (path: string) => number | undefined,
    options: { flows?: boolean } = {},
  ) {
    this.plan = plan;
    // Without flows (a study that reads none) the n² flow series are not even allocated: memory stays linear in the agents.
    // (The reference engine computes them whatever the study reads, as before.)
    const flows = (this.recordFlows = options.flows !== false || this.reference);
    this.cal = Int32Array.from(plan.dates, (_, t) => calendarMonthAt(plan.start, t));
    this.calYear = Int32Array.from(plan.dates, (d) => Number(d.slice(0, 4)));
    const nA = (this.nA = plan.agents.length);
    const nK = (this.nK = plan.attributes.length);
    this.baseAttr = new Float64Array(nA * nK);
    this.attrMod = new Float64Array(nA * nK);
    this.ownAI = new Float64Array(nA);
    this.settledAI = new Float64Array(nA);
    this.quality = new Float64Array(nA);
    this.capacity0 = new Float64Array(nA);
    this.capacityGrowth = new Float64Array(nA);
    this.capacityNow = new Float64Array(nA);
    this.loadNow = new Float64Array(nA);
    this.outageNow = new Uint8Array(nA);
    this.homeMarket = new Int32Array(nA).fill(-1);
    this.servedExtra = new Float64Array(nA);
    this.creditedExtra = new Float64Array(nA);
    this.agentScratch = new Float64Array(nA);
    const T1 = plan.horizon + 1;
    this.markets = plan.markets.map((m, index): MarketState => {
      const agents = m.participants.map((p) => plan.agents[p.agent].id);
      const metrics = m.kind === 'devices' ? [...DEVICE_METRICS, ...agents.map(flowMetric)] : [...ASSISTANT_METRICS];
      const data: Record<string, Float64Array> = {};
      for (const k of metrics) data[k] = new Float64Array(flows || !k.startsWith(FLOW_PREFIX) ? agents.length * T1 : 0);
      const series: MarketSeries = { id: m.id, name: m.name, kind: m.kind, agents, metrics, data };
      return m.kind === 'devices' ? allocateDeviceMarket(m, index, nA, series) : allocateAssistantMarket(m, index, nA, series);
    });
    this.seriesList = this.markets.map((m) => m.series);
    this.noiseNames = this.markets.map((m) => Array.from(m.agents, (a) => `noise:${m.plan.id}:${plan.agents[a].id}`));
    this.shockDraws = this.markets.map((m) => new Float64Array(m.n * plan.horizon));
    this.outageNames = plan.agents.map((a) => (a.capacity ? `outage:${a.id}` : undefined));
    for (const m of this.markets) {
      if (m.kind !== 'assistants') continue;
      for (let j = 0; j < m.n; j++) if (this.homeMarket[m.agents[j]] < 0) this.homeMarket[m.agents[j]] = m.index;
      if (m.reachFrom < 0) continue;
      const dm = this.markets[m.reachFrom];
      m.defaultFrom = Int32Array.from(dm.agents, (a) => {
        const target = plan.agents[a].defaultAssistant;
        return target < 0 ? -1 : m.slotOf[target];
      });
    }
    this.policiesOf = policyEntries(this);
    this.policyList = this.policiesOf.flat();
    if (source) this.reset(source, design, values);
  }

  /**
   * Seeds the world for a new run: samples its uncertain inputs from
   * `source` (or places them by `design`, or fixes them to `values`),
   * calibrates the start and records step 0.
   *
   * @example
   * world.reset(createRandomSource(42, 7)); world.run();
   */
  reset(source: RandomSource, design?: (path: string) => number | undefined, values?: (path: string) => number | undefined): this {
    this.t = 0;
    this.capacityStep = -1;
    this.design = design;
    this.values = values;
    this.streams.reseed(source);
    this.runInputs.clear();
    this.parameters = {};
    this.startPaths.length = 0;
    this.startValues.length = 0;
    this.log = [];
    this.effects = [];
    this.launches.length = 0;
    this.partnerships.length = 0;
    this.shocks.length = 0;
    this.memberships.length = 0;
    this.subsidies.length = 0;
    // Each policy's memory belongs to one agent in one run.
    for (const e of this.policyList) e.memory = {};
    sampleWorld(this);
    calibrateStart(this);
    record(this, 0);
    return this;
  }

  /**
   * @internal This run's sampled uncertain inputs by path, in the order of
   * their first draw: a new record, built from {@link World.runInputs} on
   * each read.
   *
   * @example
   * world.inputs['events[0].reviewMonths']; // => 4.2…
   */
  get inputs(): Record<string, number> {
    return this.runInputs.record();
  }

  /** Whether the horizon is reached. */
  get done(): boolean {
    return this.t >= this.plan.horizon;
  }

  /**
   * Advances one month: policies act on last month's state, events happen,
   * attributes and capacity update, then each market's buyers and users choose.
   *
   * @example
   * world.step(); world.t; // => 1
   */
  step(): void {
    if (this.done) throw new RivalsimError('World already at its horizon', 'horizon', this.plan.horizon, 'no further step() calls');
    const t = ++this.t;
    if (this.plan.policiesOn) runPolicies(this, t);
    runEvents(this, t);
    updateAttributes(this, t);
    updatePartnershipsAndCapacity(this, t);
    const markets = this.markets;
    for (let i = 0; i < markets.length; i++) { const m = markets[i]; if (m.kind === 'devices') stepDevices(this, m, t); }
    for (let i = 0; i < markets.length; i++) { const m = markets[i]; if (m.kind === 'assistants') stepAssistants(this, m, t); }
    record(this, t);
  }

  /**
   * Runs to the horizon and returns the result.
   *
   * @example
   * createWorld(scenario, { seed: 1 }).run().shares('phones');
   */
  run(): RunResult {
    while (!this.done) this.step();
    return this.result();
  }

  /**
   * The outputs so far (steps after `t` are zero until computed), copied:
   * they stay valid after the world is reset for another run.
   *
   * @example
   * world.result().series('phones', 'share', 'apple');
   */
  result(): RunResult {
    return this.view().clone();
  }

  /**
   * Internal: runs to the horizon and returns the outputs *without copying*
   * (valid until the next {@link World.reset}); the Monte Carlo loop uses it.
   */
  runView(): RunResult {
    while (!this.done) this.step();
    return this.view();
  }

  private view(): RunResult {
    const series = withCustomMetrics(this.plan, this.seriesList, this.parameters, this.t);
    // The inputs' record is built only if something reads it (most studies never do).
    return new RunResult(this.plan.id, this.plan.dates, series, this.log, this.inputRecord);
  }

  /**
   * What agent `agentId` observes now (at the end of step `t`).
   *
   * @example
   * world.observe('apple').markets[0].share; // => 0.15...
   */
  observe(agentId: string): Observation {
    const a = this.plan.agentIndex.get(agentId);
    if (a === undefined) throw new RivalsimError('Unknown agent', 'agent', agentId, `one of ${[...this.plan.agentIndex.keys()].join(', ')}`);
    return this.observation(a, this.t, this.t + 1, 3);
  }

  /**
   * @internal What agent `a` observes at the end of step `step`, deciding for
   * `decideStep`. One observation object per agent is reused from step to
   * step (policies must copy what they keep); its lists are computed on
   * first read, since policies read few of them.
   */
  observation(a: number, step: number, decideStep: number, lookback: number): AgentObservation {
    const obs = (this.observations[a] ??= new AgentObservation(this, a));
    obs.update(step, decideStep, lookback);
    return obs;
  }
}

/**
 * Builds one world of a scenario (or of an already compiled plan): samples
 * its uncertain inputs, calibrates the start and records step 0.
 *
 * @example
 * const world = createWorld(scenario, { seed: 42 });
 * world.t; // => 0
 */
export function createWorld(scenario: ScenarioSpec | Plan, options: WorldOptions = {}): World {
  const plan = 'agentIndex' in scenario ? scenario : compileScenario(scenario);
  const source = options.source ?? createRandomSource(options.seed ?? 0, options.run);
  const world = new World(plan);
  if (options.nativePolicies === false) world.nativePolicies = false;
  if (options.reference !== undefined) world.reference = options.reference;
  return world.reset(source, options.design, options.values);
}

/**
 * Runs one world of a scenario to its horizon.
 *
 * @example
 * const result = runScenario({ id: 'still', landscape: chinaLandscape(), horizon: 12 }, { seed: 1 });
 * result.shares('phones', 12); // => { apple: 0.15…, huawei: 0.16…, … }
 */
export function runScenario(scenario: ScenarioSpec | Plan, options: WorldOptions = {}): RunResult {
  return createWorld(scenario, options).run();
}
