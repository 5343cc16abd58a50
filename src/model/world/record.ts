/**
 * Recording a step's outputs into the run's series.
 */
import type { AssistantMarketState, DeviceMarketState } from './state.js';
import type { World } from './world.js';

/** Writes every market's outputs of step t. */
export function record(w: World, t: number): void {
  const T1 = w.plan.horizon + 1, markets = w.markets;
  for (let k = 0; k < markets.length; k++) {
    const m = markets[k];
    if (m.kind === 'devices') recordDevices(m, t, T1, w.recordFlows); else recordAssistants(w, m, t, T1);
  }
}

/** A device market's step: shares, sales, bases (summed over tiers), AI and the flows between brands. */
function recordDevices(m: DeviceMarketState, t: number, T1: number, flowsToo: boolean): void {
  const d = m.series.data, n = m.n, K = m.K, share = m.share, attrAI = m.attrAI, base = m.base, unitsNow = m.unitsNow, flows = m.flows;
  const dShare = d.share, dAI = d.aiCapability, dSales = d.sales, dBase = d.installedBase, dBaseShare = d.installedBaseShare;
  let total = 0;
  for (let j = 0; j < n; j++) {
    const i = j * T1 + t, s = share[j];
    let b = 0;
    for (let k = 0; k < K; k++) b += base[j * K + k];
    dShare[i] = s;
    dAI[i] = attrAI[j];
    dSales[i] = s * unitsNow;
    dBase[i] = b;
    total += b;
  }
  for (let j = 0; j < n; j++) dBaseShare[j * T1 + t] = dBase[j * T1 + t] / total;
  if (!flowsToo) return;
  const metrics = m.series.metrics;
  for (let from = 0; from < n; from++) {
    const series = d[metrics[5 + from]];
    for (let to = 0; to < n; to++) series[to * T1 + t] = flows[from * n + to];
  }
}

/** An assistant market's step. */
function recordAssistants(w: World, m: AssistantMarketState, t: number, T1: number): void {
  const d = m.series.data, n = m.n, share = m.share, attrAI = m.attrAI, agents = m.agents;
  const credited = m.credited, trial = m.trial, habit = m.habit, served = m.served, loadNow = w.loadNow, outageNow = w.outageNow;
  const dShare = d.share, dAI = d.aiCapability, dUsers = d.users, dOwn = d.ownUsers, dTrial = d.trialUsers, dServed = d.servedUsers, dLoad = d.load, dOutages = d.outages;
  for (let j = 0; j < n; j++) {
    const i = j * T1 + t, a = agents[j];
    dShare[i] = share[j];
    dAI[i] = attrAI[j];
    dUsers[i] = credited[j];
    dOwn[i] = trial[j] + habit[j];
    dTrial[i] = trial[j];
    dServed[i] = served[j];
    dLoad[i] = loadNow[a];
    dOutages[i] = outageNow[a];
  }
}
