/**
 * examples/notebook.ipynb: the committed notebook's structure (fast; .ci/run
 * executes it headless on Deno's Jupyter kernel).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

interface Cell {
  cell_type: string;
  source: string[] | string;
  outputs?: unknown[];
  execution_count?: number | null;
  metadata: Record<string, unknown>;
}
interface Notebook {
  nbformat: number;
  nbformat_minor: number;
  metadata: { kernelspec?: { name?: string; language?: string; display_name?: string } };
  cells: Cell[];
}

const file = join(__dirname, '..', 'examples', 'notebook.ipynb');
const raw = readFileSync(file, 'utf8');
const nb = JSON.parse(raw) as Notebook;
const text = (c: Cell) => (Array.isArray(c.source) ? c.source.join('') : c.source);
const code = nb.cells.filter((c) => c.cell_type === 'code');

describe('examples/notebook.ipynb', () => {
  it('is an nbformat 4 notebook for the Deno kernel', () => {
    expect(nb.nbformat).toBe(4);
    expect(nb.nbformat_minor).toBeGreaterThanOrEqual(4);
    expect(nb.metadata.kernelspec).toMatchObject({ name: 'deno', language: 'typescript' });
    expect(nb.cells.length).toBeGreaterThan(0);
    for (const c of nb.cells) {
      expect(['markdown', 'code', 'raw']).toContain(c.cell_type);
      expect(typeof c.metadata).toBe('object');
      expect(Array.isArray(c.source) || typeof c.source === 'string').toBe(true);
      if (c.cell_type === 'code') expect(Array.isArray(c.outputs)).toBe(true);
    }
    if (nb.nbformat_minor >= 5) {
      const ids = nb.cells.map((c) => (c as unknown as { id?: string }).id);
      for (const id of ids) expect(id).toMatch(/^[a-zA-Z0-9-_]{1,64}$/);
      expect(new Set(ids).size).toBe(ids.length);
    }
  });

  it('imports the built library and walks through the flagship question', () => {
    const imports = code.flatMap((c) => [...text(c).matchAll(/from\s+['"]([^'"]+)['"]/g)].map((m) => m[1]));
    expect(imports.length).toBeGreaterThan(0);
    expect(new Set(imports)).toEqual(new Set(['../dist/index.js']));
    const all = code.map(text).join('\n');
    for (const call of ["simulate(scenarios['apple-alibaba']", 'compare(scenarios.baseline', 'sensitivity(', 'tornadoSVG(', 'rankProbability(', '.difference(']) {
      expect(all).toContain(call);
    }
    expect(nb.cells.filter((c) => c.cell_type === 'markdown').length).toBeGreaterThanOrEqual(code.length - 1);
  });

  it('is committed without outputs (or only small ones)', () => {
    for (const c of code) expect(JSON.stringify(c.outputs ?? []).length).toBeLessThan(2_000);
    expect(raw.length).toBeLessThan(50_000);
  });
});
