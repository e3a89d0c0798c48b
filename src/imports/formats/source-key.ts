/**
 * The key of a MEF row within its budget line: the classifiers a monthly file (MES_EJE) repeats on each month's
 * row of one source line, beyond the line's own grain. Stocks (PIA, PIM, certificación, compromiso anual) are
 * figures as they stood, repeated month after month on each source line's rows: a line's stocks are the sum,
 * over its source lines, of each one's latest month (a source line whose rows stop in February still holds its
 * PIM in June). Only these named code columns count: a column that differs on every row (an id, an amount)
 * would make each row a source line of its own and add up its months.
 */
export const SOURCE_KEY_COLUMNS: Record<string, string[]> = {
  detailSecFunc: ['sec_func'],
  detailMeta: ['meta'],
  detailFinalidad: ['finalidad'],
  detailProgram: ['programa_ppto'],
  detailAction: ['actividad_accion_obra'],
  detailComponent: ['componente'],
  detailResource: ['tipo_recurso'],
  detailCategory: ['categoria_gasto', 'categ_gasto'],
  detailTransaction: ['tipo_transaccion'],
  detailGeneric: ['generica'],
  detailSubgeneric: ['subgenerica'],
  detailSubgenericDet: ['subgenerica_det'],
  detailSpecific: ['especifica'],
  detailSpecificDet: ['especifica_det'],
  detailMetaDepartment: ['departamento_meta'],
  detailMetaProvince: ['provincia_meta'],
  detailMetaDistrict: ['distrito_meta'],
};
export const SOURCE_KEY_FIELDS = ['fuente', ...Object.keys(SOURCE_KEY_COLUMNS)];

const SEPARATOR = 0x1f;

/**
 * One field into the key's two 32-bit hashes (`h[0]` FNV-1a, `h[1]` a multiply-rotate hash), then a separator;
 * start from SOURCE_KEY_SEEDS. Two source lines of one budget line that shared a key would be folded as one:
 * 53 bits keep that below one chance in a billion for a national file's source lines.
 */
export function sourceKeyStep(h: [number, number], text: string, from: number, to: number): void {
  let [a, b] = h;
  for (let i = from; i <= to; i++) {
    const c = i < to ? text.charCodeAt(i) : SEPARATOR;
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(((b ^ c) << 5) | ((b ^ c) >>> 27), 0x5bd1e995);
  }
  h[0] = a;
  h[1] = b;
}

export const SOURCE_KEY_SEEDS: readonly [number, number] = [0x811c9dc5, 0x9747b28c];

/** The 53-bit key from the two hashes. */
export const sourceKeyValue = (h: readonly [number, number]): number => (h[0] >>> 0) * 2 ** 21 + ((h[1] >>> 0) >>> 11);

/** The key of a row from its fields' trimmed texts, in SOURCE_KEY_FIELDS order ('' for a column the file lacks). */
export function sourceKeyOf(texts: readonly string[]): number {
  const h: [number, number] = [...SOURCE_KEY_SEEDS];
  for (const t of texts) sourceKeyStep(h, t, 0, t.length);
  return sourceKeyValue(h);
}

/** The general path's key: each field's text as the row gives it, trimmed ('' for a column the file lacks). */
export function sourceKeyOfTexts(text: (field: string) => string): number {
  const h: [number, number] = [...SOURCE_KEY_SEEDS];
  for (const field of SOURCE_KEY_FIELDS) {
    const t = text(field);
    sourceKeyStep(h, t, 0, t.length);
  }
  return sourceKeyValue(h);
}

/** sourceKeyOfFields' answer for a field with spaces around it: the general path trims them, and keys that row. */
export const LEFT = -1;

/**
 * The lane's key, from the fields of `data` at `starts`/`ends` (`columns` in SOURCE_KEY_FIELDS order, -1 for
 * one the file lacks), into the scratch `h`: equal to sourceKeyOfTexts() for the same row, or LEFT.
 */
export function sourceKeyOfFields(data: string, starts: Int32Array, ends: Int32Array, columns: readonly number[], h: [number, number]): number {
  h[0] = SOURCE_KEY_SEEDS[0];
  h[1] = SOURCE_KEY_SEEDS[1];
  for (const at of columns) {
    if (at < 0) {
      sourceKeyStep(h, '', 0, 0);
      continue;
    }
    const from = starts[at];
    const to = ends[at];
    if (to > from && (isSpace(data.charCodeAt(from)) || isSpace(data.charCodeAt(to - 1)))) return LEFT;
    sourceKeyStep(h, data, from, to);
  }
  return sourceKeyValue(h);
}

/** Whether String.prototype.trim() would take the character away (its whitespace: ASCII, NBSP, BOM and Unicode spaces). */
function isSpace(c: number): boolean {
  return c <= 32
    ? c === 32 || (c >= 9 && c <= 13)
    : c === 0xa0 ||
        c === 0xfeff ||
        c === 0x1680 ||
        (c >= 0x2000 && c <= 0x200a) ||
        c === 0x2028 ||
        c === 0x2029 ||
        c === 0x202f ||
        c === 0x205f ||
        c === 0x3000;
}
