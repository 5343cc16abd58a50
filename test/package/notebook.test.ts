/**
 * examples/notebook.ipynb: the committed notebook (with its outputs, so it
 * reads on GitHub) and, where Jupyter's client is installed (.ci/run
 * installs jupyter-nbconvert), the notebook executed on Deno's Jupyter
 * kernel by scripts/notebook.ts, whose every cell must give the committed
 * outputs: the same number of outputs, of the same types and MIME types,
 * with the same text. Deno's kernel can report a cell idle before its last
 * output is sent (nbconvert then drops that output and exits 0), so the
 * executor files outputs by the request they answer; each cell shows one
 * awaited `Deno.jupyter.display(…)`, and this test fails if an output goes
 * missing or moves.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executeNotebook, NOTEBOOK, notebookToolsMissing } from '../../scripts/notebook.js';
import { assertBuilt } from '../built.js';

interface Output {
  output_type: string;
  data?: Record<string, unknown>;
  text?: string[] | string;
  ename?: string;
  evalue?: string;
}
interface Cell {
  cell_type: string;
  id?: string;
  source: string[] | string;
  outputs?: Output[];
  execution_count?: number | null;
  metadata: Record<string, unknown>;
}
interface Notebook {
  nbformat: number;
  nbformat_minor: number;
  metadata: { kernelspec?: { name?: string; language?: string; display_name?: string } };
  cells: Cell[];
}

const raw = readFileSync(NOTEBOOK, 'utf8');
const nb = JSON.parse(raw) as Notebook;
const text = (c: Cell) => (Array.isArray(c.source) ? c.source.join('') : c.source);
const code = nb.cells.filter((c) => c.cell_type === 'code');
const joined = (t: unknown) => (Array.isArray(t) ? t.join('') : String(t ?? ''));

/** Each code cell's outputs as `type: MIME types`, e.g. `display_data: image/svg+xml text/plain`. */
function shapes(cells: Cell[]): string[][] {
  return cells.filter((c) => c.cell_type === 'code').map((c) => (c.outputs ?? []).map((o) =>
    `${o.output_type}${o.data ? `: ${Object.keys(o.data).sort().join(' ')}` : ''}`));
}
/** Each code cell's plain-text outputs. */
function plainTexts(cells: Cell[]): string[][] {
  return cells.filter((c) => c.cell_type === 'code').map((c) => (c.outputs ?? []).map((o) => joined(o.data?.['text/plain'] ?? o.text)));
}

const RICH = 'display_data: application/vnd.vegalite.v5+json image/svg+xml text/plain';
const TEXT = 'display_data: text/plain';
/** What each code cell shows, in order: one display each. */
const EXPECTED = [[TEXT], [RICH], [TEXT], [TEXT], [RICH], [TEXT], ['display_data: image/svg+xml text/plain'], [TEXT], [RICH], [TEXT], [TEXT]];

describe('examples/notebook.ipynb', () => {
  it('is an nbformat 4 notebook for the Deno kernel', () => {
    expect(nb.nbformat).toBe(4);
    expect(nb.nbformat_minor).toBeGreaterThanOrEqual(5);
    expect(nb.metadata.kernelspec).toMatchObject({ name: 'deno', language: 'typescript' });
    for (const c of nb.cells) {
      expect(['markdown', 'code', 'raw']).toContain(c.cell_type);
      expect(typeof c.metadata).toBe('object');
      if (c.cell_type === 'code') expect(Array.isArray(c.outputs)).toBe(true);
    }
    const ids = nb.cells.map((c) => c.id);
    for (const id of ids) expect(id).toMatch(/^[a-zA-Z0-9-_]{1,64}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('imports the built library and walks through the flagship question, one awaited display per cell', () => {
    const imports = code.flatMap((c) => [...text(c).matchAll(/from\s+['"]([^'"]+)['"]/g)].map((m) => m[1]));
    expect(new Set(imports)).toEqual(new Set(['../dist/index.js']));
    const all = code.map(text).join('\n');
    for (const call of ["simulate(scenarios['apple-alibaba']", 'compare(scenarios.baseline', 'sensitivity(', 'tornadoSVG(', 'rankProbability(', '.difference(', 'keepInputs: true', 'discover(study', 'backtest(', 'parseObservations(', 'calibrate(']) {
      expect(all).toContain(call);
    }
    for (const c of code) {
      expect(text(c), c.id).not.toMatch(/console\.(log|info|warn|error)/);
      expect(text(c).match(/await (show|Deno\.jupyter\.display)\(/g), c.id).toHaveLength(1);
      expect(text(c).trimEnd(), `${c.id} ends with its display`).toMatch(/\);$/);
    }
    expect(nb.cells.filter((c) => c.cell_type === 'markdown').length).toBeGreaterThanOrEqual(code.length - 1);
  });

  it('is committed with its outputs, one display per cell, executed in order', () => {
    expect(shapes(nb.cells)).toEqual(EXPECTED);
    expect(code.map((c) => c.execution_count)).toEqual(code.map((_, i) => i + 1));
    const texts = plainTexts(nb.cells);
    expect(texts[0][0]).toMatch(/^Bundled scenarios: baseline, apple-alibaba/);
    expect(texts[1][0]).toMatch(/^SimulationResult: apple-alibaba — 2,000 runs, seed 42/);
    expect(texts[2][0]).toMatch(/P\(Apple is #1 in 2028-01\) = /);
    expect(texts[3][0]).toMatch(/apple-alibaba − baseline: \+/);
    expect(texts[4][0]).toMatch(/^ComparisonResult: apple-alibaba − baseline — 1,000 paired runs/);
    expect(texts[6][0]).toMatch(/^tornado chart, \d+ inputs$/);
    expect(texts[7][0]).toMatch(/^Apple sells the most phones in 2027-Q4 in /);
    expect(texts[9][0]).toMatch(/^\d+ published figures; the six makers' annual shares forecast 12 months ahead/);
    expect(texts[9][0]).toMatch(/2024-01 → 2024-12\s+11\s/);
    expect(texts[10][0]).toMatch(/^china-backtest — abc-smc fit on 6 figures/);
    expect(texts[8][0]).toMatch(/^DiscoveryResult \(PRIM\): [\d,]+ of 4,000 runs are cases of interest/);
    expect(raw.length).toBeLessThan(400_000);
  });

  const missing = notebookToolsMissing();
  describe.skipIf(missing !== undefined)(`executed on Deno's Jupyter kernel${missing ? ` — skipped: ${missing}` : ''}`, () => {
    let dir = '';
    let executed: Notebook | undefined;
    let log = '';

    beforeAll(async () => {
      assertBuilt();
      dir = mkdtempSync(join(tmpdir(), 'rivalsim-notebook-'));
      const result = await executeNotebook(NOTEBOOK, join(dir, 'notebook.ipynb'));
      log = result.log;
      if (result.code === 0) executed = JSON.parse(readFileSync(join(dir, 'notebook.ipynb'), 'utf8')) as Notebook;
    }, 600_000);
    afterAll(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

    it('gives each cell its committed outputs (count, types, MIME types and text; regenerate with `npm run notebook`)', () => {
      expect(executed, `nbconvert failed:\n${log.slice(-3000)}`).toBeDefined();
      expect(executed!.cells.flatMap((c) => c.outputs ?? []).filter((o) => o.output_type === 'error').map((o) => `${o.ename}: ${o.evalue}`)).toEqual([]);
      expect(shapes(executed!.cells)).toEqual(EXPECTED);
      expect(plainTexts(executed!.cells)).toEqual(plainTexts(nb.cells));
    });
  });
});
