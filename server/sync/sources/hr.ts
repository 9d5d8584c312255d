import { looksLikeCpr } from '../../../api/cpr.js';
import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { guessHrMapping, HR_MAPPING_FIELDS, type HrMapping, type HrMappingField } from '../../../api/sync-hr.js';
import { CsvError, decodeCsvBytes, parseCsv } from '../../transfer/csv.js';
import {
  type Snapshot,
  type SnapshotPerson,
  type SnapshotUnit,
  SourceError,
  type SourceRefusal,
  type SyncSource,
} from '../source.js';

// The HR file source: the municipality's HR export, a CSV file (Danish Excel's: `;`, UTF-8 with a
// BOM, or Windows-1252; read by the import's own parser) or an .xlsx workbook (exceljs), mapped to
// a snapshot by a column mapping the admin keeps (api/sync-hr.ts). The file is the whole staff list,
// so the snapshot is complete: a person no longer in it has left.
//
// Rows are numbered as the spreadsheet shows them (the header is row 1), so a refusal's "række 17"
// is the row the HR office finds; a refused row with an id also names it (sourceId), as that person
// is not gone from the file. A unit text becomes a tree when it is a path ("Børn og Unge /
// Dagtilbud / Kornet", or a unitPath column): every level is a unit whose sourceId is the path down
// to it, so two "Administration" units under different parents stay two units.

export { guessHrMapping };

export interface HrSourceConfig {
  /** Path of the .csv or .xlsx file. */
  file: string;
  mapping: HrMapping;
  /** What separates a unit path's levels, when the mapping does not say (the mapping's wins). */
  unitSeparator?: string;
}

/** The file cannot be read as a staff list (missing, not CSV or .xlsx, a mapped column missing): the run fails. */
export class HrFileError extends SourceError {
  override name = 'HrFileError';
  constructor(detail: string) {
    super('file', detail);
  }
}

/** One cell: text, or a date when the workbook holds one. */
type Cell = string | Date;

interface Table {
  headers: string[];
  rows: { number: number; cells: Cell[] }[];
  /** An .xlsx file's worksheets by name; empty for CSV. */
  sheets: string[];
}

const PREVIEW_ROWS = 5;

/** The file's headers, its first rows as text and an .xlsx file's worksheets, for the admin page's preview of a mapping. */
export async function readHrHeaders(
  file: string,
  sheet?: string,
): Promise<{ headers: string[]; rows: string[][]; sheets: string[] }> {
  const table = await readTable(file, sheet);
  return {
    headers: table.headers,
    // HR exports often carry a CPR column: such a cell is shown blank, so no CPR number reaches the page.
    rows: table.rows
      .slice(0, PREVIEW_ROWS)
      .map((r) => table.headers.map((_, i) => cellText(r.cells[i])).map((c) => (looksLikeCpr(c) ? '' : c))),
    sheets: table.sheets,
  };
}

export function createHrSource(config: HrSourceConfig): SyncSource {
  return {
    name: 'hr',
    async read({ day, signal }) {
      const table = await readTable(config.file, config.mapping.sheet);
      signal.throwIfAborted();
      return { snapshot: snapshotOf(table, config, day), state: null };
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Reading the file.

async function readTable(file: string, sheet: string | undefined): Promise<Table> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (e) {
    throw new HrFileError(`The HR file ${file} cannot be read: ${(e as Error).message}`);
  }
  // By content, not by name: an .xlsx is a zip file; the old binary .xls is an OLE compound file.
  if (bytes.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) return readWorkbook(file, bytes, sheet);
  if (bytes.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0])))
    throw new HrFileError(`The HR file ${file} is in the old .xls format; save it as .xlsx or .csv.`);
  return readCsv(file, bytes);
}

function readCsv(file: string, bytes: Buffer): Table {
  let records: { cells: string[] }[];
  try {
    records = parseCsv(decodeCsvBytes(bytes)).records;
  } catch (e) {
    if (e instanceof CsvError) throw new HrFileError(`The HR file ${file} is not valid CSV: ${e.message}`);
    throw e;
  }
  // Row numbers as a spreadsheet shows the file: each record a row (a quoted line break stays in its cell).
  const rows = records.map((r, i) => ({ number: i + 1, cells: r.cells as Cell[] }));
  return tableOf(file, rows, []);
}

