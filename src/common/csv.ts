/** A cell a spreadsheet runs as a formula starts with one of these (OWASP, CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A plain negative amount ("-1234.50") is a number, not a formula: it is written as it is. */
const NEGATIVE_NUMBER = /^-\d+(\.\d+)?$/;
/**
 * A formula start right after a character that may end a cell for some reader: `,` `;` or tab (the
 * list separator depends on the locale: Excel in Spanish splits on `;` and ignores a quote that does
 * not open its field) or a line break (which then ends the record); a negative number there excepted.
 */
const FORMULA_AFTER_SEPARATOR = /([,;\t\r\n])(?=[=+\-@\t\r])(?!-\d+(?:\.\d+)?(?:[,;\t\r\n]|$))/g;
/** Cells holding any of these are quoted: the separators of every locale, quotes and line breaks. */
const NEEDS_QUOTES = /[",;\t\r\n]/;

/**
 * CSV for people who open it in a spreadsheet program: RFC 4180 quoting, a BOM so that Excel reads
 * UTF-8, and no value taken from an uploaded file can become a formula, whatever separator the program
 * splits on. The rule: a text cell that starts with = + - @ tab or CR is prefixed with a quote ('), and
 * so is any such character that follows a `,` `;` tab or line break inside the cell (where a reader
 * splitting on that character would start a new cell); plain negative numbers are left as they are,
 * there and at the start. Cells with a separator of any locale are quoted as well.
 */
export function toCsv(header: string[], rows: (string | number | null)[][]): string {
  const cell = (v: string | number | null): string => {
    if (v === null) return '';
    let text = String(v);
    if (typeof v === 'string') {
      if (FORMULA_START.test(text) && !NEGATIVE_NUMBER.test(text)) text = `'${text}`;
      text = text.replace(FORMULA_AFTER_SEPARATOR, "$1'");
    }
    return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  return `\uFEFF${[header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
}

/** Whether a request's Accept asks for CSV (an analysis answers its main table as CSV then): text/csv, and not application/json. */
export function wantsCsv(accept: string | undefined): boolean {
  return !!accept && /text\/csv/i.test(accept) && !/application\/json/i.test(accept);
}
