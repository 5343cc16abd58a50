/**
 * Pieces every HTML report section uses: escaping, an inline chart in a
 * figure, a table. Portable: strings only.
 */
import { escapeXML } from '../charts/core.js';

/** Escapes text for HTML (the same rules as XML). */
export const esc = escapeXML;

/**
 * An inline chart: the SVG without its namespace URL (HTML needs none), in a figure.
 *
 * @example
 * figure('<svg xmlns="http://www.w3.org/2000/svg"></svg>', 'tornado'); // => '<figure class="chart tornado"><svg></svg></figure>'
 */
export function figure(svg: string, cls: string): string {
  return `<figure class="chart ${cls}">${svg.replace(/\s+xmlns="http:\/\/www\.w3\.org\/2000\/svg"/g, '')}</figure>`;
}

/**
 * An HTML table; cells are escaped, `text` columns are left-aligned.
 *
 * @example
 * htmlTable(['Agent', 'Share'], [['Apple', '15.5%']], 'summary'); // => '<table class="summary"><thead>…'
 */
export function htmlTable(header: string[], rows: string[][], cls = '', textColumns: number[] = [0]): string {
  const cell = (tag: 'th' | 'td', v: string, c: number) => `<${tag}${c > 0 && textColumns.includes(c) ? ' class="text"' : ''}>${esc(v)}</${tag}>`;
  return `<table${cls ? ` class="${cls}"` : ''}><thead><tr>${header.map((h, c) => cell('th', h, c)).join('')}</tr></thead>` +
    `<tbody>${rows.map((r) => `<tr>${r.map((v, c) => cell('td', v, c)).join('')}</tr>`).join('')}</tbody></table>`;
}
