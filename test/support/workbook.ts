import { Readable } from 'node:stream';
import request from 'supertest';
import { ExcelJS } from '../../src/common/exceljs.js';

/** GETs a workbook and reads every sheet's rows (cell values from column A), by sheet name, in order. */
export async function getWorkbook(http: Parameters<typeof request>[0], url: string): Promise<{ contentType: string; sheets: Map<string, unknown[][]> }> {
  const res = await request(http)
    .get(url)
    .buffer(true)
    .parse((r, done) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => done(null, Buffer.concat(chunks)));
    })
    .expect(200);
  const sheets = new Map<string, unknown[][]>();
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([res.body]), {
    sharedStrings: 'cache',
    worksheets: 'emit',
    styles: 'ignore',
    hyperlinks: 'ignore',
  });
  for await (const sheet of reader) {
    const rows: unknown[][] = [];
    for await (const row of sheet as AsyncIterable<{ values: unknown[] }>) rows.push(row.values.slice(1));
    const name = (sheet as unknown as { name?: string }).name;
    // exceljs names a sheet from xl/workbook.xml: without it, the zip was not read to its end
    if (!name || /^Sheet\d+$/.test(name)) throw new Error(`a worksheet read without its name (${name}): xl/workbook.xml was not read`);
    sheets.set(name, rows);
  }
  return { contentType: res.headers['content-type'], sheets };
}
