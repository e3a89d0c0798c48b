import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readXlsxRows } from './xlsx-reader.js';
import type { SheetRow } from './sheet-row.js';
import { ExcelJS } from '../../common/exceljs.js';

describe('readXlsxRows', () => {
  let dir: string;
  let scratchDir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'xlsx-'));
    scratchDir = await mkdtemp(join(tmpdir(), 'xlsx-scratch-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await rm(scratchDir, { recursive: true, force: true });
  });

  /** Writes a workbook with exceljs's streaming writer: shared strings go after the sheet, as in many real files. */
  async function workbook(name: string, rows: unknown[][], sheets = 1): Promise<string> {
    const path = join(dir, name);
    const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true });
    for (let s = 1; s <= sheets; s++) {
      const sheet = writer.addWorksheet(`Hoja${s}`);
      for (const row of rows) sheet.addRow(row).commit();
      sheet.commit();
    }
    await writer.commit();
    return path;
  }

  async function readAll(path: string): Promise<SheetRow[]> {
    const rows: SheetRow[] = [];
    for await (const row of readXlsxRows(path, { scratchDir })) rows.push(row);
    return rows;
  }

  it('keeps 40,000 rows of accented Spanish byte-identical (exceljs alone corrupts them at chunk boundaries)', async () => {
    const names = ['Coporaque', 'Ñuñoa', 'Pichigua', 'San Juan de Chacña', 'Cañete', 'Huánuco', 'Ancash — Huari', 'Apurímac «Abancay»'];
    const rows = Array.from({ length: 40_000 }, (_, i) => [i + 1, `${names[i % names.length]} ${i} ${'áéíóúñü'.repeat(1 + (i % 5))}`]);
    const got = await readAll(await workbook('accents.xlsx', rows));
    expect(got).toHaveLength(40_000);
    const mismatches = got.filter((r, i) => r.cells[0] !== rows[i][0] || r.cells[1] !== rows[i][1]);
    expect(mismatches).toEqual([]);
    expect(got.some((r) => String(r.cells[1]).includes('\ufffd'))).toBe(false);
  });

  it('reads only the first sheet and leaves no temp files', async () => {
    const got = await readAll(await workbook('two-sheets.xlsx', [['Año', 'PIM'], [2022, 1000.5]], 2));
    expect(got).toEqual([
      { row: 1, cells: ['Año', 'PIM'], sheet: 'Hoja1' },
      { row: 2, cells: [2022, 1000.5], sheet: 'Hoja1' },
    ]);
    expect(await readdir(scratchDir)).toEqual([]);
  });

  it('removes its temp files when the caller stops early', async () => {
    const path = await workbook('early.xlsx', Array.from({ length: 5000 }, (_, i) => [i, `fila ${i}`]));
    let parked: string[] = [];
    for await (const row of readXlsxRows(path, { scratchDir })) {
      if (row.row === 10) {
        // the sheet precedes its shared strings, so exceljs parked it in a temp file: in our folder
        const [folder] = await readdir(scratchDir);
        parked = await readdir(join(scratchDir, folder));
        break;
      }
    }
    expect(parked).toHaveLength(1);
    expect(await readdir(scratchDir)).toEqual([]);
  });

  it('turns formulas into their cached values and rich text into plain text', async () => {
    // Excel keeps rich text in the shared-strings part; exceljs reads only the last run of an inline one.
    const path = join(dir, 'mixed.xlsx');
    const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true });
    const sheet = writer.addWorksheet('Datos');
    sheet.addRow([{ formula: 'A2*2', result: 2000 }, { richText: [{ text: 'Muni' }, { text: 'cipalidad', font: { bold: true } }] }, null, '']).commit();
    sheet.commit();
    await writer.commit();
    expect(await readAll(path)).toEqual([{ row: 1, cells: [2000, 'Municipalidad'], sheet: 'Datos' }]);
  });

  it('refuses a damaged workbook with a clear code', async () => {
    const path = await workbook('whole.xlsx', [['a']]);
    const { readFile } = await import('node:fs/promises');
    const bytes = await readFile(path);
    const truncated = join(dir, 'truncated.xlsx');
    await writeFile(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await expect(readAll(truncated)).rejects.toMatchObject({ code: 'INVALID_XLSX' });
    expect(await readdir(scratchDir)).toEqual([]);
  });
});
