/**
 * The house's plan, checked on the source: every import in src/ (static,
 * dynamic and type-only, as TypeScript's pre-processor finds them) goes from
 * a folder to one in the same or a lower layer of ARCHITECTURE.md, no two
 * folders import each other (directly or round a cycle), and only the
 * Node-only edge imports Node's modules. Data-driven over folders: a file
 * belongs to the first folder under src/ (or is a unit itself, as
 * `errors.ts`), so files may move within a folder freely; a new folder
 * must be given a layer here.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = join(__dirname, '..', 'src');

/** The layers, bottom up, and the folders (or top-level files) in each. */
const LAYERS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['ground', ['errors.ts', 'expressions', 'random']],
  ['one run', ['model']],
  ['data', ['landscapes', 'scenarios', 'data']],
  ['many runs', ['montecarlo']],
  ['fitting', ['fitting']],
  ['analysis', ['analysis']],
  ['presentation', ['charts', 'report']],
  // typed-results.ts: the signatures under which index.ts exports the functions that return results.
  ['edges', ['node', 'web', 'index.ts', 'typed-results.ts']],
  // The explorer page's scripts (`rivalsim explore`): built on the library's entry, as a user's page would be.
  ['pages', ['explorer']],
];

/**
 * Imports that break the plan today, in files this test's author does not
 * own, each with who fixes it. An entry that no longer occurs fails the
 * test, so the list only shrinks.
 */
const ALLOWED: ReadonlyArray<{ from: string; to: string; why: string }> = [];

/** Node's own modules (`node:fs`, `fs`, `worker_threads`, …). */
const NODE_ONLY = /^(node:|(fs|fs\/promises|path|os|url|util|crypto|child_process|worker_threads|module|process|stream|events)$)/;

/** The unit (folder, or top-level file) of a path under src/. */
function unitOf(file: string): string {
  return relative(SRC, file).split(/[\\/]/)[0];
}

const layerOf = new Map<string, number>(LAYERS.flatMap(([, units], i) => units.map((u) => [u, i] as const)));

/** Every TypeScript file under `dir`. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.ts$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The file a relative specifier names (`./x.js` → `./x.ts`, a folder → its index.ts, JSON as itself). */
function resolveImport(from: string, specifier: string): string {
  const base = resolve(dirname(from), specifier);
  for (const candidate of [base.replace(/\.js$/, '.ts'), base, `${base}.ts`, join(base, 'index.ts')]) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not this one
    }
  }
  throw new Error(`${relative(SRC, from)}: cannot resolve ${specifier}`);
}

interface Edge { from: string; to: string; file: string; specifier: string }

/** Every import of every file: relative ones resolved to files, the others as written. */
function importsOf(files: string[]): { edges: Edge[]; external: Array<{ file: string; specifier: string }> } {
  const edges: Edge[] = [], external: Array<{ file: string; specifier: string }> = [];
  for (const file of files) {
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    for (const { fileName: specifier } of info.importedFiles) {
      if (!specifier.startsWith('.')) { external.push({ file: relative(SRC, file), specifier }); continue; }
      const target = resolveImport(file, specifier);
      edges.push({ from: unitOf(file), to: unitOf(target), file: relative(SRC, file), specifier });
    }
  }
  return { edges, external };
}

/** The strongly connected components of more than one unit (Tarjan). */
function cycles(graph: Map<string, Set<string>>): string[][] {
  let index = 0;
  const indices = new Map<string, number>(), low = new Map<string, number>(), stack: string[] = [], on = new Set<string>(), out: string[][] = [];
  const visit = (v: string): void => {
    indices.set(v, index); low.set(v, index); index++;
    stack.push(v); on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!indices.has(w)) { visit(w); low.set(v, Math.min(low.get(v)!, low.get(w)!)); }
      else if (on.has(w)) low.set(v, Math.min(low.get(v)!, indices.get(w)!));
    }
    if (low.get(v) === indices.get(v)) {
      const component: string[] = [];
      let w: string;
      do { w = stack.pop()!; on.delete(w); component.push(w); } while (w !== v);
      if (component.length > 1) out.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!indices.has(v)) visit(v);
  return out;
}

const allowed = (e: Edge) => ALLOWED.some((a) => a.from === e.file && a.to === e.specifier);
const { edges, external } = importsOf(sourceFiles(SRC));

describe('the import graph of src/', () => {
  it('finds the imports (a check that reads nothing cannot fail)', () => {
    expect(edges.length).toBeGreaterThan(100);
    expect(edges.some((e) => e.from === 'node' && e.to === 'index.ts')).toBe(true);
    // Dynamic and type-position imports count too.
    expect(edges.some((e) => e.file === join('node', 'cli', 'context.ts') && e.specifier === '../../index.js')).toBe(true);
  });

  it('places every folder in a layer', () => {
    const units = new Set(edges.flatMap((e) => [e.from, e.to]));
    expect([...units].filter((u) => !layerOf.has(u)), 'give the new folder a layer in LAYERS (ARCHITECTURE.md)').toEqual([]);
  });

  it('imports only from the same or a lower layer', () => {
    const upward = edges.filter((e) => layerOf.get(e.from)! < layerOf.get(e.to)! && !allowed(e));
    expect(upward.map((e) => `${e.file} → ${e.specifier} (${LAYERS[layerOf.get(e.from)!][0]} → ${LAYERS[layerOf.get(e.to)!][0]})`)).toEqual([]);
  });

  it('has no cycle between folders', () => {
    const graph = new Map<string, Set<string>>();
    for (const e of edges) {
      if (e.from === e.to || allowed(e)) continue;
      if (!graph.has(e.from)) graph.set(e.from, new Set());
      graph.get(e.from)!.add(e.to);
    }
    expect(cycles(graph)).toEqual([]);
  });

  it('keeps Node-only modules to the Node-only edge (node/)', () => {
    const misplaced = external.filter((x) => NODE_ONLY.test(x.specifier) && unitOf(join(SRC, x.file)) !== 'node');
    expect(misplaced.map((x) => `${x.file} → ${x.specifier}`)).toEqual([]);
  });

  it('lists in ALLOWED only imports that still break the plan', () => {
    const stale = ALLOWED.filter((a) => !edges.some((e) => e.file === a.from && e.specifier === a.to));
    expect(stale).toEqual([]);
  });
});
