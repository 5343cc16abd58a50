/**
 * The compilation context: what compiling one scenario shares between its
 * concerns (agents, markets, events) — the parameter names expressions may
 * read, the attribute registry, id lookups and the checks that turn
 * declared values into {@link PlanInput}s. One context per compilation: no
 * module-level state.
 */
import { RivalsimError } from '../../errors.js';
import { compileExpression, expressionSource } from '../../expressions/expression.js';
import { validateNumeric, type NumericConstraint } from '../../random/distributions.js';
import { COMPUTED_ATTRIBUTES, type PlanInput, type PlanMarket } from '../plan.js';
import { stepOf } from '../time.js';
import { ID_RE } from './rules.js';
import type { AgentSpec, MarketSpec, MonthSpec, Role } from '../types.js';

/**
 * Throws a {@link RivalsimError} (what went wrong, where, what was received and expected, how to fix it).
 *
 * @example
 * fail('Invalid share', 'markets[0].participants[1].initialShare', 1.3, 'a share in [0, 1]');
 */
export function fail(what: string, path: string, received: unknown, expected: string, fix?: string): never {
  throw new RivalsimError(what, path, received, expected, fix);
}

/** Whether `v` is a plain object (not an array, not null). */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `v` as an object, or a clear error naming `what`. */
export function requireObject(v: unknown, path: string, what: string): Record<string, unknown> {
  if (!isObject(v)) fail(`Invalid ${what}`, path, v, 'an object');
  return v;
}

/** `v` as an array (non-empty unless told), or a clear error naming `what`. */
export function requireArray(v: unknown, path: string, what: string, nonEmpty = true): unknown[] {
  if (!Array.isArray(v) || (nonEmpty && v.length === 0)) fail(`Invalid ${what}`, path, v, nonEmpty ? 'a non-empty array' : 'an array');
  return v;
}

/** `v` as an id, or a clear error. */
export function requireId(v: unknown, path: string): string {
  if (typeof v !== 'string' || !ID_RE.test(v)) fail('Invalid id', path, v, 'a string of letters, digits and - _ . + : @ #, starting with a letter or digit');
  return v;
}

/**
 * One compilation's shared state and checks.
 *
 * @example
 * const ctx = new CompileContext('2025-01', ['quality']);
 * ctx.input('0.5 * quality', 'events[0].integrationQuality', probability).path; // => 'events[0].integrationQuality'
 */
export class CompileContext {
  /** Attribute names; the computed ones first (see {@link COMPUTED_ATTRIBUTES}). */
  readonly attributes: string[] = [...COMPUTED_ATTRIBUTES];
  private readonly attrIndex = new Map<string, number>(this.attributes.map((a, i) => [a, i]));
  readonly agentIndex = new Map<string, number>();
  readonly marketIndex = new Map<string, number>();
  agentSpecs: AgentSpec[] = [];
  marketSpecs: MarketSpec[] = [];
  markets: PlanMarket[] = [];

  constructor(
    /** The landscape's start month. */
    readonly start: string,
    /** Names expressions may read (the parameters). */
    readonly parameterNames: readonly string[],
  ) {}

  /** The index of attribute `name`, registering it when new. */
  attr(name: string): number {
    let i = this.attrIndex.get(name);
    if (i === undefined) { i = this.attributes.length; this.attributes.push(name); this.attrIndex.set(name, i); }
    return i;
  }

  /** A number, distribution or expression, checked against `c` (expressions in each run). */
  input(v: unknown, path: string, c: NumericConstraint): PlanInput {
    const source = expressionSource(v);
    if (source !== undefined) return { path, value: compileExpression(source, this.parameterNames, path), constraint: c };
    return { path, value: validateNumeric(v, path, c) };
  }

  /** {@link CompileContext.input}, or `fallback` when `v` is undefined. */
  optionalInput(v: unknown, path: string, c: NumericConstraint, fallback: number): PlanInput {
    return v === undefined ? { path, value: fallback } : this.input(v, path, c);
  }

  /** A month (steps from the start, a distribution, an expression, or `'YYYY-MM'` from the start on). */
  month(v: MonthSpec | undefined, path: string): PlanInput {
    // A year, a dash and digits is a date, never arithmetic: '2025-6' is refused, not read as 2025 − 6 = 2019 steps.
    if (typeof v === 'string' && /^\d{4}-\d+$/.test(v.trim())) {
      if (!/^\d{4}-\d{2}$/.test(v.trim())) fail('Invalid month', path, v, "a date 'YYYY-MM' with two digits for the month (e.g. '2025-06')");
      const step = stepOf(this.start, v.trim(), path);
      if (step < 0) fail('Month before the start', path, v, `a month from the landscape's start (${this.start}) on`, 'Fold what happened before the start into the starting state');
      return { path, value: step };
    }
    return this.input(v, path, { min: 0, describe: "a month ≥ 0 (steps from the start) or 'YYYY-MM'" });
  }

  /** The index of agent `v` (with `role` when given), or a clear error. */
  agentRef(v: unknown, path: string, role?: Role): number {
    const i = typeof v === 'string' ? this.agentIndex.get(v) : undefined;
    if (i === undefined) fail('Unknown agent', path, v, `one of ${[...this.agentIndex.keys()].join(', ')}`, 'Declare the agent in landscape.agents or fix the id');
    if (role && !this.agentSpecs[i].roles.includes(role)) {
      fail('Agent has the wrong role', path, v, `an agent with role '${role}'`, `Add '${role}' to its roles or pick another agent`);
    }
    return i;
  }

  /** The index of market `v` (of `kind` when given), or a clear error. */
  marketRef(v: unknown, path: string, kind?: 'devices' | 'assistants'): number {
    const i = typeof v === 'string' ? this.marketIndex.get(v) : undefined;
    if (i === undefined) fail('Unknown market', path, v, `one of ${[...this.marketIndex.keys()].join(', ')}`);
    if (kind && this.marketSpecs[i].kind !== kind) fail('Wrong market kind', path, v, `a '${kind}' market`);
    return i;
  }

  /** The first market of `kind`, or −1. */
  firstOfKind(kind: 'devices' | 'assistants'): number {
    return this.marketSpecs.findIndex((m) => m.kind === kind);
  }
}