async function readWorkbook(file: string, bytes: Buffer, sheet: string | undefined): Promise<Table> {
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs's declared Buffer type lags @types/node's generic one.
    await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  } catch (e) {
    throw new HrFileError(`The HR file ${file} is not a readable .xlsx workbook: ${(e as Error).message}`);
  }
  const worksheet = sheet === undefined ? workbook.worksheets[0] : workbook.getWorksheet(sheet);
  if (!worksheet) {
    const names = workbook.worksheets.map((w) => JSON.stringify(w.name)).join(', ');
    throw new HrFileError(
      sheet === undefined
        ? `The HR file ${file} has no worksheet.`
        : `The HR file ${file} has no worksheet ${JSON.stringify(sheet)}; it has ${names || 'none'}.`,
    );
  }
  const rows: Table['rows'] = [];
  const width = worksheet.columnCount;
  worksheet.eachRow({ includeEmpty: false }, (row, number) => {
    const cells: Cell[] = [];
    for (let c = 1; c <= width; c++) cells.push(workbookCell(row.getCell(c).value));
    rows.push({ number, cells });
  });
  return tableOf(
    file,
    rows,
    workbook.worksheets.map((w) => w.name),
  );
}

/** An exceljs cell value as text or a date: a formula's result, a link's or rich text's text, an error as empty. */
function workbookCell(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('hyperlink' in value) return workbookCell(value.text as ExcelJS.CellValue);
  if ('result' in value) return workbookCell(value.result as ExcelJS.CellValue);
  return '';
}

/** The first row with anything in it is the header row; blank rows are skipped. */
function tableOf(file: string, all: Table['rows'], sheets: string[]): Table {
  const filled = all.filter((r) => r.cells.some((c) => cellText(c) !== ''));
  const [head, ...rows] = filled;
  if (!head) throw new HrFileError(`The HR file ${file} is empty: it has no header row.`);
  const headers = head.cells.map((c) => cellText(c).trim());
  while (headers.length > 0 && headers.at(-1) === '') headers.pop();
  return { headers, rows, sheets };
}

function cellText(cell: Cell | undefined): string {
  if (cell === undefined) return '';
  return cell instanceof Date ? cell.toISOString().slice(0, 10) : cell;
}

// ---------------------------------------------------------------------------------------------
// Mapping rows to a snapshot.

function snapshotOf(table: Table, config: HrSourceConfig, day: string): Snapshot {
  const { mapping } = config;
  const columns = columnIndexes(config.file, table.headers, mapping);
  const separator = mapping.unitSeparator ?? config.unitSeparator ?? (mapping.unitPath ? '/' : undefined);
  const units = new Map<string, SnapshotUnit>();
  const people: SnapshotPerson[] = [];
  const refused: SourceRefusal[] = [];

  for (const row of table.rows) {
    const record = `række ${row.number}`;
    const { cells } = row;

    // A row's units are the organisation's even when the row itself is refused: they stay in the tree.
    const levels = unitLevels(textCell(columns, cells, 'unitPath'), textCell(columns, cells, 'unit'), separator);
    let parentId: string | null = null;
    for (let i = 0; i < levels.length; i++) {
      const unitId = levels.slice(0, i + 1).join(' / ');
      if (!units.has(unitId)) units.set(unitId, { sourceId: unitId, name: levels[i]!, parentId });
      parentId = unitId;
    }

    const sourceId = textCell(columns, cells, 'id');
    if (!sourceId) {
      refused.push({ record, reason: 'missingId', field: 'id' });
      continue;
    }
    const name =
      textCell(columns, cells, 'name') ||
      [textCell(columns, cells, 'firstName'), textCell(columns, cells, 'lastName')].filter(Boolean).join(' ') ||
      null;
    if (!name) {
      refused.push({ record, reason: 'missingName', field: 'name', sourceId });
      continue;
    }

    let active = true;
    const activeText = textCell(columns, cells, 'active');
    if (activeText) {
      const said = yesOrNo(activeText);
      if (said === undefined) {
        refused.push({ record, reason: 'unreadable', field: 'active', sourceId });
        continue;
      }
      active = said;
    }
    const endCell = rawCell(columns, cells, 'endDate');
    if (endCell !== undefined && cellText(endCell).trim() !== '') {
      const endDay = dayOf(endCell);
      if (endDay === null) {
        refused.push({ record, reason: 'unreadable', field: 'endDate', sourceId });
        continue;
      }
      if (endDay <= day) active = false;
    }

    const person: SnapshotPerson = { sourceId, name, unitIds: parentId === null ? [] : [parentId], active };
    for (const field of ['title', 'email', 'phone'] as const) {
      const value = textCell(columns, cells, field);
      if (value !== undefined) person[field] = value;
    }
    const managerId = textCell(columns, cells, 'manager');
    if (managerId !== undefined) person.managerId = managerId;
    people.push(person);
  }
  return { complete: true, units: [...units.values()], people, refused };
}

