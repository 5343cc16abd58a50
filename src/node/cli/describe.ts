/**
 * Node-only: `rivalsim list` and `rivalsim describe <scenario>`.
 */
import type { EventSpec } from '../../model/types.js';
import { DEFAULT_HORIZON, type Plan } from '../../model/compile.js';
import { MONTH_RE } from '../../model/time.js';
import { agentName, num, pct, scenarioTitle } from '../../report/format.js';
import { textTable } from '../../report/text.js';
import { scenarioPlan, type CliContext, type Library } from './context.js';
import { COMMON_OPTIONS, parseFlags, positionals } from './options.js';

/** Words wrapped to `width` columns, each line indented. */
function wrap(text: string, width = 78, indent = '  '): string {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && indent.length + line.length + 1 + word.length > width) { out.push(indent + line); line = word; } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(indent + line);
  return out.join('\n');
}

/** Any declared number: a plain number, a distribution or an expression. */
function formatNumeric(lib: Library, v: unknown): string {
  if (typeof v === 'number') return num(v);
  if (lib.isDistribution(v)) return lib.formatDistribution(v);
  if (typeof v === 'string') return `= ${v}`;
  if (typeof v === 'object' && v !== null && typeof (v as { expr?: unknown }).expr === 'string') return `= ${(v as { expr: string }).expr}`;
  return JSON.stringify(v);
}

function formatMonth(lib: Library, v: unknown, plan: Plan): string {
  if (typeof v === 'string' && MONTH_RE.test(v.trim())) return v.trim();
  if (typeof v === 'number') return `month ${num(v)}${Number.isInteger(v) && v >= 0 && v <= plan.horizon ? ` (${plan.dates[v]})` : ''}`;
  return `month ${formatNumeric(lib, v)}`;
}

const ROLE_NAMES: Record<string, string> = { deviceMaker: 'device maker', aiProvider: 'AI provider' };

/** `rivalsim list`: the bundled scenarios. */
export function listCommand(args: string[], { io, lib }: CliContext): void {
  const { positionals: got } = parseFlags('list', args, COMMON_OPTIONS);
  positionals('list', got, []);
  const { scenarios } = lib;
  const rows = Object.entries(scenarios).map(([id, s]) => [id, s.name ?? '', `${s.horizon ?? DEFAULT_HORIZON} months`]);
  io.stdout.write(`Bundled scenarios (rivalsim describe <id> for details)\n${textTable(['Id', 'Name', 'Horizon'], rows, ['l', 'l', 'r'])}\n`);
}

function describeEvent(lib: Library, e: EventSpec & Record<string, unknown>, plan: Plan, index: number): string[] {
  const id = plan.events[index]?.id ?? (e.id as string | undefined) ?? '';
  const parts: string[] = [];
  const field = (label: string, v: unknown, suffix = '') => { if (v !== undefined) parts.push(`${label} ${formatNumeric(lib, v)}${suffix}`); };
  let who = '';
  switch (e.type) {
    case 'partnership':
      who = `${agentName(plan, e.deviceMaker)} + ${agentName(plan, e.provider)}`;
      parts.push(`announced ${formatMonth(lib, e.announceMonth, plan)}`);
      field('P(approval)', e.approvalProbability);
      field('review', e.reviewMonths, ' months');
      field('go-live delay', e.goLiveDelayMonths, ' months');
      field('integration quality', e.integrationQuality);
      field('privacy cap', e.privacyCap);
      field('adoption', e.adoption);
      field('visibility', e.visibility);
      break;
    case 'aiLaunch':
      who = agentName(plan, e.agent);
      parts.push(formatMonth(lib, e.month, plan));
      field('capability gain', e.capabilityGain);
      if (e.markets) parts.push(`markets ${e.markets.join(', ')}`);
      break;
    case 'shock':
      who = (e.agents ?? []).map((a) => agentName(plan, a)).join(', ');
      parts.push(`${e.attribute ?? 'utility'}${e.market ? ` in ${e.market}` : ''}`);
      field('change', e.change);
      if (e.month !== undefined) parts.push(formatMonth(lib, e.month, plan));
      field('hazard per month', e.hazardPerMonth);
      field('half-life', e.halfLifeMonths, ' months');
      break;
    case 'entry':
    case 'exit':
      who = `${agentName(plan, e.agent)} ${e.type === 'entry' ? 'enters' : 'leaves'} ${e.market}`;
      parts.push(formatMonth(lib, e.month, plan));
      if (e.type === 'entry') field('choice share', e.choiceShare);
      break;
    default:
      who = '';
  }
  const ramp = e.ramp as Record<string, unknown> | undefined;
  if (ramp && typeof ramp === 'object') {
    const { kind, ...rest } = ramp;
    parts.push(`ramp ${String(kind)}${Object.keys(rest).length ? `(${Object.entries(rest).map(([k, v]) => `${k} ${formatNumeric(lib, v)}`).join(', ')})` : ''}`);
  }
  return [`  ${String(e.type)} ${id}${who ? ` — ${who}` : ''}`, wrap(parts.join('; '), 78, '      ')];
}

