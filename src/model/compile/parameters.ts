/**
 * Compiling a scenario's parameters: the landscape's, then the scenario's,
 * each name checked against the parameter-name rule (`rules.ts`) and the
 * names expressions reserve.
 */
import { ALLOWED_CONSTANTS, ALLOWED_FUNCTIONS, expressionSource } from '../../expressions/expression.js';
import { anyFinite, validateNumeric } from '../../random/distributions.js';
import type { Plan } from '../plan.js';
import type { LandscapeSpec, ScenarioSpec } from '../types.js';
import { fail, requireObject } from './context.js';
import { OBJECT_INTERNALS, PARAMETER_NAME_RE } from './rules.js';

/**
 * Names a parameter may not take: expressions' constants and functions, mathjs's reserved `end`, and object internals.
 *
 * @example
 * RESERVED_NAMES.has('pi'); // => true
 */
export const RESERVED_NAMES: ReadonlySet<string> = new Set<string>([...ALLOWED_CONSTANTS, ...ALLOWED_FUNCTIONS, 'end', ...OBJECT_INTERNALS]);

/**
 * The landscape's parameters, then the scenario's (a scenario parameter
 * replaces a landscape one of the same name), all at `parameters.<name>`.
 *
 * @example
 * compileParameters({ ...spec, parameters: { q: 0.8 } }, spec.landscape).at(-1); // => { name: 'q', input: { path: 'parameters.q', value: 0.8 } }
 */
export function compileParameters(spec: ScenarioSpec, landscape: LandscapeSpec): Plan['parameters'] {
  const byName = new Map<string, Plan['parameters'][number]>();
  const add = (block: unknown, where: string) => {
    if (block === undefined) return;
    requireObject(block, where, 'parameters');
    for (const [name, v] of Object.entries(block as Record<string, unknown>)) {
      if (!PARAMETER_NAME_RE.test(name) || RESERVED_NAMES.has(name)) {
        fail(RESERVED_NAMES.has(name) ? 'Reserved parameter name' : 'Invalid parameter name', `${where}.${name}`, name,
          `a name of letters, digits and _ (not starting with a digit; not ${[...RESERVED_NAMES].join(', ')}: expressions use them, or objects)`);
      }
      if (expressionSource(v) !== undefined) fail('Parameters cannot be expressions', `${where}.${name}`, v, 'a number or a distribution');
      const path = `parameters.${name}`;
      byName.set(name, { name, input: { path, value: validateNumeric(v, `${where}.${name}`, anyFinite) } });
    }
  };
  add(landscape.parameters, 'landscape.parameters');
  add(spec.parameters, 'parameters');
  return [...byName.values()];
}
