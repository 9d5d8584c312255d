/**
 * KL's KLE catalogue (Kommunernes Landsforenings Emnesystematik) read from the XML file KL publishes
 * (the "emneplan"), which a municipality holds under its own agreement with KL; Ringe ships none.
 * Its titles go into Neo4j as (:KleSubject {number, title}) nodes, not graph data (no Entity label),
 * from which units whose source gives KLE numbers without titles get theirs.
 *
 * The file's shape, as KL's own readers and OS2mo's KLE importer read it:
 *   <KLE-Emneplan>
 *     <UdgivelsesDato>…</UdgivelsesDato>
 *     <Hovedgruppe>
 *       <HovedgruppeNr>27</HovedgruppeNr> <HovedgruppeTitel>…</HovedgruppeTitel>
 *       <HovedgruppeAdministrativInfo>… <Historisk><UdgaaetDato>…</UdgaaetDato></Historisk></…>
 *       <Gruppe> <GruppeNr>27.24</GruppeNr> <GruppeTitel>…</GruppeTitel> …
 *         <Emne> <EmneNr>27.24.08</EmneNr> <EmneTitel>…</EmneTitel> <EmneAdministrativInfo>… </Emne>
 * Everything else (guidance, legal references, filters) is passed over. Numbers KL has retired
 * (Historisk/UdgaaetDato) or moved (Historisk/Flyttet) stay in the file as history and are left out:
 * they are no longer tasks anyone is responsible for.
 *
 * Read with saxes, a strict streaming XML parser (it expands no external entities).
 */
import { readFile } from 'node:fs/promises';
import { SaxesParser } from 'saxes';
import type { Db } from '../common/db/index.js';
import { bindQueries } from '../common/queries.js';

export type KleEntry = { number: string; title: string };

const LEVELS = {
  Hovedgruppe: /^\d{2}$/,
  Gruppe: /^\d{2}\.\d{2}$/,
  Emne: /^\d{2}\.\d{2}\.\d{2}$/,
} as const;
type Level = keyof typeof LEVELS;
const isLevel = (name: string): name is Level => name in LEVELS;

/** Why a KLE file could not be read, naming the file and, where the parser knows it, the line. */
export class KleFileError extends Error {
  override name = 'KleFileError';
}

/** The text of the file, in the encoding its XML declaration names (UTF-8 when it names none). */
function decode(bytes: Buffer, path: string): string {
  const declared = /^(?:\uFEFF)?<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(
    bytes.subarray(0, 200).toString('latin1'),
  )?.[1];
  try {
    return new TextDecoder(declared ?? 'utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new KleFileError(`${path} is not text in ${declared ?? 'UTF-8'}, the encoding its XML declaration names.`);
  }
}

/** The main groups, groups and subjects of a KLE catalogue in KL's XML, in number order (a group after its main group). */
export function parseKle(xml: string, path = 'KLE-filen'): KleEntry[] {
  const entries: KleEntry[] = [];
  const parser = new SaxesParser({ xmlns: true, fileName: path });
  const stack: string[] = [];
  const open: Partial<Record<Level, { number?: string; title?: string; retired?: boolean; line: number }>> = {};
  let text = '';
  let root: string | undefined;
  parser.on('error', (err) => {
    throw new KleFileError(`${path} is not well-formed XML: ${err.message}`);
  });
  parser.on('opentag', (tag) => {
    root ??= tag.local;
    if (root !== 'KLE-Emneplan') {
      throw new KleFileError(`${path} is not KL's KLE-Emneplan: its root element is <${tag.name}>.`);
    }
    stack.push(tag.local);
    text = '';
    if (isLevel(tag.local)) open[tag.local] = { line: parser.line };
    // <XAdministrativInfo><Historisk><UdgaaetDato> (retired) or <Flyttet> (moved elsewhere).
    const info = stack.at(-3)?.match(/^(Hovedgruppe|Gruppe|Emne)AdministrativInfo$/)?.[1] as Level | undefined;
    if (info && stack.at(-2) === 'Historisk' && /^(UdgaaetDato|Flyttet)$/.test(tag.local)) open[info]!.retired = true;
  });
  parser.on('text', (t) => {
    text += t;
  });
  parser.on('cdata', (t) => {
    text += t;
  });
  parser.on('closetag', (tag) => {
    stack.pop();
    const parent = stack.at(-1);
    const field = tag.local.match(/^(Hovedgruppe|Gruppe|Emne)(Nr|Titel)$/);
    if (field && parent === field[1]) {
      const entry = open[field[1] as Level]!;
      entry[field[2] === 'Nr' ? 'number' : 'title'] = text.replace(/\s+/g, ' ').trim();
    }
    if (isLevel(tag.local)) {
      const entry = open[tag.local]!;
      delete open[tag.local];
      const where = `${path}, <${tag.local}> on line ${entry.line}`;
      if (!entry.number || !LEVELS[tag.local].test(entry.number)) {
        throw new KleFileError(`${where} has no number of the form KL writes (${entry.number ?? 'none'}).`);
      }
      if (!entry.title) throw new KleFileError(`${where} (${entry.number}) has no title.`);
      if (!entry.retired) entries.push({ number: entry.number, title: entry.title });
    }
  });
  parser.write(xml).close();
  if (entries.length === 0) throw new KleFileError(`${path} holds no KLE numbers.`);
  return entries.sort((a, b) => (a.number < b.number ? -1 : a.number > b.number ? 1 : 0));
}

/** Reads a KLE file (KL's XML). */
export async function readKleFile(path: string): Promise<KleEntry[]> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw new KleFileError(`The KLE file ${path} could not be read (${(err as NodeJS.ErrnoException).code ?? err}).`);
  }
  return parseKle(decode(bytes, path), path);
}

/** Reads a KLE file and writes its numbers and titles as KleSubject nodes; returns how many. */
export async function loadKleFile(db: Db, path: string): Promise<number> {
  const rows = await readKleFile(path);
  const [written] = await bindQueries(db).kleSubjectsUpsert({ rows });
  return written?.subjects ?? 0;
}
