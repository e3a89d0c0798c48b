import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readXlsxRows } from './xlsx-reader.js';
import type { SheetRow } from './sheet-row.js';
import { ExcelJS } from '../../common/exceljs.js';
import { sheetXml, workbookParts, zip, type ZipEntry } from '../../../test/support/zip.js';

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
    const got = await readAll(
      await workbook(
        'two-sheets.xlsx',
        [
          ['Año', 'PIM'],
          [2022, 1000.5],
        ],
        2,
      ),
    );
    expect(got).toEqual([
      { row: 1, cells: ['Año', 'PIM'], sheet: 'Hoja1' },
      { row: 2, cells: [2022, 1000.5], sheet: 'Hoja1' },
    ]);
    expect(await readdir(scratchDir)).toEqual([]);
  });

  it('removes its temp files when the caller stops early', async () => {
    const path = await workbook(
      'early.xlsx',
      Array.from({ length: 5000 }, (_, i) => [i, `fila ${i}`]),
    );
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

  /** A workbook of one sheet whose XML is written here, as other programs write it. */
  async function written(name: string, sheet: string, workbookExtra = ''): Promise<SheetRow[]> {
    const path = join(dir, name);
    await writeFile(path, zip(workbookParts(sheet, undefined, workbookExtra)));
    return readAll(path);
  }
  const WORKSHEET = '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">';

  it('places cells and rows that carry no address by their order, after the last that does', async () => {
    const many = Array.from({ length: 28 }, (_, i) => `<c><v>${i + 1}</v></c>`).join('');
    const sheet =
      `${WORKSHEET}<sheetData>` +
      '<row><c t="inlineStr"><is><t>a</t></is></c><c><v>2</v></c></row>' +
      '<row r="5"><c r="C5"><v>3</v></c><c><v>4</v></c></row>' +
      `<row>${many}</row>` +
      '<row r="8"><c r="Z8"><v>26</v></c><c><v>27</v></c><c><v>28</v></c></row>' +
      '</sheetData></worksheet>';
    const rows = await written('no-addresses.xlsx', sheet);
    // rows 1 and 5 as written, the next after row 5, then row 8 as written
    expect(rows.map((r) => r.row)).toEqual([1, 5, 6, 8]);
    expect(rows[0].cells).toEqual(['a', 2]);
    expect(rows[1].cells).toEqual([null, null, 3, 4]);
    // 28 cells without addresses: A to Z, then AA and AB
    expect(rows[2].cells).toEqual(Array.from({ length: 28 }, (_, i) => i + 1));
    // after Z8 come AA8 and AB8
    expect(rows[3].cells).toEqual([...Array(25).fill(null), 26, 27, 28]);
  });

  it('reads XML whose element names carry a namespace prefix (<x:row>)', async () => {
    const sheet =
      '<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>' +
      '<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>Año</x:t></x:is></x:c><x:c r="B1"><x:v>2024</x:v></x:c></x:row>' +
      '<x:row><x:c><x:v>7</x:v></x:c></x:row>' +
      '</x:sheetData></x:worksheet>';
    expect(await written('prefixed.xlsx', sheet)).toEqual([
      { row: 1, cells: ['Año', 2024], sheet: 'Datos' },
      { row: 2, cells: [7], sheet: 'Datos' },
    ]);
  });

  it('gives booleans as TRUE and FALSE, errors as their text, and says when the workbook counts dates from 1904', async () => {
    const sheet = `${WORKSHEET}<sheetData><row r="1"><c r="A1" t="b"><v>1</v></c><c r="B1" t="b"><v>0</v></c><c r="C1" t="e"><v>#N/A</v></c></row></sheetData></worksheet>`;
    expect(await written('kinds.xlsx', sheet)).toEqual([{ row: 1, cells: ['TRUE', 'FALSE', '#N/A'], sheet: 'Datos' }]);
    expect(await written('1904.xlsx', sheet, '<workbookPr date1904="1"/>')).toEqual([
      { row: 1, cells: ['TRUE', 'FALSE', '#N/A'], sheet: 'Datos', date1904: true },
    ]);
  });

  it('refuses a workbook with no worksheet it can read', async () => {
    const path = join(dir, 'no-sheet.xlsx');
    await writeFile(path, zip(workbookParts(`${WORKSHEET}<sheetData/></worksheet>`, 'worksheets/datos.xml')));
    await expect(readAll(path)).rejects.toMatchObject({ status: 422, code: 'NO_WORKSHEET' });
    expect(await readdir(scratchDir)).toEqual([]);
  });
  describe('names the sheet as the workbook does, when exceljs alone would say "Sheet1"', () => {
    /** A workbook saved again by another program: sheet "Gasto 2024", its relationship's target absolute. */
    const resaved = (target = '/xl/worksheets/sheet1.xml'): ZipEntry[] =>
      workbookParts(
        sheetXml([
          ['Año', 'PIM'],
          [2024, 'x'],
        ]),
      ).map((p) =>
        p.name === 'xl/workbook.xml'
          ? { ...p, data: String(p.data).replace('name="Datos"', 'name="Gasto 2024"') }
          : p.name === 'xl/_rels/workbook.xml.rels'
            ? { ...p, data: String(p.data).replace('Target="worksheets/sheet1.xml"', `Target="${target}"`) }
            : p,
      );
    const sheetsOf = async (parts: ZipEntry[], name: string) => {
      const path = join(dir, name);
      await writeFile(path, zip(parts));
      const sheets: (string | undefined)[] = [];
      for await (const row of readXlsxRows(path, { scratchDir })) sheets.push(row.sheet);
      return sheets;
    };

    it('through an absolute target (/xl/worksheets/sheet1.xml)', async () => {
      expect(await sheetsOf(resaved(), 'absolute.xlsx')).toEqual(['Gasto 2024', 'Gasto 2024']);
    });

    it('with the worksheet before workbook.xml in the zip (exceljs failed on it: INVALID_XLSX)', async () => {
      // shared strings and relationships first: exceljs then reads the sheet at once, before it knows the workbook
      const strings: ZipEntry = {
        name: 'xl/sharedStrings.xml',
        data: '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>Año</t></si></sst>',
      };
      const parts = resaved('worksheets/sheet1.xml');
      const [workbookXml] = parts.filter((p) => p.name === 'xl/workbook.xml');
      const ordered = [strings, ...parts.filter((p) => p !== workbookXml), workbookXml];
      expect(await sheetsOf(ordered, 'late-workbook.xlsx')).toEqual(['Gasto 2024', 'Gasto 2024']);
    });
  });
});
