/**
 * What a brand's split between the price tiers does on the China landscape
 * the calibration fits (2022-01, docs/calibration.md section 4.3, "Where
 * Huawei's error comes from"): the start solves each brand's intercept per
 * tier and splits its installed base as its sales, so the brand's own share
 * path does not depend on its split, its rivals' do; and Huawei's slide
 * from 2022 comes with its installed base, rolled forward from 2020.
 */
import { describe, expect, it } from 'vitest';
import { chinaLandscape, runScenario, type DeviceMarketSpec, type ParticipantSpec } from '../../src/index.js';

/**
 * Huawei's and Apple's shares of 2024's units (months 24–35; unit-weighted,
 * as trackers count a year) from the 2022-01 landscape, launches typical, no
 * noise, after `edit` changes Huawei.
 */
function shares2024(edit: (huawei: ParticipantSpec, phones: DeviceMarketSpec) => void = () => {}): { huawei: number; apple: number } {
  const landscape = chinaLandscape({ start: '2022-01', parameters: 'point', policies: false });
  landscape.parameters!.launchStrengthSd = 0;
  const phones = landscape.markets[0] as DeviceMarketSpec;
  edit(phones.participants.find((p) => p.agent === 'huawei')!, phones);
  const r = runScenario({ id: 'premium-split', landscape, horizon: 35, switches: { noise: false, policies: false } }, { seed: 1 });
  const year = (agent: 'huawei' | 'apple') => {
    let sales = 0, units = 0;
    for (let t = 24; t <= 35; t++) {
      const s = r.at('phones', 'sales', agent, t);
      sales += s;
      units += s / r.at('phones', 'share', agent, t);
    }
    return sales / units;
  };
  return { huawei: year('huawei'), apple: year('apple') };
}

const premium = (p: number) => (h: ParticipantSpec) => { h.tierShares = { mass: 1 - p, premium: p }; };

describe('a brand\'s premium fraction on the 2022-01 landscape', () => {
  const built = shares2024();
  const low = shares2024(premium(0.05));
  const high = shares2024(premium(0.95));

  it('does not move the brand\'s own share: Huawei\'s 2024 share is the same with 5 % or 95 % of its sales premium', () => {
    expect(Math.abs(low.huawei - high.huawei)).toBeLessThan(0.0005);
    expect(Math.abs(built.huawei - low.huawei)).toBeLessThan(0.0005);
  });

  it('moves its rivals: Apple keeps more of the premium tier when Huawei sells less there', () => {
    expect(low.apple - high.apple).toBeGreaterThan(0.002);
  });

  it('Huawei slides with its installed base: at the stationary base (share × units × cycle) it holds about its starting share', () => {
    const start = (chinaLandscape({ start: '2022-01', policies: false }).markets[0] as DeviceMarketSpec).participants.find((p) => p.agent === 'huawei')!.initialShare;
    const stationary = shares2024((h, phones) => {
      h.installedBase = (h.initialShare * Number(phones.unitsPerYear) * Number(h.replacementCycleMonths)) / 12;
    });
    expect(built.huawei).toBeLessThan(start - 0.015);
    expect(stationary.huawei).toBeGreaterThan(built.huawei + 0.01);
    expect(Math.abs(stationary.huawei - start)).toBeLessThan(0.01);
  });
});
