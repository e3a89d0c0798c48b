import { type TemplateLineRow, type TemplateRow, toTemplateRow } from './template-workbook.js';

/** A registry project located in the municipality, as the template prefills it (ImportsRepository.templateProjects). */
export interface TemplateProjectRow {
  cui: string;
  name: string;
  area: string;
  area_source: string | null;
}

/**
 * The rows of a prefilled template: the municipality's current budget lines; when it has none, its
 * registry projects as rows to fill (year, ubigeo, Proyecto, CUI and name; the classifiers and amounts
 * left for the planner; the area only when a person set it, so that uploading it back does not make a
 * guessed area explicit). `projects` is read only when there are no lines.
 */
export async function* prefillRows(
  lines: AsyncIterable<TemplateLineRow[]>,
  projects: () => AsyncIterable<TemplateProjectRow[]>,
  ubigeo: string,
  year: number | undefined,
): AsyncGenerator<TemplateRow[]> {
  let hadLines = false;
  for await (const batch of lines) {
    hadLines ||= batch.length > 0;
    yield batch.map(toTemplateRow);
  }
  if (hadLines) return;
  for await (const batch of projects()) yield batch.map((p) => projectRow(p, ubigeo, year));
}

/** A registry project as a row to fill: nothing the planner has to decide is written for them. */
export function projectRow(p: TemplateProjectRow, ubigeo: string, year: number | undefined): TemplateRow {
  const explicit = p.area_source === 'explicit';
  return {
    year: year ?? '',
    ubigeo,
    kind: 'Proyecto',
    code: p.cui,
    name: p.name,
    function: '',
    division: '',
    group: '',
    rubro: '',
    pia: null,
    pim: null,
    certificacion: null,
    compromisoAnual: null,
    devengado: null,
    girado: null,
    area: explicit && p.area === 'urban' ? 'urbano' : explicit && p.area === 'rural' ? 'rural' : '',
  };
}
