import { randomBytes } from 'node:crypto';
import { localEntries, sheetXml, workbookParts, zip, type ZipEntry } from './zip.js';

/**
 * Hostile uploads, each made here (nothing is read from disk) with what the service must answer. The
 * e2e test (test/hostile-files.e2e-spec.ts) sends every one as a real import with a planner's key;
 * `npm run bench:hostile` sends them to the real service and measures its memory and event loop.
 */
export interface HostileCase {
  name: string;
  /** The upload: a file, or a raw request body for what is not a well-formed upload at all. */
  file?: () => Buffer;
  fileName?: string;
  raw?: { contentType: string; body: string };
  /** Other form fields (e.g. onError). */
  fields?: Record<string, string>;
  status: number;
  /** The problem's code, for a refusal. */
  code?: string;
  /** Row errors expected, in order (each matched on the fields given). */
  errors?: { sheet?: string; row: number; column: string; code: string }[];
  /** For a file the service takes: the rows read, the records it inserts. */
  rowsRead?: number;
  inserted?: number;
}

/** Municipalities of the planner key the hostile files are sent with (the canon rows below are theirs). */
export const PLANNER_MUNICIPALITIES = ['080801', '080803'];

/** Every table an import writes to, counted before and after a case (refused ones must leave them as they were). */
export const IMPORT_TABLES = [
  'import',
  'import_error',
  'import_scope',
  'budget_line',
  'canon_transfer',
  'execution_snapshot',
  'project',
  'project_cost',
  'population',
  'private_contribution',
  'canon_entity_transfer',
  'canon_distribution_index',
  'conflict_case',
  'municipality',
  'audit_event',
];

/** Two canon rows of the planner's municipalities; each file the service takes has a year of its own, so each inserts its two. */
const canon = (year: number) => [
  ['ubigeo', 'anio', 'rubro18_recaudado_total'],
  ['080801', year, 1000],
  ['080803', year, 250.5],
];
const CANON = canon(2024);
const good = (options: Parameters<typeof sheetXml>[1] = {}, rows = CANON) => zip(workbookParts(sheetXml(rows, options)));
const withPart = (part: ZipEntry, sheet = sheetXml(CANON)) => zip([...workbookParts(sheet), part]);
const MB = 1024 * 1024;

/** Text of `length` characters repeating `unit`, as the pieces of a part (packed once, repeated). */
const pieces = (unit: (i: number) => string, length: number): string[] => {
  let chunk = '';
  for (let i = 0; chunk.length < MB; i++) chunk += unit(i);
  return Array.from({ length: Math.ceil(length / chunk.length) }, () => chunk);
};
const SST = '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">';
const sharedStrings = (body: string[]): ZipEntry => ({ name: 'xl/sharedStrings.xml', data: [SST, ...body, '</sst>'] });
/** `count` elements, each with 4 random characters (random, so that they do not pack like a zip bomb). */
const randomly = (count: number, element: (text: string) => string) => {
  const random = randomBytes(count * 3).toString('base64');
  return Array.from({ length: count }, (_, i) => element(random.slice(i * 4, i * 4 + 4))).join('');
};

/** A 150,000-space label (150 KB): the old label pattern held the event loop 10 s on it. */
const LONG_LABEL = `080801-300740: A${' '.repeat(150_000)}B`;
const CONSULTA_HEADER =
  'Año,Departamento,Provincia,Municipalidad,PIA,PIM,Certificación,Compromiso Anual,Atención de Compromiso Mensual,Devengado,Girado,Avance %';
const TEMPLATE_HEADER =
  'Año,Ubigeo,Tipo,Código (CUI o actividad),Nombre del proyecto o actividad,Función,División funcional,Grupo funcional,Rubro,PIA,PIM,Certificación,Compromiso anual,Devengado,Girado,Área';
export const MEF_HEADER =
  'NIVEL_GOBIERNO,SEC_EJEC,DEPARTAMENTO_EJECUTORA,PROVINCIA_EJECUTORA,DISTRITO_EJECUTORA,TIPO_ACT_PROY,PRODUCTO_PROYECTO,PRODUCTO_PROYECTO_NOMBRE,FUNCION,FUNCION_NOMBRE,DIVISION_FUNCIONAL,DIVISION_FUNCIONAL_NOMBRE,GRUPO_FUNCIONAL,GRUPO_FUNCIONAL_NOMBRE,FUENTE_FINANCIAMIENTO,FUENTE_FINANCIAMIENTO_NOMBRE,RUBRO,RUBRO_NOMBRE,ANO_EJE,MONTO_PIA,MONTO_PIM,MONTO_CERTIFICADO,MONTO_COMPROMETIDO_ANUAL,MONTO_DEVENGADO,MONTO_GIRADO';
