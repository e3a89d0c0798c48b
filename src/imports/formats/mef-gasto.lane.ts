import { areaFromName } from '../../analytics/formulas.js';
import { MIN_BUDGET_YEAR, maxBudgetYear } from '../parsing/codes.js';
import { type CsvParser, CsvSyntaxError } from '../readers/csv-parser.js';
import { type CsvLane, toSheetRow } from '../readers/csv-reader.js';
import type { RowBatch } from '../readers/sheet-row.js';
import type { BudgetLineBook } from '../targets/budget-lines.target.js';
import { LEFT, SOURCE_KEY_FIELDS, sourceKeyOfFields } from './source-key.js';
import { type CellLimit, type HeaderMap, type ImportFilters, inFilters } from './import-format.js';
import { TAB, LF, CR, QUOTE, ZERO, NULL_TEXT, smallNumber, writeCode, writeAmount, cellText, writeInteger, writeBytes, writeText } from './copy-bytes.js';

/** Bytes of COPY text handed over at a time. */
const OUT_BYTES = 256 * 1024;
const INCOMPLETE = -1;
const LEAVE = -2;

/**
 * MEF's annual open-data rows (the national `{year}-Gasto.csv`: millions of rows) read straight into
 * COPY lines for the budget-line target, with no cell strings, row objects or line strings in
 * between: in the general path those made the garbage collector the largest cost of an import.
 *
 * It takes only the rows it can prove plain, and writes them exactly as mefGastoFormat.normalize()
 * and the target's copyLine() would (csv-lane.spec.ts compares the two byte for byte): codes of
 * digits, amounts like "-1250.5", municipalities known and within the filters, no doubled quotes or
 * line breaks inside quotes. Any other row (an error to report, a blank line, an amount written
 * "S/ 1.234,00", a code with spaces around it) is left to the general path, which handles it in its
 * place in the file. Rows of other levels of government are counted as skipped without being read further.
 */
export class MefGastoLane implements CsvLane {
  private rest: string;
  private ended = false;
  private out = Buffer.allocUnsafe(OUT_BYTES);
  private used = 0;
  private records = 0;
  private rowsRead = 0;
  private rowsSkipped = 0;
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  private readonly delimiter: number;
  private readonly importId: number[];
  /** Column positions. */
  private readonly col: Record<
    | 'level'
    | 'department'
    | 'province'
    | 'district'
    | 'secEjec'
    | 'kind'
    | 'product'
    | 'productName'
    | 'fn'
    | 'fnName'
    | 'division'
    | 'divisionName'
    | 'group'
    | 'groupName'
    | 'fuente'
    | 'fuenteName'
    | 'rubro'
    | 'rubroName'
    | 'executor'
    | 'month'
    | 'year',
    number
  >;
  private readonly amounts: number[];
  private readonly sourceKeyColumns: number[] | null;
  private readonly sourceKeyHash: [number, number] = [0, 0];
  /** The grain's codes after the kind: column, digits, padded. */
  private readonly codes: [number, number, boolean][];
  /** Fields a row must have for every column above to be in it. */
  private readonly width: number;
  /** Known municipalities within the request's filters (a known one outside them is skipped). */
  private readonly wanted: Set<number>;
  private readonly allowed: Set<number> | null;
  private maxYear = maxBudgetYear();
  /** Fields of the header up to its last named one (more than the columns read: n past it is checked). */
  private readonly headerWidth: number;

