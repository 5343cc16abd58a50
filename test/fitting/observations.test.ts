/**
 * Observation files: the tidy format read from CSV and JSON, and every kind
 * of bad input answered with a RivalsimError naming the file, row and column.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  RivalsimError, chinaLandscape, checkObservations, chinaHistory, observationsBefore, observationsToCSV, parseObservations, parsePeriod,
} from '../../src/index.js';
import { readCsv } from '../../src/fitting/csv.js';

const HEADER = 'source,market,agent,period,metric,value,reference';
const csv = (...lines: string[]) => [HEADER, ...lines].join('\n') + '\n';
const landscape = chinaLandscape();

/** The error a parse throws (failing the test when it does not throw). */
function errorOf(f: () => unknown): RivalsimError {
  try { f(); } catch (e) { expect(e).toBeInstanceOf(RivalsimError); return e as RivalsimError; }
  throw new Error('expected a RivalsimError');
}

describe('reading observations', () => {
  it('reads CSV rows with quoted references, comments and canonical periods', () => {
    const rows = parseObservations([
      '# China phones',
      HEADER,
      'IDC,phones,apple,2024Q4,share,0.174,"IDC, January 2025"',
      'canalys,phones,total,2024,units,285,Canalys 2024',
      '',
      'counterpoint-pulse,phones,vivo,2024-12,SHARE,.17,',
    ].join('\r\n'), { file: 'obs.csv', landscape });
    expect(rows.map(({ location: _, ...r }) => r)).toEqual([
      { source: 'idc', market: 'phones', agent: 'apple', period: '2024-Q4', metric: 'share', value: 0.174, reference: 'IDC, January 2025' },
      { source: 'canalys', market: 'phones', agent: 'total', period: '2024', metric: 'units', value: 285, reference: 'Canalys 2024' },
      { source: 'counterpoint-pulse', market: 'phones', agent: 'vivo', period: '2024-12', metric: 'share', value: 0.17 },
    ]);
    expect(rows[0].location).toBe('obs.csv: row 1 (line 3)');
  });

  it('reads JSON arrays and { rows } documents the same as CSV', () => {
    const row = { source: 'idc', market: 'phones', agent: 'apple', period: '2024', metric: 'share', value: 0.156 };
    const fromJson = parseObservations(JSON.stringify({ format: 'rivalsim-observations', rows: [row] }), { file: 'o.json' });
    const fromArray = parseObservations(JSON.stringify([row]));
    const fromCsv = parseObservations(csv('idc,phones,apple,2024,share,0.156,'));
    expect(fromJson.map(({ location: _, ...r }) => r)).toEqual([row]);
    expect(fromArray.map(({ location: _, ...r }) => r)).toEqual([row]);
    expect(fromCsv.map(({ location: _, ...r }) => r)).toEqual([row]);
    expect(fromJson[0].location).toBe('o.json: row 1 (rows[0])');
  });

  it('round-trips through observationsToCSV (property)', () => {
    const agents = ['apple', 'huawei', 'vivo'];
    fc.assert(fc.property(
      fc.uniqueArray(fc.record({ agent: fc.constantFrom(...agents), year: fc.integer({ min: 2015, max: 2030 }), q: fc.integer({ min: 1, max: 4 }) }),
        { selector: (r) => `${r.agent}${r.year}${r.q}`, maxLength: 12 }),
      fc.string({ maxLength: 12 }).filter((s) => !s.includes('\r')),
      (keys, reference) => {
        const rows = keys.map((k) => ({ source: 'idc', market: 'phones', agent: k.agent, period: `${k.year}-Q${k.q}`, metric: 'share' as const, value: 0.1, reference: `${reference} x` }));
        const back = parseObservations(observationsToCSV(rows)).map(({ location: _, ...r }) => r);
        expect(back).toEqual(rows.map((r) => ({ ...r, reference: r.reference.trim() })));
      },
    ), { numRuns: 50 });
  });

  it('reads RFC 4180 quoting: doubled quotes and line breaks inside a field', () => {
    expect(readCsv('a,b\n"say ""hi""","x\ny"\n').map((r) => r.cells)).toEqual([['a', 'b'], ['say "hi"', 'x\ny']]);
  });

  it('parses periods and rejects others', () => {
    expect(parsePeriod('2024-Q4')).toMatchObject({ kind: 'quarter', months: 3, slot: 3, label: '2024-Q4' });
    expect(parsePeriod('2024')).toMatchObject({ kind: 'year', months: 12 });
    expect(parsePeriod('2024-02')).toMatchObject({ kind: 'month', months: 1, slot: 1 });
    for (const bad of ['2024-13', 'Q4 2024', '2024-Q5', '24', '2024-1']) expect(parsePeriod(bad)).toBeUndefined();
  });
});

