/**
 * Reading a catalogue file into a header and rows of text: CSV (comma, semicolon or tab; quoted
 * fields; UTF-8 with or without BOM) with a small parser, XLSX with exceljs (loaded only when needed).
 */
export interface TableFile {
  header: string[];
  rows: string[][];
}

/** RFC 4180 CSV; the delimiter is guessed from the first line. */
export function parseCsv(text: string): TableFile {
  const src = text.replace(/^\uFEFF/, '');
  const nl = src.search(/\r?\n/);
  const firstLine = nl < 0 ? src : src.slice(0, nl);
  const delim = [',', ';', '\t'].map((d) => ({ d, n: firstLine.split(d).length })).sort((a, b) => b.n - a.n)[0]?.d ?? ',';
  const out: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (quoted) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else cell += ch;
      continue;
    }
    if (ch === '"' && cell === '') quoted = true;
    else if (ch === delim) {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      row.push(cell);
      out.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    out.push(row);
  }
  const [header = [], ...rows] = out;
  return { header: header.map((h) => h.trim()), rows };
}

/** The first worksheet of an XLSX workbook, each cell as the text Excel shows. */
export async function parseXlsx(data: ArrayBuffer): Promise<TableFile> {
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(data);
  const ws = wb.worksheets[0];
  if (!ws) return { header: [], rows: [] };
  const out: string[][] = [];
  const width = ws.columnCount;
  ws.eachRow({ includeEmpty: true }, (r) => {
    const cells: string[] = [];
    for (let c = 1; c <= width; c++) cells.push(r.getCell(c).text.trim());
    out.push(cells);
  });
  const [header = [], ...rows] = out;
  return { header, rows };
}

export async function readTableFile(file: File): Promise<TableFile> {
  if (/\.xlsx$/i.test(file.name)) return parseXlsx(await file.arrayBuffer());
  return parseCsv(await file.text());
}
