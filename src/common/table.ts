import { toCsv } from './csv.js';

/** How a column's values are written: money as exact decimal strings, percents and counts as numbers. */
export type ColumnKind = 'text' | 'money' | 'pct' | 'int' | 'ratio';
export type Value = string | number | boolean | null;

export interface Column {
  header: string;
  kind: ColumnKind;
}

/** One table of an analysis, the same in the API's CSV and in the audit report's sheets. */
export interface Table {
  name: string;
  title: string;
  columns: Column[];
  rows: Value[][];
}

/** A table as CSV text. */
export function tableCsv(table: Table): string {
  return toCsv(
    table.columns.map((c) => c.header),
    table.rows.map((r) => r.map((v) => (typeof v === 'boolean' ? String(v) : v))),
  );
}
