import type { Cell } from '../readers/sheet-row.js';
import { mefGastoFormat } from './mef-gasto.format.js';
import { sourceKeyOf } from './source-key.js';
import type { BudgetRecord } from '../targets/budget-lines.target.js';

const COMMON = [
  'NIVEL_GOBIERNO',
  'SEC_EJEC',
  'EJECUTORA_NOMBRE',
  'DEPARTAMENTO_EJECUTORA',
  'PROVINCIA_EJECUTORA',
  'DISTRITO_EJECUTORA',
  'TIPO_ACT_PROY',
  'PRODUCTO_PROYECTO',
  'PRODUCTO_PROYECTO_NOMBRE',
  'FUNCION',
  'FUNCION_NOMBRE',
  'DIVISION_FUNCIONAL',
  'DIVISION_FUNCIONAL_NOMBRE',
  'GRUPO_FUNCIONAL',
  'GRUPO_FUNCIONAL_NOMBRE',
  'FUENTE_FINANCIAMIENTO',
  'FUENTE_FINANCIAMIENTO_NOMBRE',
  'RUBRO',
  'RUBRO_NOMBRE',
];
// Espinar's provincial municipality, a project (CUI 2250000) in transport, paid from rubro 18 (canon).
// Ubigeo parts unpadded, as older files write them.
const ESPINAR = [
  'M',
  '300740',
  'MUNICIPALIDAD PROVINCIAL DE ESPINAR',
  '8',
  '8',
  '1',
  '2',
  '2250000',
  'MEJORAMIENTO DE VIA',
  '15',
  'TRANSPORTE',
  '033',
  'TRANSPORTE TERRESTRE',
  '0066',
  'VIAS URBANAS',
  '5',
  'RECURSOS DETERMINADOS',
  '18',
  'CANON Y SOBRECANON',
];

function normalize(headerCells: Cell[], cells: Cell[], filters = {}) {
  const header = mefGastoFormat.matchHeader(headerCells, 1);
  if (!header) throw new Error('header not recognised');
  return mefGastoFormat.normalize({ row: 2, cells }, header, filters);
}

