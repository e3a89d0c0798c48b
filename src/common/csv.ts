/**
 * CSV for people who open it in a spreadsheet program: RFC 4180 quoting, a BOM so that Excel reads
 * UTF-8, and cells that a spreadsheet would run as a formula (= + - @ tab CR first) prefixed with a
 * quote (a plain negative number excepted), so a value taken from an uploaded file can never become a formula.
 */
export function toCsv(header: string[], rows: (string | number | null)[][]): string {
  const cell = (v: string | number | null): string => {
    if (v === null) return '';
    let text = String(v);
    // a negative amount ("-120.50") is a number, not a formula: it stays as it is
    if (typeof v === 'string' && /^[=+\-@\t\r]/.test(text) && !/^-\d+(\.\d+)?$/.test(text)) text = `'${text}`;
    return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  return `\uFEFF${[header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
}
