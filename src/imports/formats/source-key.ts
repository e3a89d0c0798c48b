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

/** FNV-1a over one field's UTF-16 code units, then a separator; start with `SOURCE_KEY_SEED`. */
export function sourceKeyStep(h: number, text: string, from: number, to: number): number {
  for (let i = from; i < to; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return Math.imul(h ^ SEPARATOR, 0x01000193);
}

export const SOURCE_KEY_SEED = 0x811c9dc5;

/** The key of a row from its fields' trimmed texts, in SOURCE_KEY_FIELDS order ('' for a column the file lacks). */
export function sourceKeyOf(texts: readonly string[]): number {
  let h = SOURCE_KEY_SEED;
  for (const t of texts) h = sourceKeyStep(h, t, 0, t.length);
  return h >>> 0;
}
