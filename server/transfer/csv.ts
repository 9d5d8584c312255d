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

/**
 * Parses CSV text into records with the line each starts on. Quoted fields may hold separators,
 * doubled quotes and line breaks. An unterminated quote is an error naming its line.
 */
export function parseCsv(input: string): { separator: Separator; records: CsvRecord[] } {
  const text = input.startsWith('\uFEFF') ? input.slice(1) : input;
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

  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = '';
  let recordLine = line;
  let quoted = false;
  let quoteLine = line;
  let atRecordStart = true;

  const endCell = () => {
    cells.push(cell);
    cell = '';
  };
  const endRecord = () => {
    endCell();
    records.push({ line: recordLine, cells });
    cells = [];
    atRecordStart = true;
  };

  for (; pos < text.length; pos++) {
    const c = text[pos]!;
    if (atRecordStart) {
      recordLine = line;
      atRecordStart = false;
    }
    if (quoted) {
      if (c === '"') {
        if (text[pos + 1] === '"') {
          cell += '"';
          pos++;
        } else quoted = false;
      } else {
        if (c === '\n' || (c === '\r' && text[pos + 1] !== '\n')) line++;
        cell += c;
      }
      continue;
    }
    if (c === '"' && cell.trim() === '') {
      quoted = true;
      quoteLine = line;
      cell = '';
    } else if (c === separator) {
      endCell();
    } else if (c === '\r' || c === '\n') {
      if (c === '\r' && text[pos + 1] === '\n') pos++;
      endRecord();
      line++;
    } else {
      cell += c;
    }
  }
  if (quoted) throw new CsvError(`The quoted value that starts on line ${quoteLine} is never closed.`, quoteLine);
  if (!atRecordStart) endRecord();
  return { separator, records };
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
