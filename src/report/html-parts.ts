/**
 * The pieces every HTML page of rivalsim is made of: the page itself (inline
 * CSS, no external URL), tables with escaped cells, and inline SVG figures.
 * Shared by the study, comparison and fitting reports. Portable: no DOM, no
 * Node APIs.
 */
import { escapeXML } from '../charts/core.js';

/**
 * Escapes text for HTML (the same rules as XML).
 *
 * @example
 * esc('A & B'); // => 'A &amp; B'
 */
export const esc = escapeXML;

const CSS = `
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #222; background: #fff;
  max-width: 980px; margin: 0 auto; padding: 24px 20px 60px; line-height: 1.45; }
h1 { font-size: 1.7em; margin: 0 0 4px; }
h2 { font-size: 1.3em; margin: 36px 0 10px; padding-bottom: 4px; border-bottom: 2px solid #e4e4e4; }
h3 { font-size: 1.1em; margin: 24px 0 8px; }
p.meta { color: #666; margin: 0 0 16px; font-size: 0.92em; }
p.narrative { font-size: 1.02em; }
table { border-collapse: collapse; margin: 8px 0 16px; font-size: 0.9em; font-variant-numeric: tabular-nums; }
th, td { padding: 4px 10px; border-bottom: 1px solid #e6e6e6; text-align: right; }
th { background: #f6f6f6; font-weight: 600; }
th:first-child, td:first-child { text-align: left; }
td { white-space: nowrap; }
th.text, td.text { text-align: left; white-space: normal; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.92em; }
figure { margin: 10px 0 20px; }
figure svg { max-width: 100%; height: auto; display: block; }
.note { color: #666; font-size: 0.88em; }
ul.sources { padding-left: 1.2em; font-size: 0.92em; }
ul.sources li { margin: 2px 0; }
td.text { min-width: 8em; }
table.parameter-notes td { vertical-align: top; }
dl.provenance dd { margin: 0; min-width: 0; }
code.hash { overflow-wrap: anywhere; word-break: break-all; }
@media (max-width: 640px) {
  body { padding: 16px 10px 40px; }
  table { display: block; overflow-x: auto; max-width: 100%; }
}
footer { margin-top: 40px; color: #888; font-size: 0.82em; }
`;

/**
 * An inline chart: the SVG without its namespace URL (HTML needs none), in a figure.
 *
 * @example
 * figure('<svg xmlns="http://www.w3.org/2000/svg"></svg>', 'fan-chart'); // => '<figure class="chart fan-chart"><svg></svg></figure>'
 */
export function figure(svg: string, cls: string): string {
  return `<figure class="chart ${cls}">${svg.replace(/\s+xmlns="http:\/\/www\.w3\.org\/2000\/svg"/g, '')}</figure>`;
}

/**
 * A whole self-contained page: the title, the inline style sheet, the body's
 * lines and the footer.
 *
 * @example
 * page('My study', ['<h1>My study</h1>']).startsWith('<!DOCTYPE html>'); // => true
 */
export function page(title: string, body: string[]): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(title)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    ...body,
    '<footer>Made by rivalsim. Self-contained: inline CSS and SVG, nothing loaded from elsewhere.</footer>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/**
 * An HTML table; cells are escaped, `textColumns` are left-aligned (the
 * others, numbers, right-aligned).
 *
 * @example
 * htmlTable(['Agent', 'Share'], [['A & B', '12 %']]); // => '<table><thead><tr><th>Agent</th><th>Share</th></tr></thead><tbody><tr><td>A &amp; B</td><td>12 %</td></tr></tbody></table>'
 */
export function htmlTable(header: string[], rows: string[][], cls = '', textColumns: number[] = [0]): string {
  const cell = (tag: 'th' | 'td', v: string, c: number) => `<${tag}${c > 0 && textColumns.includes(c) ? ' class="text"' : ''}>${esc(v)}</${tag}>`;
  return `<table${cls ? ` class="${cls}"` : ''}><thead><tr>${header.map((h, c) => cell('th', h, c)).join('')}</tr></thead>` +
    `<tbody>${rows.map((r) => `<tr>${r.map((v, c) => cell('td', v, c)).join('')}</tr>`).join('')}</tbody></table>`;
}
