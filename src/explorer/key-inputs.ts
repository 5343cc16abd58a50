/**
 * The key uncertain inputs the explorer page offers sliders for (the first
 * partnership's terms, the landscape's aiWeightGrowth): where each sits in
 * a scenario, how to fix it, its slider's range, and the declared value in
 * words. No DOM: plain functions of scenarios.
 */
import { isDistribution, meanOf, type Numeric, type PartnershipEvent, type ScenarioSpec } from '../index.js';

/** A key uncertain input the page offers a slider for: where it sits in a scenario, and its range. */
export interface KeyInput {
  /** Name in the URL. */
  key: string;
  label: string;
  /** The declared value (a number, a distribution or an expression), or undefined when the scenario has no such input. */
  read(spec: ScenarioSpec): Numeric | undefined;
  /** The scenario with the input fixed at `value` (a copy). */
  write(spec: ScenarioSpec, value: number): ScenarioSpec;
  /** Slider range, given the declared value. */
  range(declared: Numeric): { min: number; max: number; step: number };
}

/** The first partnership the scenario declares (the deal the scenario is about, e.g. apple+alibaba). */
function firstDeal(spec: ScenarioSpec): PartnershipEvent | undefined {
  return spec.events?.find((e): e is PartnershipEvent => e.type === 'partnership');
}

const UNIT = () => ({ min: 0, max: 1, step: 0.01 });

/** A field of the first partnership, a fraction in [0, 1]. */
function dealField(field: 'approvalProbability' | 'adoption' | 'visibility' | 'integrationQuality', label: string, key: string): KeyInput {
  return {
    key, label,
    read: (spec) => { const deal = firstDeal(spec); return deal ? deal[field] : undefined; },
    write: (spec, value) => {
      const copy = structuredClone(spec);
      const deal = firstDeal(copy)!;
      deal[field] = value;
      return copy;
    },
    range: UNIT,
  };
}

/** A landscape parameter (e.g. aiWeightGrowth); its range: the distribution's bounds, else [0, 2 × its mean]. */
function landscapeParameter(name: string, label: string): KeyInput {
  return {
    key: name, label,
    read: (spec) => spec.landscape.parameters?.[name],
    write: (spec, value) => {
      const copy = structuredClone(spec);
      copy.landscape.parameters = { ...copy.landscape.parameters, [name]: value };
      return copy;
    },
    range: (declared) => {
      const d = declared as { min?: number; max?: number };
      const mean = Number.isFinite(meanOfOrNaN(declared)) ? meanOfOrNaN(declared) : 0.01;
      const min = typeof d.min === 'number' ? d.min : 0, max = typeof d.max === 'number' ? d.max : Math.max(2 * mean, min + 1e-3);
      return { min, max, step: (max - min) / 200 };
    },
  };
}

/** The inputs the page offers sliders for, in the order it shows them. */
export const KEY_INPUTS: readonly KeyInput[] = [
  dealField('approvalProbability', 'Deal: approval probability', 'approval'),
  dealField('adoption', 'Deal: adoption (share of users)', 'adoption'),
  dealField('visibility', "Deal: provider's brand visibility", 'visibility'),
  dealField('integrationQuality', 'Deal: integration quality', 'integrationQuality'),
  landscapeParameter('aiWeightGrowth', 'AI weight growth per month'),
];

/** The mean of a number or distribution; NaN for an expression or where it has none. */
export function meanOfOrNaN(v: Numeric): number {
  try {
    return typeof v === 'number' || isDistribution(v) ? meanOf(v) : NaN;
  } catch {
    return NaN;
  }
}

/** A declared value in words. */
export function describeDeclared(v: Numeric): string {
  if (typeof v === 'number') return `declared: ${v}`;
  if (typeof v === 'string') return `declared: the expression ${v}`;
  const d = v as unknown as Record<string, unknown>;
  const mean = meanOfOrNaN(v);
  return `declared: ${Object.entries(d).map(([k, x]) => `${k} ${String(x)}`).join(', ')}${Number.isFinite(mean) ? ` (mean ${round(mean)})` : ''}`;
}

/** A number to four significant digits, for labels. */
export function round(x: number): string {
  return String(Number(x.toPrecision(4)));
}
