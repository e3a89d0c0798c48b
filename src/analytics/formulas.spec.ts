import {
  areaFromName,
  budgetRanks,
  carryOverSeries,
  costGrowthPct,
  dimensionLabel,
  oneInEvery,
  publicPrivateRatio,
  sharePct,
  skewIndex,
  tenSolesSentence,
} from './formulas.js';

describe('analytics formulas', () => {
  it.each([
    // 60 of 100 → 60.0 %
    [6000n, 10000n, 60],
    // 1 of 3 → 33.33… → 33.3
    [1n, 3n, 33.3],
    // 2 of 3 → 66.66… → 66.7
    [2n, 3n, 66.7],
    // 1 of 8 → 12.5 exactly
    [1n, 8n, 12.5],
    // 1 of 16 → 6.25 → 6.3 (half away from zero)
    [1n, 16n, 6.3],
    [0n, 5n, 0],
    [5n, 0n, null], // nothing to share
    [-1n, 16n, -6.3], // a net reversal
  ])('share %p of %p → %p %', (part, total, expected) => {
    expect(sharePct(part, total)).toBe(expected);
  });

  it("writes the study's sentence: 6, 3 and less than one of every 10 soles", () => {
    // 620 + 310 + 40 + 30 = 1,000 → 6.2, 3.1, 0.4, 0.3 soles of every 10 → 6, 3, less than one, less than one
    expect(
      tenSolesSentence([
        { label: 'structural change', amount: 40n },
        { label: 'equal rights', amount: 620n },
        { label: 'income and productivity', amount: 310n },
        { label: 'unclassified', amount: 30n },
      ]),
    ).toBe('Of every 10 soles of PIM, 6 to equal rights, 3 to income and productivity, less than one to structural change and less than one to unclassified.');
  });

  it("writes the study's sentence in Spanish, the same figures in the same order", () => {
    // 620 + 310 + 40 + 30 = 1,000 → 6, 3, less than one ("menos de uno"), less than one
    const parts = ['structural_change', 'equal_rights', 'income_productivity', 'unclassified'].map((d, i) => ({
      label: dimensionLabel(d, 'es'),
      amount: [40n, 620n, 310n, 30n][i],
    }));
    expect(tenSolesSentence(parts, 'es')).toBe(
      'De cada 10 soles del PIM, 6 a igualdad de derechos, 3 a ingresos y productividad, menos de uno a cambio estructural y menos de uno a sin clasificar.',
    );
    // 500 + 500 → 5 and 5
    expect(
      tenSolesSentence(
        [
          { label: 'a', amount: 500n },
          { label: 'b', amount: 500n },
        ],
        'es',
      ),
    ).toBe('De cada 10 soles del PIM, 5 a a y 5 a b.');
    expect(dimensionLabel('equal_rights', 'en')).toBe('equal rights');
    expect(dimensionLabel('other', 'es')).toBe('other');
  });

  it.each([
    [0n, 5n, 'ninguno'],
    [5n, 5n, 'todos'],
    // 3 of 4: 4 ÷ 3 = 1.33 → 1
    [3n, 4n, 'casi todos'],
    [1n, 4n, 'uno de cada cuatro'],
    [1n, 10n, 'uno de cada diez'],
    // 1 of 12: past the number words
    [1n, 12n, 'uno de cada 12'],
  ])('%p of %p is %p in Spanish', (part, total, expected) => {
    expect(oneInEvery(part, total, 'es')).toBe(expected);
  });

  it('leaves empty dimensions out and says nothing for an empty set', () => {
    // 500 + 500 → 5 and 5
    expect(
      tenSolesSentence([
        { label: 'a', amount: 500n },
        { label: 'b', amount: 500n },
        { label: 'c', amount: 0n },
      ]),
    ).toBe('Of every 10 soles of PIM, 5 to a and 5 to b.');
    expect(tenSolesSentence([{ label: 'a', amount: 7n }])).toBe('Of every 10 soles of PIM, 10 to a.');
    // equal parts keep the order they came in: 250 + 250 + 500 → 5, 2.5 → 3, 2.5 → 3
    expect(
      tenSolesSentence([
        { label: 'b', amount: 250n },
        { label: 'c', amount: 250n },
        { label: 'a', amount: 500n },
      ]),
    ).toBe('Of every 10 soles of PIM, 5 to a, 3 to b and 3 to c.');
    expect(tenSolesSentence([])).toBeNull();
    expect(tenSolesSentence([{ label: 'a', amount: 0n }])).toBeNull();
  });

  it.each([
    // urban places: 80 % of spending for 40 % of people → 2.00; 30 % for 60 % → 0.50; 33.3 for 66.7 → 0.4992… → 0.50
    [80, 40, 2],
    [30, 60, 0.5],
    [33.3, 66.7, 0.5],
    [50, 50, 1],
    [10, 0, null],
    [null, 50, null],
    [50, null, null],
    [0, 50, 0],
  ])('skew index of %p % spending for %p % population → %p', (spending, population, expected) => {
    expect(skewIndex(spending, population)).toBe(expected);
  });

  it.each([
    // the study: 1 of 4 PIM projects in the PIA; 1 of 10
    [1n, 4n, 'one of every four'],
    [10n, 100n, 'one of every ten'],
    // 3 of 5 → 5 / 3 = 1.67 → 2
    [3n, 5n, 'one of every two'],
    // 4 of 5 → 1.25 → 1: nearly all
    [4n, 5n, 'nearly all'],
    // 1 of 26 → 26
    [1n, 26n, 'one of every 26'],
    // 2 of 7 → 3.5 → 4 (half up)
    [2n, 7n, 'one of every four'],
    [0n, 5n, 'none'],
    [5n, 5n, 'all'],
    [0n, 0n, null],
    // 1 of 11 → 11, written in digits past ten
    [1n, 11n, 'one of every 11'],
    // 1 of 2 → 2
    [1n, 2n, 'one of every two'],
    // more than the whole (a reversal elsewhere) is all
    [6n, 5n, 'all'],
    [-1n, 5n, 'none'],
    // every number word past "two": 1 of 3, 5, 6, 7, 8, 9
    [1n, 3n, 'one of every three'],
    [1n, 5n, 'one of every five'],
    [1n, 6n, 'one of every six'],
    [1n, 7n, 'one of every seven'],
    [1n, 8n, 'one of every eight'],
    [1n, 9n, 'one of every nine'],
    [1n, -5n, null],
  ])('%p of %p is %p', (part, total, expected) => {
    expect(oneInEvery(part, total)).toBe(expected);
  });

  it.each([
    // the stadium: 10 million → 20 million = +100 %
    [1_000_000_000n, 2_000_000_000n, 100],
    // 3 → 4: +33.33 → 33.3
    [300n, 400n, 33.3],
    // a cut: 400 → 300 = −25 %
    [400n, 300n, -25],
    // 1,000,600 → 2,000,600: 99.940… → 99.9
    [100060000n, 200060000n, 99.9],
    [0n, 500n, null],
    [-100n, 500n, null],
    // unchanged: 0 %
    [500n, 500n, 0],
  ])('cost growth %p → %p is %p %', (first, latest, expected) => {
    expect(costGrowthPct(first, latest)).toBe(expected);
  });

  it('carries the unspent canon from year to year, reversals included', () => {
    // 2019: 100 in, 60 spent → 40 left; 2020: 50 in, 80 spent (from the balance) → 20 left; 2021: 0 in, −5 (a reversal) → 25
    expect(
      carryOverSeries([
        { year: 2020, transferred: 50n, devengado: 80n },
        { year: 2019, transferred: 100n, devengado: 60n },
        { year: 2021, transferred: 0n, devengado: -5n },
      ]).map((y) => [y.year, y.unspent, y.carryOver]),
    ).toEqual([
      [2019, 40n, 40n],
      [2020, -30n, 10n],
      [2021, 5n, 15n],
    ]);
    expect(carryOverSeries([])).toEqual([]);
  });

  it('leaves unknown what was not imported: a year without transfers or rubro-18 lines has no unspent amount, and the balance is unknown from it on', () => {
    expect(
      carryOverSeries([
        { year: 2019, transferred: 100n, devengado: 60n }, // 40, balance 40
        { year: 2020, transferred: 50n, devengado: null }, // no lines: unknown, and so is the balance
        { year: 2021, transferred: 70n, devengado: 70n }, // 0 this year, but the balance stays unknown
      ]).map((y) => [y.year, y.unspent, y.carryOver]),
    ).toEqual([
      [2019, 40n, 40n],
      [2020, null, null],
      [2021, 0n, null],
    ]);
    // no transfers imported for 2019, though its rubro-18 lines are: unknown as well
    expect(carryOverSeries([{ year: 2019, transferred: null, devengado: 60n }]).map((y) => [y.year, y.unspent, y.carryOver])).toEqual([[2019, null, null]]);
  });

  it.each([
    // the study: 2.6 times; 13 / 5 = 2.6
    [1300n, 500n, 2.6],
    // 1 / 3 = 0.333 → 0.33
    [100n, 300n, 0.33],
    // 2 / 3 = 0.6667 → 0.67
    [200n, 300n, 0.67],
    [100n, 0n, null],
    [100n, -300n, null],
    [0n, 300n, 0],
  ])('public %p ÷ private %p = %p', (pub, priv, expected) => {
    expect(publicPrivateRatio(pub, priv)).toBe(expected);
  });

  it('ranks codes by money, largest first, ties by code, nothing for zero', () => {
    const ranks = budgetRanks([
      { code: '20', amount: 500n },
      { code: '15', amount: 900n },
      { code: '22', amount: 500n },
      { code: '10', amount: 0n },
      { code: '03', amount: -10n },
    ]);
    expect([...ranks.entries()]).toEqual([
      ['15', 1],
      ['20', 2],
      ['22', 3],
    ]);
    // money first, whichever order the codes come in
    expect([
      ...budgetRanks([
        { code: '10', amount: 100n },
        { code: '20', amount: 900n },
      ]).entries(),
    ]).toEqual([
      ['20', 1],
      ['10', 2],
    ]);
    expect([
      ...budgetRanks([
        { code: '20', amount: 900n },
        { code: '10', amount: 100n },
      ]).entries(),
    ]).toEqual([
      ['20', 1],
      ['10', 2],
    ]);
    // the same ties given the other way round rank the same
    expect([
      ...budgetRanks([
        { code: '22', amount: 500n },
        { code: '20', amount: 500n },
        { code: '15', amount: 900n },
      ]).entries(),
    ]).toEqual([
      ['15', 1],
      ['20', 2],
      ['22', 3],
    ]);
  });

  it.each([
    ['MEJORAMIENTO DEL CANAL DE RIEGO DE LA COMUNIDAD CAMPESINA DE HUAYHUAHUASI', 'rural'],
    ['CREACIÓN DEL SERVICIO DE AGUA EN EL ANEXO DE ACCOCUNCA', 'rural'],
    ['INSTALACION DE QOCHAS EN EL SECTOR ALTO', 'rural'],
    ['ELECTRIFICACIÓN RURAL DE 12 CASERÍOS', 'rural'],
    // rural wins over urban: a plaza in an annex
    ['MEJORAMIENTO DE LA PLAZA DE ARMAS DEL ANEXO DE TINTAYA', 'rural'],
    ['MEJORAMIENTO DE LA PLAZA DE ARMAS DE YAURI', 'urban'],
    ['PAVIMENTACIÓN DEL JR. BOLOGNESI Y LA AV. CUSCO', 'urban'],
    ['CONSTRUCCIÓN DEL ESTADIO MUNICIPAL DE ESPINAR', 'urban'],
    ['PISTAS Y VEREDAS EN LA URBANIZACIÓN MAGISTERIAL', 'urban'],
    // no keyword: "avance" is not "av.", and "Huancocha" only contains "cocha"
    ['AVANCE DEL SISTEMA DE INFORMACIÓN', null],
    ['MEJORAMIENTO DEL SERVICIO EDUCATIVO EN HUANCOCHA', null],
    // the keyword is found only once its accent is gone: "caserío", "jirón"
    ['INSTALACIÓN DE AGUA EN EL CASERÍO HUAYLLA', 'rural'],
    ['PAVIMENTACIÓN DEL JIRÓN LIMA', 'urban'],
    ['GESTIÓN ADMINISTRATIVA', null],
  ])('the name %p suggests %p', (name, expected) => {
    expect(areaFromName(name)).toBe(expected);
  });
});