function rawCell(columns: Map<HrMappingField, number>, cells: Cell[], field: HrMappingField): Cell | undefined {
  const i = columns.get(field);
  return i === undefined ? undefined : (cells[i] ?? '');
}

/** Undefined: the column is not mapped (not delivered); null: the cell is empty. */
function textCell(
  columns: Map<HrMappingField, number>,
  cells: Cell[],
  field: HrMappingField,
): string | null | undefined {
  const cell = rawCell(columns, cells, field);
  return cell === undefined ? undefined : cellText(cell).trim() || null;
}

/** Where each mapped column is; a mapped column the file lacks fails the run (else every value of it would be emptied). */
function columnIndexes(file: string, headers: string[], mapping: HrMapping): Map<HrMappingField, number> {
  const byName = new Map<string, number>();
  headers.forEach((h, i) => {
    if (h && !byName.has(h.toLowerCase())) byName.set(h.toLowerCase(), i);
  });
  const columns = new Map<HrMappingField, number>();
  for (const field of HR_MAPPING_FIELDS) {
    const name = mapping[field];
    if (name === undefined) continue;
    const i = byName.get(name.trim().toLowerCase());
    if (i === undefined)
      throw new HrFileError(
        `The HR file ${file} has no column ${JSON.stringify(name)} (mapped as ${field}); its columns are ${headers.map((h) => JSON.stringify(h)).join(', ')}.`,
      );
    columns.set(field, i);
  }
  return columns;
}

/** The levels of a person's unit, top first: the path's, then the unit's text unless the path already ends with it. */
function unitLevels(path: string | null | undefined, unit: string | null | undefined, separator: string | undefined) {
  const split = (s: string) =>
    separator === undefined
      ? [s]
      : s
          .split(separator)
          .map((l) => l.trim())
          .filter(Boolean);
  const levels = path ? split(path) : [];
  if (unit) {
    if (!path) levels.push(...split(unit));
    else if (levels.at(-1) !== unit) levels.push(unit);
  }
  return levels;
}

const YES = new Set(['ja', 'j', 'yes', 'y', 'true', 'sand', '1', 'aktiv', 'active', 'x']);
const NO = new Set(['nej', 'n', 'no', 'false', 'falsk', '0', 'inaktiv', 'inactive', 'ophørt', 'fratrådt']);

function yesOrNo(s: string): boolean | undefined {
  const v = s.toLowerCase();
  return YES.has(v) ? true : NO.has(v) ? false : undefined;
}

/** Excel counts days from 1899-12-30 (its 1900 leap-year bug included). */
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

/**
 * A day as YYYY-MM-DD from a workbook date (exceljs gives UTC midnight), an Excel serial number
 * left unformatted, or text as Danish and ISO write it: 31-12-2026, 31.12.2026, 31/12/2026,
 * 2026-12-31 (a time after it ignored). Null when it names no real day.
 */
export function dayOf(cell: Cell): string | null {
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? null : cell.toISOString().slice(0, 10);
  const s = cell.trim();
  if (/^\d{5}(\.\d+)?$/.test(s))
    return new Date(EXCEL_EPOCH + Math.floor(Number(s)) * 86_400_000).toISOString().slice(0, 10);
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+Z?)?$/.exec(s);
  const danish = /^(\d{1,2})[-./](\d{1,2})[-./](\d{4})(?: [\d:.]+)?$/.exec(s);
  if (!iso && !danish) return null;
  const [y, m, d] = iso ? [iso[1], iso[2], iso[3]].map(Number) : [danish![3], danish![2], danish![1]].map(Number);
  const date = new Date(Date.UTC(y!, m! - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m! - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}