describe('MEF open-data expense format', () => {
  const annual = [
    ...COMMON,
    'ANO_EJE',
    'MES_EJE',
    'MONTO_PIA',
    'MONTO_PIM',
    'MONTO_CERTIFICADO',
    'MONTO_COMPROMETIDO_ANUAL',
    'MONTO_DEVENGADO',
    'MONTO_GIRADO',
  ];

  it('reads an annual-layout row with unpadded ubigeo parts and a reversal', () => {
    const { records, errors } = normalize(annual, [...ESPINAR, '2024', '3', '1000000', '1500000.5', '900000', '800000', '-1250.75', '0']);
    expect(errors).toEqual([]);
    expect(records).toEqual<BudgetRecord[]>([
      {
        sourceRow: 2,
        year: 2024,
        month: 3,
        // a row of one month: its source line's key, from the fuente ("5") and no other classifier (source-key.ts)
        sourceKey: sourceKeyOf(['5', ...Array(17).fill('')]),
        ubigeo: '080801',
        secEjec: 300740,
        mefName: 'MUNICIPALIDAD PROVINCIAL DE ESPINAR',
        activityKind: 2,
        productCode: '2250000',
        productName: 'MEJORAMIENTO DE VIA',
        functionCode: '15',
        functionName: 'TRANSPORTE',
        divisionCode: '033',
        divisionName: 'TRANSPORTE TERRESTRE',
        groupCode: '0066',
        groupName: 'VIAS URBANAS',
        fuenteCode: '5',
        fuenteName: 'RECURSOS DETERMINADOS',
        rubroCode: '18',
        rubroName: 'CANON Y SOBRECANON',
        pia: '1000000.00',
        pim: '1500000.50',
        certificacion: '900000.00',
        compromisoAnual: '800000.00',
        devengado: '-1250.75',
        girado: '0.00',
        devengadoByMonth: null,
      },
    ]);
  });

  it('leaves out other levels of government and rows outside the filters, unchecked', () => {
    const national = ['E', ...ESPINAR.slice(1)];
    expect(normalize(annual, [...national, '2024', '3', 'x', 'x', 'x', 'x', 'x', 'x'])).toEqual({ records: [], errors: [], skipped: true });
    expect(normalize(annual, [...ESPINAR, '2024', '3', '1', '1', '1', '1', '1', '1'], { province: '0801' }).skipped).toBe(true);
    expect(normalize(annual, [...ESPINAR, '2024', '3', '1', '1', '1', '1', '1', '1'], { department: '08', municipalities: ['080801'] }).records).toHaveLength(
      1,
    );
  });

  it('adds up the twelve monthly devengado columns exactly', () => {
    const monthly = [
      ...COMMON,
      'ANO_EJE',
      'MONTO_PIA',
      'MONTO_PIM',
      ...['ENERO', 'FEBRERO', 'MARZO', 'ABRIL', 'MAYO', 'JUNIO', 'JULIO', 'AGOSTO', 'SETIEMBRE', 'OCTUBRE', 'NOVIEMBRE', 'DICIEMBRE'].map(
        (m) => `MONTO_DEVENGADO_${m}`,
      ),
    ];
    // 0.10 twelve times is 1.20 exactly (as floats it would be 1.2000000000000002), minus a reversal of 0.05
    const months = ['0.1', '0.1', '0.1', '0.1', '0.1', '0.1', '0.1', '0.1', '0.1', '0.1', '0.1', '0.05'].map((v, i) => (i === 11 ? '-0.05' : v));
    const { records, errors } = normalize(monthly, [...ESPINAR, '2023', '10', '20', ...months]);
    expect(errors).toEqual([]);
    // 11 × 0.10 − 0.05 = 1.05
    expect(records[0]).toMatchObject({ year: 2023, month: null, pia: '10.00', pim: '20.00', devengado: '1.05', girado: '0.00' });
  });

  it('reads the comparativo layout (one group of columns per year) into one record per year with any amount', () => {
    const years = [2022, 2023];
    const header = [
      ...COMMON.map((c) =>
        c
          .replace('PRODUCTO_PROYECTO', 'ACT_PROY')
          .replace('FUENTE_FINANCIAMIENTO', 'FUENTE_FINANC_AGREGADA')
          .replace(/^RUBRO/, 'FUENTE_FINANC'),
      ),
      ...years.flatMap((y) => ['PIA', 'PIM', 'CERTIFICADO', 'COMPROMETIDO_ANUAL', 'DEVENGADO', 'GIRADO'].map((a) => `${a}_${y}`)),
    ];
    const { records, errors } = normalize(header, [...ESPINAR, '0', '0', '0.0', '0.0', '0.0', '0.0', '0', '6300', '6300.0', '6300.0', '6000.0', '6000.0']);
    expect(errors).toEqual([]);
    expect(records.map((r) => [r.year, r.pim, r.devengado, r.rubroCode, r.fuenteCode])).toEqual([[2023, '6300.00', '6000.00', '18', '5']]);
  });

  it('reports bad codes and amounts with their columns', () => {
    const bad = [...ESPINAR];
    bad[9] = '1x'; // FUNCION
    const { records, errors } = normalize(annual, [...bad, '20244', '3', '1', 'uno', '1', '1', '1', '1']);
    expect(records).toEqual([]);
    expect(errors.map((e) => [e.column, e.code])).toEqual([
      ['FUNCION', 'INVALID_CODE'],
      ['ANO_EJE', 'INVALID_YEAR'],
      ['MONTO_PIM', 'INVALID_AMOUNT'],
    ]);
  });

  it('does not take a Consulta Amigable export for this layout', () => {
    expect(mefGastoFormat.matchHeader(['Año', 'Departamento', 'Provincia', 'Municipalidad', 'PIA', 'PIM'], 1)).toBeNull();
  });
});
