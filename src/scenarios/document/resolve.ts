/**
 * Resolving a scenario document into a scenario, with a registry of what
 * it may extend: its shape checked, applied to the base scenario (never
 * changed), then compiled to check cross references, every error located
 * in the document. The resolved scenario remembers where its paths come
 * from, so that errors of later runs can be located too.
 */
import { RivalsimError } from '../../errors.js';
import { ExpressionsNotLoaded, loadExpressions } from '../../expressions/expression.js';
import { compileScenario, type Plan } from '../../model/compile.js';
import type { Numeric } from '../../random/distributions.js';
import type { ScenarioSpec } from '../../model/types.js';
import { checkDocumentShape } from '../shape.js';
import { checkStart } from '../start-check.js';
import { resolveEvents } from './events.js';
import { resolveLandscape } from './landscape.js';
import { clonePlain, isObject } from './merge.js';
import { check, documentError, oneOf, relocate, type PathMapping } from './paths.js';
import { documentSchema } from './schema.js';
import type { DocumentRegistry, ScenarioDocument } from './types.js';

interface Resolved {
  spec: ScenarioSpec;
  mappings: PathMapping[];
}

/** The document `doc` checked against the schema, with the scenario it extends. */
function checked(doc: unknown, source: string, registry: DocumentRegistry): { d: ScenarioDocument; base?: ScenarioSpec } {
  checkDocumentShape(doc, source);
  if (!isObject(doc)) throw documentError(source, 'Invalid scenario document', [], doc, 'a JSON object { "id": …, "extends": … }');
  check(documentSchema(registry), doc, [], source);
  const d = doc as unknown as ScenarioDocument;
  if (d.extends === undefined) return { d };
  const { scenarios } = registry;
  if (!Object.hasOwn(scenarios, d.extends)) throw documentError(source, 'Unknown base scenario', ['extends'], d.extends, oneOf(Object.keys(scenarios)));
  return { d, base: scenarios[d.extends] };
}

function resolve(doc: unknown, source: string, registry: DocumentRegistry): Resolved {
  const { d, base } = checked(doc, source, registry);
  const mappings: PathMapping[] = [];
  const landscape = resolveLandscape(d, base, registry, source, mappings);
  const events = resolveEvents(d, base, source, mappings);

  // Parameters and switches merge; metrics replace.
  let parameters: Record<string, Numeric> | undefined = base?.parameters ? clonePlain(base.parameters) : undefined;
  for (const [name, p] of Object.entries(d.parameters ?? {})) {
    parameters ??= {};
    if (p === null) delete parameters[name];
    else parameters[name] = clonePlain(p);
  }
  const switches = d.switches || base?.switches ? { ...base?.switches, ...d.switches } : undefined;
  const metrics = d.metrics ?? base?.metrics;
  if (d.metrics === undefined && base?.metrics) base.metrics.forEach((_, i) => mappings.push({ from: `metrics[${i}]`, to: `metrics[${i}]`, note: `a metric inherited from '${base.id}'` }));

  const spec: ScenarioSpec = {
    id: d.id,
    name: d.name ?? (base ? `${base.name ?? base.id} — ${d.id}` : d.id),
    description: d.description ?? base?.description ?? '',
    landscape,
    horizon: d.horizon ?? base?.horizon,
    events,
  };
  if (parameters && Object.keys(parameters).length) spec.parameters = parameters;
  if (switches) spec.switches = switches;
  if (metrics) spec.metrics = clonePlain(metrics);
  if (spec.horizon === undefined) delete spec.horizon;
  return { spec, mappings };
}

/** Where the paths of each resolved scenario come from in its document (keyed weakly by the scenario: no scenario is kept alive). */
const LOCATIONS = new WeakMap<ScenarioSpec, { mappings: PathMapping[]; source: string }>();

function located(r: Resolved, source: string): Resolved {
  LOCATIONS.set(r.spec, { mappings: r.mappings, source });
  return r;
}

/**
 * An error found while running a scenario resolved from a document (an
 * expression out of range in some run, say), located in that document:
 * `events[5].visibility` becomes `eventOverrides["apple+alibaba"].visibility`
 * and the message names the document. Undefined when `spec` was not
 * resolved from a document.
 *
 * @example
 * const spec = await prepareScenarioDocument(doc, 'study.json');
 * try { await simulate(spec, { runs: 100 }); }
 * catch (e) { if (e instanceof RunError && e.cause instanceof RivalsimError) throw locateInDocument(spec, e.cause) ?? e; }
 */
export function locateInDocument(spec: ScenarioSpec, error: RivalsimError): RivalsimError | undefined {
  const at = LOCATIONS.get(spec);
  return at ? relocate(error, at.mappings, at.source) : undefined;
}

/** Compiles the resolved scenario to check cross references; errors name document paths. */
function crossCheck(r: Resolved, source: string, doc: unknown): void {
  let plan: Plan;
  try {
    plan = compileScenario(r.spec);
  } catch (e) {
    if (e instanceof ExpressionsNotLoaded || !(e instanceof RivalsimError)) throw e;
    throw relocate(e, r.mappings, source);
  }
  // The world's start must accept it too (a run would fail otherwise).
  checkStart(r.spec, plan, doc, (e) => relocate(e, r.mappings, source));
}

/**
 * Resolves document `doc` with `registry`; checks that need expressions
 * are skipped until mathjs is loaded (see {@link prepareDocument}).
 *
 * @example
 * resolveDocument({ id: 'longer', extends: 'apple-alibaba', horizon: 48 }, 'x.json', BUNDLED_REGISTRY).horizon; // => 48
 */
export function resolveDocument(doc: unknown, source: string, registry: DocumentRegistry): ScenarioSpec {
  const r = located(resolve(doc, source, registry), source);
  try {
    crossCheck(r, source, doc);
  } catch (e) {
    if (!(e instanceof ExpressionsNotLoaded)) throw e;
  }
  return r.spec;
}

/**
 * Like {@link resolveDocument}, loading mathjs first when the document
 * uses expressions, so every check (expressions included) runs now.
 *
 * @example
 * const spec = await prepareDocument(JSON.parse(text), 'study.json', BUNDLED_REGISTRY);
 */
export async function prepareDocument(doc: unknown, source: string, registry: DocumentRegistry): Promise<ScenarioSpec> {
  const r = located(resolve(doc, source, registry), source);
  try {
    crossCheck(r, source, doc);
  } catch (e) {
    if (!(e instanceof ExpressionsNotLoaded)) throw e;
    await loadExpressions();
    crossCheck(r, source, doc);
  }
  return r.spec;
}
