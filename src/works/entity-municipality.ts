/**
 * Which municipality an owning entity's name designates ("MUNICIPALIDAD DISTRITAL DE CAIRANI"), for
 * works that neither the registry nor the budget lines place. Only an exact match counts: the name,
 * compared without accents, case or extra spaces, must designate exactly one municipality. Nothing is
 * guessed: "MUNICIPALIDAD DISTRITAL DE SAN JOSE" names several districts and stays unplaced.
 */
export interface MunicipalityName {
  ubigeo: string;
  name: string;
  kind: 'provincial' | 'district';
  provinceName: string;
  departmentName: string;
  /** The name MEF gives its executing unit, when an import taught it. */
  mefName: string | null;
}

export type EntityMatch = { ubigeo: string; reason: null } | { ubigeo: null; reason: string };

/** "Municipalidad  Distrital de Breña" → "MUNICIPALIDAD DISTRITAL DE BRENA". */
export function foldName(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toUpperCase();
}

/** A provincial municipality is named after its province (MUNICIPALIDAD PROVINCIAL DE ESPINAR); Lima's is metropolitan. */
const PREFIX = /^MUNICIPALIDAD (PROVINCIAL|DISTRITAL|METROPOLITANA) (DEL |DE )?/;

export function municipalityOfEntity(entity: string, municipalities: readonly MunicipalityName[]): EntityMatch {
  const folded = foldName(entity);
  const byMefName = municipalities.filter((m) => m.mefName !== null && foldName(m.mefName) === folded);
  if (byMefName.length === 1) return { ubigeo: byMefName[0].ubigeo, reason: null };
  const m = PREFIX.exec(folded);
  if (!m) return { ubigeo: null, reason: 'not a municipality' };
  const kind = m[1] === 'DISTRITAL' ? 'district' : 'provincial';
  let rest = folded.slice(m[0].length);
  // "SALAS - LAMBAYEQUE": SSI tells namesakes apart by their department or province
  let qualifier: string | null = null;
  const dash = rest.lastIndexOf(' - ');
  if (dash > 0) {
    qualifier = rest.slice(dash + 3);
    rest = rest.slice(0, dash);
  }
  // "DEL CARMEN" may be "El Carmen"; "DEL CUSCO" is Cusco
  const names = m[2] === 'DEL ' ? [rest, `EL ${rest}`] : [rest];
  const found = municipalities.filter(
    (x) =>
      x.kind === kind &&
      names.includes(foldName(kind === 'provincial' ? x.provinceName : x.name)) &&
      (qualifier === null || qualifier === foldName(x.departmentName) || qualifier === foldName(x.provinceName)),
  );
  if (found.length === 1) return { ubigeo: found[0].ubigeo, reason: null };
  return { ubigeo: null, reason: found.length === 0 ? `names no ${kind} municipality` : `names ${found.length} ${kind} municipalities` };
}