  constructor(
    private readonly parser: CsvParser,
    header: HeaderMap,
    filters: ImportFilters,
    private readonly book: BudgetLineBook,
    private readonly limits: CellLimit[],
    allowedMunicipalities?: string[],
  ) {
    this.rest = parser.takeRest();
    this.delimiter = parser.delimiter.charCodeAt(0);
    const ix = header.index;
    const at = (key: string) => ix[key] ?? -1;
    this.col = {
      level: at('level'),
      department: at('department'),
      province: at('province'),
      district: at('district'),
      secEjec: at('secEjec'),
      kind: at('activityKind'),
      product: at('product'),
      productName: at('productName'),
      fn: at('function'),
      fnName: at('functionName'),
      division: at('division'),
      divisionName: at('divisionName'),
      group: at('group'),
      groupName: at('groupName'),
      fuente: at('fuente'),
      fuenteName: at('fuenteName'),
      rubro: at('rubro'),
      rubroName: at('rubroName'),
      executor: at('executorName'),
      month: at('month'),
      year: at('year'),
    };
    this.amounts = ['pia', 'pim', 'certificacion', 'compromisoAnual', 'devengado', 'girado'].map(at);
    // a row of one month names its source line within the line (source-key.ts); -1 for a column the file lacks
    this.sourceKeyColumns = this.col.month >= 0 ? SOURCE_KEY_FIELDS.map(at) : null;
    // the CUI as written, then función, división, grupo and rubro padded to their widths
    const { product, fn, division, group, rubro } = this.col;
    this.codes = [
      [product, 12, false],
      [fn, 2, true],
      [division, 3, true],
      [group, 4, true],
      [rubro, 2, true],
    ];
    this.width = Math.max(...Object.values(this.col), ...this.amounts, ...(this.sourceKeyColumns ?? [])) + 1;
    this.headerWidth = Math.max(header.width ?? Number.MAX_SAFE_INTEGER, this.width);
    this.starts = new Int32Array(Math.max(this.width, 64) * 4);
    this.ends = new Int32Array(this.starts.length);
    this.importId = [...String(book.importId)].map((c) => c.charCodeAt(0));
    const pad = (u: number) => String(u).padStart(6, '0');
    this.wanted = new Set([...book.known].filter((u) => inFilters(pad(u), filters)));
    this.allowed = allowedMunicipalities ? new Set(allowedMunicipalities.filter((u) => /^\d{6}$/.test(u)).map(Number)) : null;
  }

  push(text: string | null, out: RowBatch[]): boolean {
    this.maxYear = maxBudgetYear();
    if (text === null) {
      let data = this.rest;
      if (!this.ended) {
        // as the parser does at the end: a last line without its line break still counts
        this.ended = true;
        if (data.length > 0 && data.charCodeAt(data.length - 1) !== LF) data += '\n';
      }
      return this.read(data, out);
    }
    const newline = this.rest.length > 0 ? text.indexOf('\n') : -1;
    if (newline >= 0) {
      // The record the last chunk cut is completed and read on its own: joined to the whole chunk, it
      // would make V8 copy every chunk of the file into a new string (300 MB for a million rows).
      const head = this.rest + text.slice(0, newline + 1);
      this.rest = '';
      if (this.read(head, out) || this.rest.length > 0) {
        // a record of several lines is still open (or rows wait behind a left one): the rest joins it
        this.rest += text.slice(newline + 1);
        return true;
      }
      return this.read(text.slice(newline + 1), out);
    }
    return this.read(this.rest.length > 0 ? this.rest + text : text, out);
  }

  /** Reads the records of `data`, keeping what is left for later; true when it stopped after a row left to the general path. */
  private read(data: string, out: RowBatch[]): boolean {
    const length = data.length;
    let pos = 0;
    let more = false;
    while (pos < length) {
      const next = this.record(data, pos, out);
      if (next >= 0) {
        pos = next;
        continue;
      }
      if (next === INCOMPLETE) break;
      // a row for the general path: handed over alone, after the lines before it
      const parsed = this.parser.parseOne(data, pos);
      if (parsed === null) break;
      this.flush(out);
      out.push([toSheetRow(parsed.record)]);
      pos = parsed.next;
      more = pos < length;
      break;
    }
    this.rest = pos === 0 ? data : pos < length ? data.slice(pos) : '';
    if (!more) {
      if (this.rest.length > this.parser.maxRecordChars) throw new CsvSyntaxError('RECORD_TOO_LONG', this.parser.line);
      if (this.ended && this.rest.length > 0) throw new CsvSyntaxError('UNCLOSED_QUOTE', this.parser.line);
      if (this.ended) this.flush(out);
    }
    return more;
  }

