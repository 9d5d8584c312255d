import { describe, expect, it } from 'vitest';
import { CsvError, decodeCsvBytes, formatCsv, parseCsv } from '../../server/transfer/csv.js';

// The CSV parser the import and the HR file source read with, case by case (the import's HTTP tests
// in test/transfer.test.ts cover it through the API).

const cells = (text: string) => parseCsv(text).records.map((r) => r.cells);

describe('reading CSV', () => {
  it('when the header has more commas than semicolons then commas separate, else semicolons (a tie too)', () => {
    expect(parseCsv('a,b;c,d\n1,2;3,4\n')).toEqual({
      separator: ',',
      records: [
        { line: 1, cells: ['a', 'b;c', 'd'] },
        { line: 2, cells: ['1', '2;3', '4'] },
      ],
    });
    expect(parseCsv('a;b,c\n"x,y";2,3')).toEqual({
      separator: ';',
      records: [
        { line: 1, cells: ['a', 'b,c'] },
        { line: 2, cells: ['x,y', '2,3'] },
      ],
    });
    // Separators inside quotes do not count when deciding.
    expect(parseCsv('"a;b;c",d\n').separator).toBe(',');
  });

  it('when the file starts with a BOM and an Excel "sep=" line then both are dropped and lines count from the file', () => {
    expect(parseCsv('\uFEFFsep=,\r\na;b,c\r\n1;2,3')).toEqual({
      separator: ',',
      records: [
        { line: 2, cells: ['a;b', 'c'] },
        { line: 3, cells: ['1;2', '3'] },
      ],
    });
  });

  it('when lines end in CRLF, LF or a lone CR then each ends a record, and a blank line is a record of one empty cell', () => {
    expect(parseCsv('a;b\r\n1;2\n\r3;4\r\r\n;\n')).toEqual({
      separator: ';',
      records: [
        { line: 1, cells: ['a', 'b'] },
        { line: 2, cells: ['1', '2'] },
        { line: 3, cells: [''] },
        { line: 4, cells: ['3', '4'] },
        { line: 5, cells: [''] },
        { line: 6, cells: ['', ''] },
      ],
    });
    expect(cells('a;b;')).toEqual([['a', 'b', '']]);
  });

  it('when a quoted value holds separators, doubled quotes and line breaks then it is one cell and the next record gets its own line', () => {
    expect(parseCsv('id;note\r\n1;"a;b ""c""\r\nd\re\nf"\r\n2;"";x\n"3"')).toEqual({
      separator: ';',
      records: [
        { line: 1, cells: ['id', 'note'] },
        { line: 2, cells: ['1', 'a;b "c"\r\nd\re\nf'] },
        { line: 6, cells: ['2', '', 'x'] },
        { line: 7, cells: ['3'] },
      ],
    });
  });

  it('when a quote comes after other text then it is a plain character; blanks before a quote are dropped and text after it stays', () => {
    expect(cells('ab"c;d"e\n  "x;y" z;"p"q"r"\n\t"" "s"')).toEqual([['ab"c', 'd"e'], ['x;y z', 'pq"r"'], ['s']]);
  });

  it('when a quoted value is never closed then the error names the line it starts on', () => {
    const read = () => parseCsv('a;b\n1;2\n3;"open\nstill\n');
    expect(read).toThrow(CsvError);
    expect(read).toThrow('The quoted value that starts on line 3 is never closed.');
    try {
      read();
    } catch (e) {
      expect((e as CsvError).line).toBe(3);
    }
  });

  it('when bytes are UTF-8 with a BOM or Windows-1252 then both read as the same text', () => {
    const utf8 = new TextEncoder().encode('\uFEFFnavn;by\nSøren;Århus\n');
    const cp1252 = Uint8Array.from(
      [...'navn;by\nS', 0xf8, ...'ren;', 0xc5, ...'rhus\n'].map((c) => (typeof c === 'number' ? c : c.charCodeAt(0))),
    );
    for (const bytes of [utf8, cp1252])
      expect(cells(decodeCsvBytes(bytes))).toEqual([
        ['navn', 'by'],
        ['Søren', 'Århus'],
      ]);
  });

  it('when values are written by formatCsv then they read back the same', () => {
    const rows = [
      ['1', 'a;b', 'say "hi"', 'two\r\nlines', ' padded ', ''],
      ['2', '=SUM(A1)', 'plain', 'æøå', '', 'x'],
    ];
    const back = cells(formatCsv(['id', 'a', 'b', 'c', 'd', 'e'], rows));
    expect(back).toEqual([['id', 'a', 'b', 'c', 'd', 'e'], rows[0], ['2', "'=SUM(A1)", 'plain', 'æøå', '', 'x']]);
  });
});
