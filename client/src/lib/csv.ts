/** A CSV file as Excel in Danish settings opens it: semicolons, quoted fields, a BOM for æøå. */
export function toCsv(rows: (string | null | undefined)[][]): string {
  const cell = (v: string | null | undefined) => {
    const s = v ?? '';
    return /[";\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return `\uFEFF${rows.map((r) => r.map(cell).join(';')).join('\r\n')}\r\n`;
}

/** Lets the browser save a text or data URL as a file. */
export function download(filename: string, content: string, type = 'text/csv;charset=utf-8'): void {
  const href = content.startsWith('data:') ? content : URL.createObjectURL(new Blob([content], { type }));
  const a = document.createElement('a');
  a.href = href;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  if (!content.startsWith('data:')) setTimeout(() => URL.revokeObjectURL(href), 1000);
}