  /** Hands over the lines written so far. */
  private flush(out: RowBatch[]): void {
    if (this.rowsRead === 0) return;
    out.push({ copy: this.out.subarray(0, this.used), records: this.records, rowsRead: this.rowsRead, rowsSkipped: this.rowsSkipped });
    if (this.used > 0) this.out = Buffer.allocUnsafe(OUT_BYTES);
    this.used = 0;
    this.records = 0;
    this.rowsRead = 0;
    this.rowsSkipped = 0;
  }

  /**
   * The record at `pos`: written as a COPY line (or counted as skipped), returning where the next
   * starts; INCOMPLETE when `data` ends first; LEAVE for the general path.
   */
  private record(data: string, pos: number, out: RowBatch[]): number {
    const lf = data.indexOf('\n', pos);
    if (lf === -1) return INCOMPLETE;
    const { starts, ends } = this;
    const d = this.delimiter;
    const max = starts.length;
    let n = 0;
    let i = pos;
    let fieldStart = pos;
    for (;;) {
      const c = data.charCodeAt(i);
      if (c === d) {
        if (n === max) return LEAVE;
        starts[n] = fieldStart;
        ends[n++] = i;
        fieldStart = ++i;
      } else if (c === LF) {
        if (n === max) return LEAVE;
        starts[n] = fieldStart;
        ends[n++] = i > fieldStart && data.charCodeAt(i - 1) === CR ? i - 1 : i;
        i++;
        break;
      } else if (c === QUOTE && i === fieldStart) {
        const q = data.indexOf('"', i + 1);
        // a closing quote past the line break (a field of several lines) or doubled ("") is the general path's
        if (q === -1 || q > lf || n === max) return LEAVE;
        const after = data.charCodeAt(q + 1);
        starts[n] = i + 1;
        ends[n++] = q;
        if (after === d) {
          i = q + 2;
          fieldStart = i;
        } else if (after === LF) {
          i = q + 2;
          break;
        } else if (after === CR && data.charCodeAt(q + 2) === LF) {
          i = q + 3;
          break;
        } else {
          return LEAVE;
        }
      } else {
        i++;
      }
    }
    if (n < this.width) return LEAVE;
    // a value past the header's last field: shifted columns, the general path reports the row (FIELDS_PAST_HEADER)
    for (let f = this.headerWidth; f < n; f++) if (ends[f] > starts[f]) return LEAVE;
    // a cell longer than its column takes: the general path reports it (CELL_TOO_LONG)
    for (const { at, max } of this.limits) if (ends[at] - starts[at] > max) return LEAVE;
    const col = this.col;

    // Other levels of government are skipped unread, as normalize() does: a level of one letter that is not M.
    if (ends[col.level] - starts[col.level] !== 1) return LEAVE;
    const level = data.charCodeAt(starts[col.level]);
    if (level !== 77 && level !== 109) return this.skipped(i);
    const department = smallNumber(data, starts[col.department], ends[col.department]);
    const province = smallNumber(data, starts[col.province], ends[col.province]);
    const district = smallNumber(data, starts[col.district], ends[col.district]);
    if (department < 0 || province < 0 || district < 0) return LEAVE;
    const ubigeo = department * 10_000 + province * 100 + district;
    if (!this.book.known.has(ubigeo)) return LEAVE; // unknown, or outside the filters: the general path says which
    if (!this.wanted.has(ubigeo)) return this.skipped(i);
    if (this.allowed !== null && !this.allowed.has(ubigeo)) return LEAVE;
    const secEjec = smallNumber(data, starts[col.secEjec], ends[col.secEjec], 9);
    if (secEjec < 0) return LEAVE;

