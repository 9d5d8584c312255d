// CSV as Danish Excel writes and reads it: `;` separated, UTF-8 with a BOM, CRLF, fields quoted
// when they hold the separator, a quote or a line break. Reading also takes `,` (the header row
// decides), Excel's "sep=;" first line, and files saved as Windows-1252.

export type Separator = ';' | ',';

export interface CsvRecord {
  /** The line the record starts on (the first line of the file is 1). */
  line: number;
  cells: string[];
}

export class CsvError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

/** Bytes as text: UTF-8 (BOM dropped) when they are valid UTF-8, else Windows-1252 (older Excel). */
export function decodeCsvBytes(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

/** Which separator the header line uses: the more frequent of `;` and `,` outside quotes (`;` on a tie). */
function detectSeparator(text: string, start: number): Separator {
  let semi = 0;
  let comma = 0;
  let quoted = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) break;
    else if (!quoted && c === ';') semi++;
    else if (!quoted && c === ',') comma++;
  }
  return comma > semi ? ',' : ';';
}

/** Per separator: the next character that ends or quotes an unquoted run of a cell. */
const SPECIAL: Record<Separator, RegExp> = { ';': /[;\r\n"]/g, ',': /[,\r\n"]/g };

/**
 * Parses CSV text into records with the line each starts on. Quoted fields may hold separators,
 * doubled quotes and line breaks. An unterminated quote is an error naming its line.
 *
 * A quote opens a quoted run only where the cell so far is blank (that blank is dropped); elsewhere
 * it is a plain character, and text after a closing quote joins the cell. Each blank line is a
 * record of one empty cell. It scans by runs (indexOf, a regular expression, slice), never
 * character by character: a line without a quote is split whole (a 50,000-row HR file).
 */
export function parseCsv(input: string): { separator: Separator; records: CsvRecord[] } {
  const text = input.startsWith('\uFEFF') ? input.slice(1) : input;
  const end = text.length;
  let pos = 0;
  let line = 1;
  let separator: Separator | undefined;
  const sepLine = /^sep=([;,])\r?\n/i.exec(text);
  if (sepLine) {
    separator = sepLine[1] as Separator;
    pos = sepLine[0].length;
    line = 2;
  }
  separator ??= detectSeparator(text, pos);
  const special = SPECIAL[separator];

  const records: CsvRecord[] = [];
  // The next quote, carriage return and line feed at or after pos (end when none): looked up again
  // only once passed, so each is found once per occurrence, not once per line.
  let nextQuote = -1;
  let nextCr = -1;
  let nextLf = -1;
  const next = (c: string) => {
    const i = text.indexOf(c, pos);
    return i < 0 ? end : i;
  };

  while (pos < end) {
    if (nextQuote < pos) nextQuote = next('"');
    if (nextCr < pos) nextCr = next('\r');
    if (nextLf < pos) nextLf = next('\n');
    const lineEnd = Math.min(nextCr, nextLf);
    if (nextQuote >= lineEnd) {
      records.push({ line, cells: text.slice(pos, lineEnd).split(separator) });
      pos = lineEnd + (text[lineEnd] === '\r' && text[lineEnd + 1] === '\n' ? 2 : 1);
      line++;
      continue;
    }
    // A line with a quote: cell by cell, run by run.
    const recordLine = line;
    const cells: string[] = [];
    let cell = '';
    for (;;) {
      special.lastIndex = pos;
      const stop = special.exec(text)?.index ?? end;
      cell += text.slice(pos, stop);
      pos = stop;
      if (stop === end) {
        cells.push(cell);
        break;
      }
      const c = text[stop];
      if (c === '"') {
        pos++;
        if (cell.trim() !== '') {
          cell += '"';
          continue;
        }
        const quoteLine = line;
        cell = '';
        for (;;) {
          const close = text.indexOf('"', pos);
          if (close < 0)
            throw new CsvError(`The quoted value that starts on line ${quoteLine} is never closed.`, quoteLine);
          const run = text.slice(pos, close);
          cell += run;
          line += lineBreaks(run);
          if (text[close + 1] === '"') {
            cell += '"';
            pos = close + 2;
          } else {
            pos = close + 1;
            break;
          }
        }
      } else if (c === separator) {
        cells.push(cell);
        cell = '';
        pos++;
      } else {
        cells.push(cell);
        pos += c === '\r' && text[stop + 1] === '\n' ? 2 : 1;
        line++;
        break;
      }
    }
    records.push({ line: recordLine, cells });
  }
  return { separator, records };
}

/** Line breaks inside a quoted run: each \n, and each \r not followed by \n (the run ends before a quote). */
function lineBreaks(run: string): number {
  let n = 0;
  for (let i = run.indexOf('\n'); i >= 0; i = run.indexOf('\n', i + 1)) n++;
  for (let i = run.indexOf('\r'); i >= 0; i = run.indexOf('\r', i + 1)) if (run[i + 1] !== '\n') n++;
  return n;
}

/** Excel runs cells that start with = + - @ as formulas: such a cell gets a leading ' (and the import drops it again). */
const FORMULA_START = /^[=+\-@\t\r]/;

export function neutralizeFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

export function unneutralizeFormula(value: string): string {
  return value.startsWith("'") && FORMULA_START.test(value.slice(1)) ? value.slice(1) : value;
}

/** One cell as text: booleans true/false, numbers as they are, nothing as empty. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** A CSV file for Danish Excel: BOM, `;`, CRLF, quoting, formula cells neutralized. */
export function formatCsv(columns: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const cell = (v: unknown) => {
    const s = neutralizeFormula(cellText(v));
    return /[";\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return `\uFEFF${[columns, ...rows].map((r) => r.map(cell).join(';')).join('\r\n')}\r\n`;
}
