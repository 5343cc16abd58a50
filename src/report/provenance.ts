/**
 * The provenance section of the HTML reports: which rivalsim made the
 * results, from which scenario definition (its hash), with which seed,
 * runs and design, when and on which runtime. The two fields that differ
 * from one run to the next sit in their own elements (`.created-at`,
 * `.runtime`), so a test comparing reports can leave them out.
 */
import type { ComparisonProvenance } from '../montecarlo/compare.js';
import type { Provenance } from '../montecarlo/provenance.js';
import { esc } from './html-parts.js';

/** One line of the section. */
const item = (term: string, value: string) => `<dt>${esc(term)}</dt><dd style="margin: 0">${value}</dd>`;

/**
 * The provenance section of a report of a study or of a comparison.
 *
 * @example
 * provenanceSection(result.provenance); // '<section id="provenance">…'
 */
export function provenanceSection(p: Provenance | ComparisonProvenance): string[] {
  const scenarios = 'scenario' in p
    ? [item('Scenario', `<code>${esc(p.scenario.id)}</code> <code class="hash">${esc(p.scenario.hash)}</code>`)]
    : [item('Scenario a', `<code>${esc(p.a.id)}</code> <code class="hash">${esc(p.a.hash)}</code>`), item('Scenario b', `<code>${esc(p.b.id)}</code> <code class="hash">${esc(p.b.hash)}</code>`)];
  return [
    '<section id="provenance">', '<h2>Provenance</h2>', '<dl class="provenance" style="display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 2px 16px; font-size: 0.9em">',
    item('rivalsim', esc(p.rivalsim)),
    ...scenarios,
    item('Seed', esc(JSON.stringify(p.seed))),
    item('Runs', esc(p.runs.toLocaleString('en-US'))),
    item('Design', esc(p.design)),
    item('Created', `<span class="created-at">${esc(p.createdAt)}</span>`),
    item('Runtime', `<span class="runtime">${esc(p.runtime)}</span>`),
    '</dl>',
    '<p class="note">The scenario hash is the SHA-256 of its definition as canonical JSON (<code>scenarioHash</code>): the same definition gives the same hash on every machine.</p>',
    '</section>',
  ];
}
