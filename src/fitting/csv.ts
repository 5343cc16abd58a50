/**
 * A small RFC 4180 CSV reader: quoted fields (with `""` for a quote, and
 * commas or line breaks inside), CRLF or LF line ends, a leading BOM, blank
 * lines and `#` comment lines skipped. Each record keeps the line it starts
 * on, so errors can name it.
 */
import { RivalsimError } from '../errors.js';

/**
 * One CSV record: its cells and the (1-based) line it starts on.
 *
 * @example
 * const r: CsvRecord = { line: 2, cells: ['idc', 'phones', 'apple', '2024', 'share', '0.156'] };
 */
export interface CsvRecord {
  line: number;
  cells: string[];
}

/**
 * Splits CSV text into records. An unterminated quote is an error naming
 * the line it opened on.
 *
 * @example
 * readCsv('a,b\n"x, y",2\n').map((r) => r.cells); // => [['a', 'b'], ['x, y', '2']]
 */
export function readCsv(text: string, file = 'CSV'): CsvRecord[] {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = '';
  let line = 1, recordLine = 1, quoteLine = 0;
  let inQuotes = false, atRecordStart = true, wasQuoted = false;
  const endRecord = () => {
    cells.push(cell);
    const blank = cells.length === 1 && cells[0].trim() === '' && !wasQuoted;
    if (!blank) records.push({ line: recordLine, cells });
    cells = []; cell = ''; atRecordStart = true; wasQuoted = false;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inQuotes) {
      if (c === '"') {
        if (text[i + 1] === '"') { cell += '"'; i++; } else inQuotes = false;
      } else {
        if (c === '\n') line++;
        cell += c;
      }
      continue;
    }
    if (atRecordStart) {
      recordLine = line;
      atRecordStart = false;
      if (c === '#') {
        // A comment line: skip to its end.
        while (i < text.length && text[i] !== '\n') i++;
        line++;
        atRecordStart = true;
        continue;
      }
    }
    if (c === '"' && cell.trim() === '') { inQuotes = true; wasQuoted = true; quoteLine = line; cell = ''; }
    else if (c === ',') { cells.push(cell); cell = ''; }
    else if (c === '\r' && text[i + 1] === '\n') continue;
    else if (c === '\n') { endRecord(); line++; }
    else cell += c;
  }
  if (inQuotes) throw new RivalsimError('Unterminated quote', `${file}: line ${quoteLine}`, 'a field opened with "', 'a closing " for every opening one');
  if (!atRecordStart || cell !== '' || cells.length) endRecord();
  return records;
}

/**
 * Quotes a CSV field when it holds a comma, a quote or a line break.
 *
 * @example
 * csvCell('a, b'); // => '"a, b"'
 */
export function csvCell(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
