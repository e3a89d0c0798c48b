import { budgetByFunctionFormat, functionCodeOf, rubroCodeOf, statedRubro } from './budget-by-function.format.js';

// The layout of data/demo/gasto_canon_por_funcion_espinar_2024-2026_snap2026-12-01.csv
const HEADER = ['ubigeo', 'entity_type', 'entity_name', 'year', 'funcion', 'monto_devengado', 'monto_pim'];

describe('budget-by-función format', () => {
  const header = budgetByFunctionFormat.matchHeader(HEADER, 1)!;

  it('reads a función by its name (accents, case and spaces aside) or by its code', () => {
    expect(functionCodeOf('PLANEAMIENTO, GESTION Y RESERVA DE CONTINGENCIA')).toBe('03');
    expect(functionCodeOf('Educación')).toBe('22');
    expect(functionCodeOf('  vivienda y  desarrollo urbano ')).toBe('19');
    expect(functionCodeOf('15')).toBe('15');
    expect(functionCodeOf('5')).toBe('05');
    expect(functionCodeOf('15 - TRANSPORTE')).toBe('15');
    // a name of the pre-2009 classifier, a code MEF never had
    expect(functionCodeOf('EDUCACION Y CULTURA')).toBeNull();
    expect(functionCodeOf('26')).toBeNull();
  });

  it('reads a rubro code, and the rubro a file states in a title row or its name', () => {
    expect(rubroCodeOf('18')).toBe('18');
    expect(rubroCodeOf('18 - CANON Y SOBRECANON, REGALIAS, RENTA DE ADUANAS Y PARTICIPACIONES')).toBe('18');
    expect(rubroCodeOf('99')).toBeNull();
    expect(statedRubro([], 'gasto_canon_por_funcion_espinar_2024-2026_snap2026-12-01.csv')).toBe('18');
    expect(statedRubro([['Fuente: Rubro 07 - FONCOMUN']], 'gasto.csv')).toBe('07');
    expect(statedRubro([], 'gasto_rubro_08_2024.csv')).toBe('08');
    expect(statedRubro([['Gasto por función 2024']], 'gasto_por_funcion.csv')).toBeNull();
  });

  it('turns a real row into a record at función grain, its rubro left to the statement', () => {
    const cells = ['080801', 'MUNICIPALIDAD', 'MUNICIPALIDAD PROVINCIAL DE ESPINAR', '2024', 'AGROPECUARIA', '45339269', '51479628'];
    const { records, errors } = budgetByFunctionFormat.normalize({ row: 3, cells }, header, {});
    expect(errors).toEqual([]);
    expect(records).toEqual([
      {
        sourceRow: 3,
        ubigeo: '080801',
        secEjec: null,
        year: 2024,
        functionCode: '10',
        functionName: 'AGROPECUARIA',
        rubroCode: null,
        pim: '51479628.00',
        devengado: '45339269.00',
      },
    ]);
  });

  it('says which row and column hold an unknown función, and refuses another level of government', () => {
    const cells = ['080801', 'GOBIERNO_REGIONAL', 'X', '2024', 'EDUCACION Y CULTURA', '1', '1'];
    const { records, errors } = budgetByFunctionFormat.normalize({ row: 7, cells }, header, {});
    expect(records).toEqual([]);
    expect(errors.map((e) => [e.row, e.column, e.code, e.value])).toEqual([
      [7, 'entity_type', 'NOT_A_MUNICIPALITY', 'GOBIERNO_REGIONAL'],
      [7, 'funcion', 'UNKNOWN_FUNCTION', 'EDUCACION Y CULTURA'],
    ]);
  });

  it('is not MEF’s own gasto file, which has SEC_EJEC, FUNCION and the amounts too, with PIA; nor a template that lacks a column', () => {
    expect(budgetByFunctionFormat.matchHeader(['SEC_EJEC', 'ANO_EJE', 'FUNCION', 'MONTO_PIA', 'MONTO_PIM', 'MONTO_DEVENGADO'], 1)).toBeNull();
    expect(budgetByFunctionFormat.matchHeader(['Año', 'Ubigeo', 'Función', 'División funcional', 'Rubro', 'PIM', 'Devengado'], 1)).toBeNull();
    expect(budgetByFunctionFormat.matchHeader(['SEC_EJEC', 'ANO_EJE', 'FUNCION', 'MONTO_PIM', 'MONTO_DEVENGADO'], 1)).not.toBeNull();
  });
});