    // At most 3 bytes per character (escapes take 2) and a few fixed columns.
    const room = 3 * (i - pos) + 256;
    if (room > OUT_BYTES) return LEAVE;
    if (this.used + room > OUT_BYTES) this.flush(out);
    const buf = this.out;
    let o = this.used;
    const id = this.book.rows + 1;
    o = writeInteger(buf, o, id);
    buf[o++] = TAB;
    for (const c of this.importId) buf[o++] = c;
    buf[o++] = TAB;
    // the grain, as the target's copyLine() writes it: year, ubigeo, kind, product, función, división, grupo, rubro
    const grainFrom = o;
    const year = smallNumber(data, starts[col.year], ends[col.year], 4);
    if (ends[col.year] - starts[col.year] !== 4 || year < MIN_BUDGET_YEAR || year > this.maxYear) return LEAVE;
    o = writeInteger(buf, o, year);
    buf[o++] = TAB;
    o = writeInteger(buf, o, ubigeo, 6);
    buf[o++] = TAB;
    const kind = smallNumber(data, starts[col.kind], ends[col.kind], 1);
    if (kind < 0) return LEAVE;
    buf[o++] = ZERO + kind;
    for (const [at, width, pad] of this.codes) {
      buf[o++] = TAB;
      o = writeCode(data, starts[at], ends[at], width, pad, buf, o);
      if (o < 0) return LEAVE;
    }
    const grainTo = o;
    buf[o++] = TAB;

    const productName = cellText(data, starts[col.productName], ends[col.productName]);
    o = writeText(buf, o, productName);
    buf[o++] = TAB;
    const area = kind === 2 ? areaFromName(productName) : null;
    o = area === null ? writeBytes(buf, o, NULL_TEXT) : writeText(buf, o, area);
    buf[o++] = TAB;
    o = writeText(buf, o, cellText(data, starts[col.fnName], ends[col.fnName]));
    buf[o++] = TAB;
    o = writeText(buf, o, cellText(data, starts[col.divisionName], ends[col.divisionName]));
    buf[o++] = TAB;
    o = writeText(buf, o, cellText(data, starts[col.groupName], ends[col.groupName]));
    buf[o++] = TAB;
    // the fuente is 1-5, written "5" or "05": padded to two digits, then its leading zero dropped, as normalize() does
    const fuente = smallNumber(data, starts[col.fuente], ends[col.fuente]);
    if (fuente < 0) return LEAVE;
    o = writeInteger(buf, o, fuente);
    buf[o++] = TAB;
    o = writeText(buf, o, cellText(data, starts[col.fuenteName], ends[col.fuenteName]));
    buf[o++] = TAB;
    o = writeText(buf, o, cellText(data, starts[col.rubroName], ends[col.rubroName]));
    for (const a of this.amounts) {
      buf[o++] = TAB;
      o = writeAmount(data, starts[a], ends[a], buf, o);
      if (o < 0) return LEAVE;
    }
    buf[o++] = TAB;
    if (col.month >= 0) {
      const month = smallNumber(data, starts[col.month], ends[col.month]);
      if (month < 0 || month > 12) return LEAVE;
      o = writeInteger(buf, o, month);
    } else {
      o = writeBytes(buf, o, NULL_TEXT);
    }
    // no monthly arrays: a row of one month keeps its month (see monthly-series.ts)
    buf[o++] = TAB;
    o = writeBytes(buf, o, NULL_TEXT);
    buf[o++] = TAB;
    o = writeBytes(buf, o, NULL_TEXT);
    buf[o++] = TAB;

    // the source line's key, from the fields as normalize() trims them: one with spaces around it is the general path's
    const sourceKey = this.sourceKeyColumns === null ? null : sourceKeyOfFields(data, starts, ends, this.sourceKeyColumns, this.sourceKeyHash);
    if (sourceKey === LEFT) return LEAVE;

    // Every check passed: the line is counted, its grain marked and its municipality-year noted.
    const book = this.book;
    book.rows = id;
    book.noteRow(id, this.parser.line);
    if (!book.covers(ubigeo, year)) book.note(ubigeo, year, secEjec, col.executor >= 0 ? cellText(data, starts[col.executor], ends[col.executor]) : '');
    const key = book.markGrain(buf, grainFrom, grainTo);
    o = writeInteger(buf, o, key);
    buf[o++] = TAB;
    buf[o++] = book.repeated ? 116 : 102; // t, f
    buf[o++] = TAB;
    o = sourceKey === null ? writeBytes(buf, o, NULL_TEXT) : writeInteger(buf, o, sourceKey);
    buf[o++] = LF;
    this.used = o;
    this.records++;
    this.rowsRead++;
    this.parser.line++;
    return i;
  }

  private skipped(next: number): number {
    this.rowsRead++;
    this.rowsSkipped++;
    this.parser.line++;
    return next;
  }
}
