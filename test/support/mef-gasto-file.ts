/** A MEF open-data expense CSV (gasto) generated for a test, with the lines it holds as the test reads them. */

export const MEF_GASTO_HEADER =
  'NIVEL_GOBIERNO,SEC_EJEC,DEPARTAMENTO_EJECUTORA,PROVINCIA_EJECUTORA,DISTRITO_EJECUTORA,TIPO_ACT_PROY,PRODUCTO_PROYECTO,PRODUCTO_PROYECTO_NOMBRE,FUNCION,FUNCION_NOMBRE,DIVISION_FUNCIONAL,DIVISION_FUNCIONAL_NOMBRE,GRUPO_FUNCIONAL,GRUPO_FUNCIONAL_NOMBRE,FUENTE_FINANCIAMIENTO,FUENTE_FINANCIAMIENTO_NOMBRE,RUBRO,RUBRO_NOMBRE,ANO_EJE,MONTO_PIA,MONTO_PIM,MONTO_CERTIFICADO,MONTO_COMPROMETIDO_ANUAL,MONTO_DEVENGADO,MONTO_GIRADO';

export interface GastoLine {
  year: number;
  /** TIPO_ACT_PROY: 2 a project (its code is a CUI), 3 an activity. */
  kind: 2 | 3;
  code: string;
  name: string;
  functionCode: string;
  functionName: string;
  divisionCode: string;
  divisionName: string;
  groupCode: string;
  groupName: string;
  fuenteCode: string;
  fuenteName: string;
  rubroCode: string;
  rubroName: string;
  /** PIA, PIM, certificado, comprometido anual, devengado, girado: decimal text as in the file. */
  amounts: [string, string, string, string, string, string];
}

const quoted = (s: string) => (/[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);

/** The CSV of a municipality's lines (ubigeo 080801's executing unit unless told). */
export function gastoCsv(lines: GastoLine[], ubigeo = '080801', secEjec = '300740'): Buffer {
  const [dep, prov, dist] = [ubigeo.slice(0, 2), ubigeo.slice(2, 4), ubigeo.slice(4, 6)];
  const rows = lines.map((l) =>
    [
      'M',
      secEjec,
      dep,
      prov,
      dist,
      l.kind,
      l.code,
      l.name,
      l.functionCode,
      l.functionName,
      l.divisionCode,
      l.divisionName,
      l.groupCode,
      l.groupName,
      l.fuenteCode,
      l.fuenteName,
      l.rubroCode,
      l.rubroName,
      l.year,
      ...l.amounts,
    ]
      .map((c) => quoted(String(c)))
      .join(','),
  );
  return Buffer.from([MEF_GASTO_HEADER, ...rows].join('\n'));
}

const CLASSES = [
  ['03', 'PLANEAMIENTO, GESTION Y RESERVA DE CONTINGENCIA', '006', 'GESTIÓN', '0008', 'ASESORAMIENTO Y APOYO'],
  ['15', 'TRANSPORTE', '033', 'TRANSPORTE TERRESTRE', '0066', 'VÍAS URBANAS «CENTRO»'],
  ['18', 'SANEAMIENTO', '040', 'SANEAMIENTO', '0088', 'SANEAMIENTO — AGUA'],
] as const;
const SOURCES = [
  ['5', 'RECURSOS DETERMINADOS', '18', 'CANON Y SOBRECANON, REGALIAS, RENTA DE ADUANAS Y PARTICIPACIONES'],
  ['1', 'RECURSOS ORDINARIOS', '00', 'RECURSOS ORDINARIOS'],
] as const;
const PLACES = ['ÑUÑUMAYO', 'Pichigua', 'San Juan de Chacña', 'Coporaque', 'Pampachirí', 'Huánuco «Alto»'];

/**
 * `count` distinct lines of one year: two lines per product (the same product under two rubros, so that
 * lines share a code), every fourth product an activity, amounts varying with the line; `salt` changes them.
 */
export function manyGastoLines(count: number, year: number, salt = 0): GastoLine[] {
  return Array.from({ length: count }, (_, i) => {
    const product = Math.floor(i / 2);
    const kind = product % 4 === 0 ? 3 : 2;
    const [functionCode, functionName, divisionCode, divisionName, groupCode, groupName] = CLASSES[product % CLASSES.length];
    const [fuenteCode, fuenteName, rubroCode, rubroName] = SOURCES[i % 2];
    const cents = (n: number) => `${Math.floor(n / 100)}.${String(n % 100).padStart(2, '0')}`;
    const base = (i * 7_919 + salt * 104_729) % 90_000_000;
    return {
      year,
      kind,
      code: String(kind === 2 ? 2_100_000 + product : 5_000_000 + product),
      name: `${kind === 2 ? 'OBRA' : 'GESTIÓN'} N.º ${product}, "${PLACES[product % PLACES.length]}"`,
      functionCode,
      functionName,
      divisionCode,
      divisionName,
      groupCode,
      groupName,
      fuenteCode,
      fuenteName,
      rubroCode,
      rubroName,
      amounts: [cents(base), cents(base * 2 + 1), cents(base + 3), cents(base + 2), cents(base + 1), cents(base)],
    };
  });
}
