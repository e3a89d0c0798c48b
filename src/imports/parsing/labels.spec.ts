import { parseCodeLabel, parseMunicipalityLabel } from './labels.js';

describe('Consulta Amigable labels', () => {
  it.each([
    ['08: CUSCO', 2, { code: '08', name: 'CUSCO' }],
    ['8: CUSCO', 2, { code: '08', name: 'CUSCO' }], // an older file that dropped the leading zero
    ['0808: ESPINAR', 4, { code: '0808', name: 'ESPINAR' }],
    ['808: ESPINAR', 4, { code: '0808', name: 'ESPINAR' }],
    ['  15: LIMA  ', 2, { code: '15', name: 'LIMA' }],
    ['0701: PROV. CALLAO', 4, { code: '0701', name: 'PROV. CALLAO' }],
  ] as const)('%j → %j', (input, width, expected) => {
    expect(parseCodeLabel(input, width)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['CUSCO', 2],
    ['080: X', 2],
    ['', 4],
    ['8: ', 2],
  ] as const)('refuses %j', (input, width) => {
    expect(parseCodeLabel(input, width).ok).toBe(false);
  });

  it('reads ubigeo, executing-unit code and name of a municipality', () => {
    expect(parseMunicipalityLabel('080801-300740: MUNICIPALIDAD PROVINCIAL DE ESPINAR')).toEqual({
      ok: true,
      value: { ubigeo: '080801', secEjec: 300740, name: 'MUNICIPALIDAD PROVINCIAL DE ESPINAR' },
    });
  });

  it('pads an unpadded ubigeo and keeps accents and hyphens in the name', () => {
    expect(parseMunicipalityLabel('80801-300740: MUNICIPALIDAD DE CAÑETE - SAN VICENTE')).toEqual({
      ok: true,
      value: { ubigeo: '080801', secEjec: 300740, name: 'MUNICIPALIDAD DE CAÑETE - SAN VICENTE' },
    });
  });

  it.each(['MUNICIPALIDAD PROVINCIAL DE ESPINAR', '080801: ESPINAR', '0808011-300740: X', ''])('refuses %j', (input) => {
    expect(parseMunicipalityLabel(input).ok).toBe(false);
  });
});
