/**
 * A streaming RFC 4180 parser: fields separated by one delimiter, records by LF or CRLF, fields in
 * double quotes may hold delimiters, line breaks and doubled quotes (""). A quote inside an unquoted
 * field is kept as a character. Written for speed on MEF's multi-gigabyte files: a line without quotes
 * is split in one call; only quoted lines go through the character loop. Checked against csv-parse on
 * the real exports (csv-parser.spec.ts).
 */
export class CsvSyntaxError extends Error {
  constructor(
    readonly code: 'UNCLOSED_QUOTE' | 'TEXT_AFTER_QUOTE' | 'RECORD_TOO_LONG',
    readonly line: number,
  ) {
    super(code);
  }
}

export interface CsvRecord {
  /** Line of the file where the record starts (1-based). */
  line: number;
  cells: string[];
}

export class CsvParser {
  private rest = '';
  /** Line of the file where the next record starts. */
  line = 1;

  constructor(
    readonly delimiter: string,
    readonly maxRecordChars: number,
  ) {}

  /** The text received but not parsed yet (an incomplete last record), handed over to another reader. */
  takeRest(): string {
    const rest = this.rest;
    this.rest = '';
    return rest;
  }

  /**
   * The one record that starts at `pos` of `data`, and where the next one starts; null when `data`
   * ends before the record does. Lines are counted as by push().
   */
  parseOne(data: string, pos: number): { record: CsvRecord; next: number } | null {
    const newline = data.indexOf('\n', pos);
    // Stryker disable next-line BooleanLiteral: true sends every line to quotedRecord, which reads a line without quotes into the same cells, only slower
    let quoted = false;
    // Stryker disable next-line ConditionalExpression,EqualityOperator,UnaryOperator: how far the quote scan looks only chooses the path: past the line it may find a later quote (quotedRecord then reads the same cells), and without a line break there is no record either way
    const end = newline === -1 ? data.length : newline;
    for (let i = pos; i < end && !quoted; i++) quoted = data.charCodeAt(i) === QUOTE;
    if (quoted) return this.quotedRecord(data, pos);
    if (newline === -1) return null;
    const record = { line: this.line++, cells: this.split(data, pos, newline) };
    return { record, next: newline + 1 };
  }

  /** Parses the complete records in `text` (plus what was left over); keeps an incomplete last record for later. */
  push(text: string, out: CsvRecord[]): void {
    const data = this.rest + text;
    let pos = 0;
    const end = data.length;
    // the next quote is looked up again only once passed: a file without quotes is scanned once, not once per line
    let quote = -2;
    while (pos < end) {
      const newline = data.indexOf('\n', pos);
      // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator,UnaryOperator,StringLiteral: when the next quote is looked up only chooses the path; a position looked up too often is the same, a stale or wrong one (never past a quote that is there) sends lines to quotedRecord, which reads them into the same cells
      if (quote !== -1 && quote < pos) quote = data.indexOf('"', pos);
      if (quote === -1 || (newline !== -1 && quote > newline)) {
        if (newline === -1) break; // incomplete line: wait for more text
        out.push({ line: this.line, cells: this.split(data, pos, newline) });
        this.line++;
        pos = newline + 1;
        continue;
      }
      const parsed = this.quotedRecord(data, pos);
      if (parsed === null) break;
      out.push(parsed.record);
      pos = parsed.next;
    }
    this.rest = data.slice(pos);
    if (this.rest.length > this.maxRecordChars) throw new CsvSyntaxError('RECORD_TOO_LONG', this.line);
  }

  /** The cells of a line without quotes that ends at `newline`. */
  private split(data: string, pos: number, newline: number): string[] {
    let stop = newline;
    // CRLF (on an empty line the character before is the last line's LF, or none; any slice ending before pos is empty)
    if (data.charCodeAt(stop - 1) === CR) stop--;
    return stop === pos ? [''] : data.slice(pos, stop).split(this.delimiter);
  }

  /** Parses what is left at the end of the file (a last line without its line break). */
  end(out: CsvRecord[]): void {
    if (this.rest.length === 0) return;
    const tail = this.rest;
    this.rest = '';
    this.push(`${tail}\n`, out);
    if (this.rest.length > 0) throw new CsvSyntaxError('UNCLOSED_QUOTE', this.line);
  }

  /** The slow path: one record that has quotes somewhere. Null when it is not complete yet. */
  private quotedRecord(data: string, start: number): { record: CsvRecord; next: number } | null {
    const cells: string[] = [];
    const startLine = this.line;
    const delimiter = this.delimiter;
    const d = delimiter.charCodeAt(0);
    const length = data.length;
    let lines = 0;
    let pos = start;
    // where the current line ends: unquoted fields stop at it (found again after a quoted line break)
    let lineEnd = data.indexOf('\n', pos);
    if (lineEnd === -1) lineEnd = length;
    for (;;) {
      if (data.charCodeAt(pos) === QUOTE) {
        // quoted field
        let value = '';
        let from = pos + 1;
        for (;;) {
          const q = data.indexOf('"', from);
          if (q === -1) return null;
          value = value.length === 0 ? data.slice(from, q) : value + data.slice(from, q);
          if (data.charCodeAt(q + 1) === QUOTE) {
            value += '"';
            from = q + 2;
            continue;
          }
          pos = q + 1;
          break;
        }
        // Stryker disable next-line StringLiteral: '' makes every value look for line breaks; one without them counts none and finds the same line end
        if (value.includes('\n')) {
          for (let i = 0; i < value.length; i++) if (value.charCodeAt(i) === LF) lines++;
          lineEnd = data.indexOf('\n', pos);
          if (lineEnd === -1) lineEnd = length;
        }
        cells.push(value);
        let c = data.charCodeAt(pos);
        if (c === d) {
          pos++;
          continue;
        }
        if (c === CR) {
          if (pos + 1 >= length) return null; // the chunk ends between CR and LF
          if (data.charCodeAt(pos + 1) === LF) c = data.charCodeAt(++pos);
        }
        if (c === LF) {
          this.line += lines + 1;
          return { record: { line: startLine, cells }, next: pos + 1 };
        }
        if (pos >= length) return null; // the chunk ends at the closing quote, which the next chunk may double
        throw new CsvSyntaxError('TEXT_AFTER_QUOTE', startLine + lines);
      }
      // unquoted field: up to the next delimiter or line break
      let stop = data.indexOf(delimiter, pos);
      if (stop === -1 || stop > lineEnd) stop = lineEnd;
      if (stop >= length) return null;
      const c = data.charCodeAt(stop);
      if (c === d) {
        cells.push(data.slice(pos, stop));
        pos = stop + 1;
        continue;
      }
      // an empty field follows a delimiter or starts the record: the character before it is no CR (and a slice ending before pos is empty)
      cells.push(data.slice(pos, data.charCodeAt(stop - 1) === CR ? stop - 1 : stop));
      this.line += lines + 1;
      return { record: { line: startLine, cells }, next: stop + 1 };
    }
  }
}

const QUOTE = 34;
const LF = 10;
const CR = 13;