/** `rivalsim describe <scenario>`: narrative, calendar, agents, markets, events, parameters, uncertain inputs, sources. */
export async function describeCommand(args: string[], { io, lib }: CliContext): Promise<void> {
  const { positionals: got } = parseFlags('describe', args, COMMON_OPTIONS);
  const [name] = positionals('describe', got, ['scenario']);
  const plan = await scenarioPlan(lib, name);
  const spec = plan.spec;
  const out: string[] = [];
  out.push(scenarioTitle(plan), '');
  if (spec.description) out.push(wrap(spec.description), '');
  out.push(`Calendar: ${plan.start} + ${plan.horizon} months (to ${plan.dates[plan.horizon]})`);
  if (spec.switches && Object.keys(spec.switches).length) out.push(`Switches: ${Object.entries(spec.switches).map(([k, v]) => `${k} ${String(v)}`).join(', ')}`);

  out.push('', `Agents (${plan.agents.length})`);
  out.push(textTable(['Id', 'Name', 'Roles', 'Policies', 'Capacity (M concurrent users)'], plan.agents.map((a, i) => {
    const s = spec.landscape.agents[i];
    const growth = s?.capacity?.growthPerMonth;
    const cap = s?.capacity
      ? `${formatNumeric(lib, s.capacity.concurrentUsers)}${growth === undefined ? '' : typeof growth === 'number' ? `, ${growth >= 0 ? '+' : ''}${num(100 * growth)}%/month` : `, growth ${formatNumeric(lib, growth)}/month`}`
      : '';
    return [a.id, a.name, a.roles.map((r) => ROLE_NAMES[r] ?? r).join(', '), a.policies.map((p) => p.name).join(', '), cap];
  }), ['l', 'l', 'l', 'l', 'l']));

  out.push('', `Markets (${plan.markets.length})`);
  spec.landscape.markets.forEach((m) => {
    const size = m.kind === 'devices'
      ? `${formatNumeric(lib, m.unitsPerYear)} M units a year, replacement cycle ${formatNumeric(lib, m.replacementCycleMonths)} months`
      : `${formatNumeric(lib, m.initialUsers)} M users, potential ${formatNumeric(lib, m.potential)} M`;
    out.push(`  ${m.id} — ${m.name} (${m.kind}: ${size})`);
    out.push(wrap(`starting shares: ${m.participants.map((p) => `${agentName(plan, p.agent)} ${pct(p.initialShare)}`).join(', ')}`, 78, '      '));
    out.push(wrap(`weights: ${Object.entries(m.weights).map(([k, v]) => `${k} ${typeof v === 'number' ? num(v) : JSON.stringify(v)}`).join(', ')}`, 78, '      '));
  });

  const events = spec.events ?? [];
  out.push('', `Events (${events.length})`);
  events.forEach((e, i) => out.push(...describeEvent(lib, e as EventSpec & Record<string, unknown>, plan, i)));
  if (!events.length) out.push('  (none)');

  if (plan.parameters.length) {
    out.push('', `Parameters (${plan.parameters.length}), sampled first in each run`);
    out.push(textTable(['Name', 'Value'], plan.parameters.map((p) => [p.name, formatNumeric(lib, p.input.value)]), ['l', 'l']));
  }

  const inputs = lib.uncertainInputs(plan);
  out.push('', `Uncertain inputs (${inputs.length}), each sampled once per run`);
  if (inputs.length) out.push(textTable(['Path', 'Distribution'], inputs.map((x) => [x.path, lib.formatDistribution(x.dist)]), ['l', 'l']));
  else out.push('  (none: every input is a fixed number)');
  if (spec.landscape.sources?.length) out.push('', 'Sources', ...spec.landscape.sources.map((s) => wrap(s, 78, '  ')));
  io.stdout.write(out.join('\n') + '\n');
}
