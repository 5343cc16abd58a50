/**
 * Synthetic input tables whose answer is known: inputs drawn uniformly on
 * [0, 1] (and categories uniformly), the outcome true exactly when the runs
 * lie in a stated box (optionally flipped at random with `noise`).
 */
import type { InputColumn, InputTable } from '../../../src/montecarlo/inputs.js';
import { createRandomSource } from '../../../src/random/source.js';

/** The box to recover: intervals of some continuous inputs and allowed categories of some categorical ones. */
export interface KnownBox {
  intervals: Record<string, [number, number]>;
  categories?: Record<string, string[]>;
}

/**
 * A table of `rows` runs with continuous inputs `x1 … x<continuous>` and
 * categorical inputs `c1 … c<categorical>` (categories a, b, c, d), and the
 * outcome "inside `box`" (each value flipped with probability `noise`).
 */
export function syntheticStudy(
  rows: number, box: KnownBox, options: { continuous?: number; categorical?: number; noise?: number; seed?: number } = {},
): { table: InputTable; y: Uint8Array } {
  const { continuous = 5, categorical = 0, noise = 0, seed = 1 } = options;
  const random = createRandomSource(seed);
  const categories = ['a', 'b', 'c', 'd'];
  const columns: InputColumn[] = [
    ...Array.from({ length: continuous }, (_, i): InputColumn => ({
      id: `x${i + 1}`, label: `x${i + 1}`, kind: 'continuous', source: 'input', values: Float64Array.from({ length: rows }, () => random()),
    })),
    ...Array.from({ length: categorical }, (_, i): InputColumn => ({
      id: `c${i + 1}`, label: `c${i + 1}`, kind: 'categorical', source: 'input', categories: [...categories],
      values: Float64Array.from({ length: rows }, () => Math.floor(random() * categories.length)),
    })),
  ];
  const column = (id: string) => columns.find((c) => c.id === id)!;
  const y = Uint8Array.from({ length: rows }, (_, r) => {
    const inside = Object.entries(box.intervals).every(([id, [lo, hi]]) => column(id).values[r] >= lo && column(id).values[r] <= hi)
      && Object.entries(box.categories ?? {}).every(([id, allowed]) => allowed.includes(categories[column(id).values[r]]));
    return (random() < noise ? !inside : inside) ? 1 : 0;
  });
  return { table: { rows, columns, dates: [], skipped: [] }, y };
}