describe('bad observation files name the file, row and column', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['unknown agent', 'idc,phones,nokia,2024,share,0.1,', /Unknown agent.*"nokia".*obs\.csv: row 1 \(line 2\), column "agent"/],
    ['unknown market', 'idc,tablets,apple,2024,share,0.1,', /Unknown market.*"tablets".*column "market"/],
    ['unknown source', 'gartner,phones,apple,2024,share,0.1,', /Unknown source.*"gartner".*column "source"/],
    ['malformed period', 'idc,phones,apple,Q4 2024,share,0.1,', /Invalid period.*column "period"/],
    ['period out of range', 'idc,phones,apple,1850,share,0.1,', /Period out of range.*column "period"/],
    ['text in a number', 'idc,phones,apple,2024,share,abc,', /Invalid number.*"abc".*column "value"/],
    ['a percentage sign', 'idc,phones,apple,2024,share,15%,', /Invalid number.*"15%".*column "value"/],
    ['negative value', 'idc,phones,total,2024,units,-3,', /Negative value.*-3.*column "value"/],
    ['share in percent', 'idc,phones,apple,2024,share,15.5,', /Share above 1.*15\.5.*column "value".*0\.155/],
    ['unknown metric', 'idc,phones,apple,2024,revenue,1,', /Unknown metric.*"revenue".*column "metric"/],
    ['users of a device market', 'idc,phones,apple,2024,users,1,', /Metric not recorded by a device market.*column "metric"/],
    ['share of the total', 'idc,phones,total,2024,share,1,', /Share of the whole market.*column "metric"/],
    ['missing value', 'idc,phones,apple,2024,share,,', /Invalid number.*column "value"/],
    ['too many cells', 'idc,phones,apple,2024,share,0.1,IDC, 2025', /Too many cells.*row 1 \(line 2\)/],
  ];
  for (const [name, line, pattern] of cases) {
    it(name, () => {
      const e = errorOf(() => parseObservations(csv(line), { file: 'obs.csv', landscape }));
      expect(e.message).toMatch(pattern);
      expect(e.message).toContain('obs.csv');
      expect(e.message).not.toContain('\n');
    });
  }

  it('shares of one source and period summing far above 1, at the row that tips it', () => {
    const e = errorOf(() => parseObservations(csv(
      'idc,phones,apple,2024,share,0.5,', 'canalys,phones,huawei,2024,share,0.5,', 'idc,phones,huawei,2024,share,0.4,', 'idc,phones,vivo,2024,share,0.3,',
    ), { file: 'obs.csv', landscape }));
    expect(e.message).toMatch(/Shares sum above 1.*idc, phones, 2024.*1\.2.*row 4 \(line 5\), column "value"/);
  });

  it('duplicates, naming both rows', () => {
    const e = errorOf(() => parseObservations(csv('idc,phones,apple,2024,share,0.1,', 'IDC,phones,apple,2024,share,0.2,'), { file: 'obs.csv' }));
    expect(e.message).toMatch(/Duplicate observation.*also at obs\.csv: row 1 \(line 2\).*→ at obs\.csv: row 2 \(line 3\)/);
  });

  it('a missing column, an unterminated quote, malformed JSON, a JSON value that is text', () => {
    expect(errorOf(() => parseObservations('source,market,agent,period,value\n', { file: 'a.csv' })).message).toMatch(/Missing column.*a\.csv: line 1/);
    expect(errorOf(() => parseObservations(csv('idc,phones,apple,2024,share,0.1,"open'), { file: 'b.csv' })).message).toMatch(/Unterminated quote.*b\.csv: line 2/);
    expect(errorOf(() => parseObservations('[{"source": }]', { file: 'c.json' })).message).toMatch(/Malformed JSON.*c\.json/);
    const textValue = JSON.stringify([{ source: 'idc', market: 'phones', agent: 'apple', period: '2024', metric: 'share', value: 'x' }]);
    expect(errorOf(() => parseObservations(textValue, { file: 'd.json' })).message).toMatch(/Invalid number.*d\.json: row 1 \(rows\[0\]\), column "value"/);
  });

  it('periods outside the allowed window, and sources added by the caller', () => {
    expect(errorOf(() => parseObservations(csv('idc,phones,apple,2025-03,share,0.1,'), { periods: { to: '2025-01' } })).message).toMatch(/Period out of range.*… 2025-01/);
    expect(parseObservations(csv('my-panel,phones,apple,2024,share,0.1,'), { sources: ['my-panel'] })[0].source).toBe('my-panel');
  });
});

describe('the bundled China history', () => {
  const history = chinaHistory();

  it('parses against the China landscape, every row cited, nothing published after January 2025', () => {
    expect(history.length).toBeGreaterThan(400);
    expect(() => checkObservations(history, { landscape, periods: { from: '2019-01', to: '2025-01' } })).not.toThrow();
    expect(history.every((o) => typeof o.reference === 'string' && o.reference.length > 10)).toBe(true);
    for (const source of ['idc', 'canalys', 'counterpoint-monitor', 'counterpoint-pulse', 'aicpb', 'cnnic']) {
      expect(history.some((o) => o.source === source)).toBe(true);
    }
  });

  it('keeps DATA.md figures, and says how derived rows were derived', () => {
    const idc2024 = history.filter((o) => o.source === 'idc' && o.period === '2024' && o.metric === 'share');
    expect(Object.fromEntries(idc2024.map((o) => [o.agent, o.value]))).toEqual({ apple: 0.156, huawei: 0.166, vivo: 0.172 });
    const derived = history.filter((o) => o.reference!.startsWith('derived'));
    expect(derived.length).toBeGreaterThan(10);
    expect(derived.every((o) => /derived: .{10,}/.test(o.reference!))).toBe(true);
  });

  it('observationsBefore keeps only periods that ended before the month', () => {
    const before = observationsBefore(history, '2024-01');
    expect(before.some((o) => o.period === '2023')).toBe(true);
    expect(before.some((o) => o.period.startsWith('2024'))).toBe(false);
  });
});