const csv =
  (...lines: string[]) =>
  () =>
    Buffer.from(`${lines.join('\n')}\n`);

/** A sheet that must never be read: a DOCTYPE, then `length` bytes of rows. */
const doctypeSheet = (length: number) => [
  '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>',
  ...pieces((i) => `<row><c><v>${i % 2}</v></c></row>`, length),
  '</sheetData></worksheet>',
];

export const HOSTILE_CASES: HostileCase[] = [
  // refused by the zip guard
  {
    name: 'a macro-enabled workbook (.xlsm)',
    file: () => withPart({ name: 'xl/vbaProject.bin', data: Buffer.alloc(64, 7) }),
    status: 415,
    code: 'UNSUPPORTED_FILE_TYPE',
  },
  {
    name: 'a binary workbook (.xlsb)',
    file: () =>
      zip([
        { name: '[Content_Types].xml', data: '<Types/>' },
        { name: 'xl/workbook.bin', data: Buffer.alloc(64, 1) },
      ]),
    status: 415,
    code: 'UNSUPPORTED_FILE_TYPE',
  },
  {
    name: 'a zip bomb (declared 1,000× its packed size), refused before inflating',
    file: () => zip([...workbookParts(sheetXml(CANON)).slice(0, 4), { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(60 * MB, 0x20) }]),
    status: 413,
    code: 'XLSX_TOO_LARGE',
  },
  {
    name: 'a part whose declared size lies (5 MB unpacked, 200 bytes declared)',
    file: () =>
      zip([
        ...workbookParts(sheetXml(CANON)).slice(0, 4),
        { name: 'xl/worksheets/sheet1.xml', data: sheetXml(CANON) + ' '.repeat(5_000_000), declaredSize: 200 },
      ]),
    status: 413,
    code: 'XLSX_TOO_LARGE',
  },
  {
    name: 'a zip of 3,000 parts',
    file: () => zip([...workbookParts(sheetXml(CANON)), ...Array.from({ length: 3000 }, (_, i) => ({ name: `x/${i}.xml`, data: '<a/>' }))]),
    status: 413,
    code: 'XLSX_TOO_LARGE',
  },
  {
    name: 'a DOCTYPE with entity expansion (billion laughs)',
    file: () =>
      zip(
        workbookParts(
          sheetXml(CANON).replace(
            '<worksheet',
            '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><worksheet',
          ),
        ),
      ),
    status: 422,
    code: 'INVALID_XLSX',
  },
  {
    name: 'an external entity (XXE)',
    file: () =>
      zip(
        workbookParts(sheetXml(CANON)).map((e) =>
          e.name === 'xl/workbook.xml'
            ? { ...e, data: String(e.data).replace('<workbook', '<!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]><workbook') }
            : e,
        ),
      ),
    status: 422,
    code: 'INVALID_XLSX',
  },
  { name: 'an encrypted part', file: () => zip(workbookParts(sheetXml(CANON)).map((e) => ({ ...e, flags: 1 }))), status: 422, code: 'INVALID_XLSX' },
  { name: 'a workbook cut in half', file: () => good().subarray(0, Math.floor(good().length / 2)), status: 422, code: 'INVALID_XLSX' },
  {
    name: 'a bit-flipped workbook',
    file: () => {
      const bytes = Buffer.from(good());
      const at = bytes.indexOf(Buffer.from('xl/worksheets/sheet1.xml')) + 40; // inside the sheet's packed data
      bytes[at] ^= 0xff;
      bytes[at + 1] ^= 0x55;
      return bytes;
    },
    status: 422,
    code: 'INVALID_XLSX',
  },
  {
    name: 'a sheet part not named sheetN.xml (never "OK, 0 rows")',
    file: () => zip(workbookParts(sheetXml(CANON), 'worksheets/datos.xml')),
    status: 422,
    code: 'NO_WORKSHEET',
  },
  {
    name: 'a workbook without workbook.xml',
    file: () =>
      zip([
        { name: '[Content_Types].xml', data: '<Types/>' },
        { name: 'xl/worksheets/sheet1.xml', data: sheetXml(CANON) },
      ]),
    status: 422,
    code: 'INVALID_XLSX',
  },

  // shared strings, which exceljs holds whole
  {
    name: 'a DOCTYPE with an external entity in the shared strings part',
    file: () =>
      withPart({
        name: 'xl/sharedStrings.xml',
        data: `${SST.replace('<sst', '<!DOCTYPE sst [<!ENTITY x SYSTEM "file:///etc/passwd">]><sst')}<si><t>ubigeo</t></si></sst>`,
      }),
    status: 422,
    code: 'INVALID_XLSX',
  },
  {
    // XML allows comments between the declaration and the DOCTYPE: a DOCTYPE past the first 64 KB is a DOCTYPE all the same
    name: 'a DOCTYPE in the shared strings part after a 100 KB comment',
    file: () =>
      withPart({
        name: 'xl/sharedStrings.xml',
        data: `${SST.replace('<sst', `<!--${'x'.repeat(100_000)}--><!DOCTYPE sst [<!ENTITY x SYSTEM "file:///etc/passwd">]><sst`)}<si><t>ubigeo</t></si></sst>`,
      }),
    status: 422,
    code: 'INVALID_XLSX',
  },
  {
    // stored, the part is read in chunks of 256 KB from its first byte: "<!DO" ends the first, "CTYPE" starts the second
    name: 'an external DTD in the shared strings part, its DOCTYPE cut in two by the chunks it is read in',
    file: () => {
      const declaration = '<?xml version="1.0" encoding="UTF-8"?>';
      const comment = 'x'.repeat(256 * 1024 - 4 - declaration.length - '<!---->'.length);
      const data = `${SST.replace('<sst', `<!--${comment}--><!DOCTYPE sst SYSTEM "file:///etc/passwd"><sst`)}<si><t>ubigeo</t></si></sst>`;
      if (data.indexOf('<!DOCTYPE') !== 256 * 1024 - 4) throw new Error('the DOCTYPE is not where the case needs it');
      return withPart({ name: 'xl/sharedStrings.xml', method: 0, data });
    },
    status: 422,
    code: 'INVALID_XLSX',
  },
  {
    name: 'shared strings of 611 MB in a 6 MB workbook (ratio about 100), refused before inflating',
    file: () => withPart(sharedStrings(pieces((i) => `<si><t>${i % 300}</t></si>`, 611 * MB))),
    status: 413,
    code: 'SHARED_STRINGS_TOO_LARGE',
  },
  {
    name: 'shared strings of 600,000 short strings (11 MB)',
    file: () => withPart(sharedStrings([randomly(600_000, (text) => `<si><t>${text}</t></si>`)])),
    status: 413,
    code: 'SHARED_STRINGS_TOO_LARGE',
  },
  {
    name: 'one shared string of 600,000 rich-text runs',
    file: () => withPart(sharedStrings([`<si>${randomly(600_000, (text) => `<r><t>${text}</t></r>`)}</si>`])),
    status: 413,
    code: 'SHARED_STRINGS_TOO_LARGE',
  },

  // local headers that say something else than the central directory
  {
    name: 'a 208 MB sheet with a DOCTYPE held only by a local header',
    file: () => zip([...workbookParts(sheetXml(CANON)), { name: 'xl/worksheets/sheet2.xml', data: doctypeSheet(208 * MB), hidden: true }]),
    status: 422,
    code: 'ZIP_STRUCTURE_MISMATCH',
  },
  {
    name: 'a part named one thing in its local header and another in the central directory',
    file: () => withPart({ name: 'docProps/app.xml', localName: 'xl/worksheets/sheet2.xml', data: doctypeSheet(1000) }),
    status: 422,
    code: 'ZIP_STRUCTURE_MISMATCH',
  },
  {
    name: 'an entry smuggled after a data-descriptor signature inside a part',
    file: () => {
      const fakeDescriptor = Buffer.concat([Buffer.from([0x50, 0x4b, 0x07, 0x08]), Buffer.alloc(12)]);
      const smuggled = localEntries(zip([{ name: 'xl/worksheets/sheet2.xml', data: doctypeSheet(1000) }]));
      return withPart({ name: 'xl/media/image1.png', method: 0, descriptor: true, data: Buffer.concat([fakeDescriptor, smuggled]) });
    },
    status: 422,
    code: 'ZIP_STRUCTURE_MISMATCH',
  },

  // cells a row reads: refused at their row and column before any pattern runs on them
  {
    name: 'one enormous cell (5 MB of random text)',
    // random text: a repeated letter would pack like a zip bomb and be refused as one
    file: () => good({}, [...CANON.slice(0, 2), ['080803', 2024, randomBytes(3_750_000).toString('base64')]]),
    status: 422,
    code: 'IMPORT_REJECTED',
    errors: [{ sheet: 'Datos', row: 3, column: 'rubro18_recaudado_total', code: 'CELL_TOO_LONG' }],
  },
  {
    name: 'a Consulta Amigable CSV whose Municipalidad has 150,000 spaces inside (150 KB)',
    file: csv(CONSULTA_HEADER, `2024,08: CUSCO,0808: ESPINAR,${LONG_LABEL},"1,000","2,000","1,500","1,500","1,500","1,000","1,000",50.0`),
    fileName: 'consulta.csv',
    status: 422,
    code: 'IMPORT_REJECTED',
    errors: [{ row: 2, column: 'Municipalidad', code: 'CELL_TOO_LONG' }],
  },
  {
    name: 'a template CSV whose Función has 150,000 spaces inside',
    file: csv(TEMPLATE_HEADER, `2024,080801,Proyecto,2300000,OBRA,15 - A${' '.repeat(150_000)}B,033,0066,18,10,10,0,0,5,0,rural`),
    fileName: 'plantilla.csv',
    status: 422,
    code: 'IMPORT_REJECTED',
    errors: [{ row: 2, column: 'Función', code: 'CELL_TOO_LONG' }],
  },
  {
    name: 'an MEF open-data CSV with a project name of 5,000 characters (left by the MEF lane to the general path)',
    file: csv(MEF_HEADER, `M,300740,08,08,01,2,2300000,"${'OBRA '.repeat(1_000)}",15,T,033,T,0066,V,5,RD,18,CANON,2024,10,10,0,0,5,0`),
    fileName: '2024-Gasto.csv',
    status: 422,
    code: 'IMPORT_REJECTED',
    errors: [{ row: 2, column: 'PRODUCTO_PROYECTO_NOMBRE', code: 'CELL_TOO_LONG' }],
  },

  // not an upload at all
  {
    name: 'a malformed multipart body',
    raw: {
      contentType: 'multipart/form-data; boundary=XYZ',
      body: '--XYZ\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nnever closed',
    },
    status: 400,
    code: 'MALFORMED_UPLOAD',
  },

  // survived: read as the small workbook they are
  ...(
    [
      ['a merged range over the whole sheet', { extra: '<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>' }],
      [
        'data validation over the whole sheet',
        { extra: '<dataValidations count="1"><dataValidation type="list" sqref="A1:XFD1048576"><formula1>"a,b"</formula1></dataValidation></dataValidations>' },
      ],
      ['a column range over every column', { before: '<cols><col min="1" max="16384" width="9"/></cols>' }],
      ['a dimension over the whole sheet', { before: '<dimension ref="A1:XFD1048576"/>' }],
    ] as const
  ).map(([name, options], i): HostileCase => ({ name, file: () => good(options, canon(2015 + i)), status: 201, rowsRead: 2, inserted: 2 })),
  {
    name: 'a row numbered 2,000,000,000 and a defined name over whole columns',
    file: () =>
      zip(
        workbookParts(
          sheetXml(canon(2019), { rowNumbers: [1, 2, 2_000_000_000] }),
          'worksheets/sheet1.xml',
          '<definedNames><definedName name="todo">Datos!$A:$XFD</definedName></definedNames>',
        ),
      ),
    status: 201,
    rowsRead: 2,
    inserted: 2,
  },
  {
    name: 'every part with a data descriptor after its data (as exceljs and Java write them)',
    file: () => zip(workbookParts(sheetXml(canon(2020))).map((e) => ({ ...e, descriptor: true }))),
    status: 201,
    rowsRead: 2,
    inserted: 2,
  },
  {
    name: 'formulas after a semicolon in bad cells, skipped (errors.csv must not run them)',
    file: csv('ubigeo,anio,rubro18_recaudado_total', '080801,2021,1000', '080803,2021,x;=1+1', "080803,2022,OBRA;=cmd|' /C calc'!A0"),
    fileName: 'canon.csv',
    fields: { onError: 'skip' },
    status: 201,
    rowsRead: 3,
    inserted: 1,
  },
];
