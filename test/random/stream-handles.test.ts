/**
 * Stream handles (issue 14): a world finds each input's stream by name
 * once and draws from it through its handle in every run.
 */
import { describe, expect, it } from 'vitest';
import { createRandomSource, StreamFamily } from '../../src/random/source.js';

describe('stream handles', () => {
  it('draw what the stream of the same name draws, in every run of the family', () => {
    const a = new StreamFamily(), b = new StreamFamily();
    const handle = a.handle('input:parameters.aiWeight');
    for (const run of [0, 1, 7]) {
      a.reseed(createRandomSource(5, run));
      b.reseed(createRandomSource(5, run));
      const viaHandle = a.sourceOf(handle), byName = b.get('input:parameters.aiWeight');
      const x = [viaHandle(), viaHandle(), viaHandle()], y = [byName(), byName(), byName()];
      expect(x).toEqual(y);
      // The handle and the name are the same stream of one family.
      expect(a.sourceOf(handle)).toBe(a.get('input:parameters.aiWeight'));
    }
  });
});
