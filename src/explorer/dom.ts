/**
 * The explorer page's DOM helpers: elements by id (an error when the page
 * lacks one), tables of text cells and figures of the library's SVG charts.
 */

/** The page's element `#id` (an error when the page has none). */
export const $ = <T extends HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`The page has no #${id}`);
  return el as T;
};

/** A table of text cells with a header row. */
export function table(head: string[], rows: string[][], className: string): HTMLTableElement {
  const t = document.createElement('table');
  t.className = className;
  const tr = t.createTHead().insertRow();
  for (const h of head) { const th = document.createElement('th'); th.textContent = h; tr.append(th); }
  const body = t.createTBody();
  for (const row of rows) { const r = body.insertRow(); for (const cell of row) r.insertCell().textContent = cell; }
  return t;
}

/** An SVG chart of the library (its text escaped by the library) as a figure. */
export function figure(svg: string, className: string): HTMLElement {
  const f = document.createElement('figure');
  f.className = className;
  f.innerHTML = svg;
  return f;
}
