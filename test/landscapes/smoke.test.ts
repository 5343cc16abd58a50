import { describe, expect, it } from 'vitest';
import { chinaLandscape, runScenario } from '../../src/index.js';

describe('default landscape', () => {
  it('runs one world to the horizon', () => {
    const r = runScenario({ id: 'smoke', landscape: chinaLandscape(), horizon: 12 }, { seed: 1 });
    expect(r.dates).toHaveLength(13);
    expect(r.markets.map((m) => m.id)).toEqual(['phones', 'assistants']);
  });
});
