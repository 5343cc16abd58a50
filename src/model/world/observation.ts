/**
 * What an agent observes of the world: its markets (share, seasonally
 * adjusted change and history, rank, users, AI, the best rival's AI), its
 * partnerships, the providers it could partner with, its pending launches.
 * One observation per agent, reused from step to step; values read on demand.
 */
import type { MarketView, Observation } from '../policy-types.js';
import { adjustedShare, bestRivalAI } from './actions.js';
import type { MarketState } from './state.js';
import type { World } from './world.js';

/** A market as one agent sees it; reused from step to step, its values read on demand. */
class AgentMarketView implements MarketView {
  readonly market: string;
  readonly kind: 'devices' | 'assistants';
  private step = 0;
  private lookback = 3;
  private change = NaN;
  private fresh = false;
  private ranked = false;
  private rankValue = 1;
  private readonly history: number[] = [];
  private readonly T1: number;
  private readonly shares: Float64Array;

  constructor(private readonly w: World, private readonly m: MarketState, private readonly j: number) {
    this.market = m.plan.id;
    this.kind = m.kind;
    this.T1 = w.plan.horizon + 1;
    this.shares = m.series.data.share;
  }

  /** Share k months ago, seasonally adjusted to this month's season. */
  private adjusted(k: number): number {
    return adjustedShare(this.m, this.shares, this.j, this.step, k, this.T1, this.w.cal);
  }

  update(step: number, lookback: number): void {
    this.step = step;
    this.lookback = lookback;
    this.change = NaN;
    this.ranked = false;
    this.fresh = false;
  }

  get share(): number {
    return this.shares[this.j * this.T1 + this.step];
  }

  get shareChange(): number {
    if (Number.isNaN(this.change)) this.change = this.share - this.adjusted(Math.min(this.lookback, this.step));
    return this.change;
  }

  get users(): number {
    const m = this.m, j = this.j;
    if (m.kind === 'assistants') return m.credited[j];
    let b = 0;
    for (let k = 0; k < m.K; k++) b += m.base[j * m.K + k];
    return b;
  }

  get aiCapability(): number {
    return this.m.attrAI[this.j];
  }

  get active(): boolean {
    return this.m.active[this.j] === 1;
  }

  get rank(): number {
    if (!this.ranked) {
      const { m, j, step, T1, shares } = this;
      const own = shares[j * T1 + step];
      let rank = 1;
      for (let k = 0; k < m.n; k++) if (k !== j && m.active[k] && shares[k * T1 + step] > own) rank++;
      this.rankValue = rank;
      this.ranked = true;
    }
    return this.rankValue;
  }

  get bestRivalAI(): number {
    return bestRivalAI(this.m, this.j, this.step);
  }

  get shareHistory(): number[] {
    if (!this.fresh) {
      const n = Math.min(12, this.step) + 1;
      this.history.length = n;
      for (let k = 0; k < n; k++) this.history[k] = this.adjusted(k);
      this.fresh = true;
    }
    return this.history;
  }

  /** A plain copy of what it shows (for logging and JSON). */
  toJSON(): Omit<MarketView, 'shareHistory'> & { shareHistory: number[] } {
    return {
      market: this.market, kind: this.kind, share: this.share, shareChange: this.shareChange, shareHistory: [...this.shareHistory],
      rank: this.rank, users: this.users, aiCapability: this.aiCapability, bestRivalAI: this.bestRivalAI, active: this.active,
    };
  }
}

/**
 * One agent's observation; reused from step to step (policies must copy what they keep).
 *
 * @example
 * world.observe('apple').markets[0].share; // => 0.15…
 */
export class AgentObservation implements Observation {
  step = 0;
  readonly agent: string;
  readonly roles: ReadonlyArray<'deviceMaker' | 'aiProvider'>;
  ownAICapability = 0;
  readonly markets: AgentMarketView[];
  private at = 0;
  private cachedPartnerships?: Observation['partnerships'];
  private cachedProviders?: Observation['providers'];
  private cachedLaunches?: Observation['pendingLaunches'];

  constructor(private readonly w: World, private readonly a: number) {
    const spec = w.plan.agents[a];
    this.agent = spec.id;
    this.roles = spec.roles;
    this.markets = w.markets.filter((m) => m.slotOf[a] >= 0).map((m) => new AgentMarketView(w, m, m.slotOf[a]));
  }

  update(step: number, decideStep: number, lookback: number): void {
    this.at = step;
    this.step = decideStep;
    this.ownAICapability = this.w.ownAI[this.a];
    const markets = this.markets;
    for (let i = 0; i < markets.length; i++) markets[i].update(step, lookback);
    this.forgetLists();
  }

  get date(): string {
    return this.w.plan.dates[Math.min(this.step, this.w.plan.horizon)];
  }

  /** Drops the lists computed so far, so the next read sees new deals and launches. */
  forgetLists(): void {
    this.cachedPartnerships = this.cachedProviders = this.cachedLaunches = undefined;
  }

  get partnerships(): Observation['partnerships'] {
    const { w, a } = this;
    if (!this.cachedPartnerships) {
      const list: Array<Observation['partnerships'][number]> = [];
      for (const p of w.partnerships) {
        if (p.deviceMaker !== a && p.provider !== a) continue;
        list.push({ id: p.id, deviceMaker: w.plan.agents[p.deviceMaker].id, provider: w.plan.agents[p.provider].id, status: p.status === 'pending' ? 'planned' : p.status });
      }
      this.cachedPartnerships = list;
    }
    return this.cachedPartnerships;
  }

  get providers(): Observation['providers'] {
    const { w, a } = this;
    const fit = w.plan.attributes.indexOf('regulatoryFit'), trust = w.plan.attributes.indexOf('privacyTrust');
    const value = (b: number, k: number) => (k < 0 ? 0 : w.baseAttr[b * w.nK + k] + w.attrMod[b * w.nK + k]);
    return (this.cachedProviders ??= w.plan.agents.flatMap((b, i) => (i !== a && b.roles.includes('aiProvider') && w.homeMarket[i] >= 0
      ? [{
        id: b.id, aiCapability: w.ownAI[i], regulatoryFit: value(i, fit), privacyTrust: value(i, trust),
        deviceMarkets: w.markets.filter((m) => m.kind === 'devices' && m.slotOf[i] >= 0 && m.active[m.slotOf[i]] === 1).map((m) => m.plan.id),
      }]
      : [])));
  }

  get pendingLaunches(): Observation['pendingLaunches'] {
    if (!this.cachedLaunches) {
      const list: Array<Observation['pendingLaunches'][number]> = [];
      for (const l of this.w.launches) if (l.agent === this.a && l.month > this.at) list.push({ id: l.id, month: l.month });
      this.cachedLaunches = list;
    }
    return this.cachedLaunches;
  }
}
