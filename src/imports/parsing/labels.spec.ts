import { parseCodeLabel, parseMunicipalityLabel } from './labels.js';
import { promptly } from '../../../test/support/promptly.js';

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
    ['CUSCO', 2, 'INVALID_LABEL'],
    ['080: X', 2, 'INVALID_LABEL'], // a code longer than the level's
    ['8: X', 4, 'INVALID_LABEL'], // two digits short: not a dropped zero
    ['8 CUSCO', 2, 'INVALID_LABEL'],
    ['X08: CUSCO', 2, 'INVALID_LABEL'], // the code starts the label
    ['8: ', 2, 'INVALID_LABEL'],
    [8, 2, 'INVALID_LABEL'], // a number is a code without a name
    ['', 4, 'MISSING_VALUE'],
    ['   ', 2, 'MISSING_VALUE'],
    [null, 2, 'MISSING_VALUE'],
  ] as const)('refuses %j (width %i) with %s', (input, width, code) => {
    expect(parseCodeLabel(input, width)).toMatchObject({ ok: false, code });
  });

  it('says what a label of the level looks like', () => {
    // with the registry's key and parameters, which word the message in Spanish for a reader who asks
    expect(parseCodeLabel('CUSCO', 2)).toEqual({
      ok: false,
      code: 'INVALID_LABEL',
      message: 'expected "00: NAME"',
      key: 'INVALID_LABEL',
      params: { pattern: '00' },
    });
    expect(parseCodeLabel('ESPINAR', 4)).toEqual({
      ok: false,
      code: 'INVALID_LABEL',
      message: 'expected "0000: NAME"',
      key: 'INVALID_LABEL',
      params: { pattern: '0000' },
    });
    expect(parseCodeLabel(' ', 2)).toEqual({ ok: false, code: 'MISSING_VALUE', message: 'the label is empty', key: 'MISSING_VALUE.label', params: {} });
    expect(parseMunicipalityLabel('ESPINAR')).toEqual({
      ok: false,
      code: 'INVALID_LABEL',
      message: 'expected "UBIGEO-SEC_EJEC: NAME", e.g. "080801-300740: MUNICIPALIDAD PROVINCIAL DE ESPINAR"',
      key: 'INVALID_LABEL.municipality',
      params: {},
    });
    expect(parseMunicipalityLabel('')).toEqual({
      ok: false,
      code: 'MISSING_VALUE',
      message: 'the municipality is empty',
      key: 'MISSING_VALUE.municipality',
      params: {},
    });
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

  it('takes spaces around the hyphen and the colon', () => {
    expect(parseMunicipalityLabel(' 080801 - 300740 : ESPINAR ')).toEqual({ ok: true, value: { ubigeo: '080801', secEjec: 300740, name: 'ESPINAR' } });
    expect(parseMunicipalityLabel('080801-300740:ESPINAR')).toEqual({ ok: true, value: { ubigeo: '080801', secEjec: 300740, name: 'ESPINAR' } });
  });

  it.each([
    ['MUNICIPALIDAD PROVINCIAL DE ESPINAR', 'INVALID_LABEL'],
    ['080801: ESPINAR', 'INVALID_LABEL'],
    ['0808011-300740: X', 'INVALID_LABEL'],
    ['080801-300740: ', 'INVALID_LABEL'],
    ['', 'MISSING_VALUE'],
    ['  ', 'MISSING_VALUE'],
    [80801, 'MISSING_VALUE'],
  ])('refuses %j with %s', (input, code) => {
    expect(parseMunicipalityLabel(input)).toMatchObject({ ok: false, code });
  });
});

describe('labels in long cells', () => {
  // 1,000,000 spaces inside the name: the old patterns, `(\S.*?)\s*$`, took minutes over this
  const spaces = ' '.repeat(1_000_000);

  it('reads a municipality label with a megabyte of spaces inside its name, promptly', () => {
    expect(promptly(() => parseMunicipalityLabel(`080801-300740: A${spaces}B  `))).toEqual({
      ok: true,
      value: { ubigeo: '080801', secEjec: 300740, name: `A${spaces}B` },
    });
  });

  it('reads a code label with a megabyte of spaces inside its name, and refuses one with nothing after them, promptly', () => {
    expect(promptly(() => parseCodeLabel(`08: A${spaces}B`, 2))).toEqual({ ok: true, value: { code: '08', name: `A${spaces}B` } });
    expect(promptly(() => parseCodeLabel(`08:${spaces}`, 2)).ok).toBe(false);
  });

  it('keeps a name to one line, as before', () => {
    expect(parseCodeLabel('08: CUS\nCO', 2).ok).toBe(false);
    expect(parseMunicipalityLabel('080801-300740: A\r\nB').ok).toBe(false);
    for (const br of ['\r', '\u2028', '\u2029']) expect(parseCodeLabel(`08: CUS${br}CO`, 2).ok).toBe(false);
    expect(parseCodeLabel(' \t08 .  CUSCO \n', 2)).toEqual({ ok: true, value: { code: '08', name: 'CUSCO' } });
  });
});
