import { foldName, type NamedMunicipality, resolvePlace } from './place-names.js';

// a few rows as data/reference/municipalities.csv has them, and two made up to test ambiguity
const m = (ubigeo: string, name: string, departmentName: string, provinceName: string): NamedMunicipality => ({
  ubigeo,
  name,
  departmentCode: ubigeo.slice(0, 2),
  departmentName,
  provinceCode: ubigeo.slice(0, 4),
  provinceName,
});
const REFERENCE = [
  m('080801', 'Espinar', 'Cusco', 'Espinar'),
  m('080803', 'Coporaque', 'Cusco', 'Espinar'),
  m('080807', 'Pallpata', 'Cusco', 'Espinar'),
  m('080701', 'Santo Tomás', 'Cusco', 'Chumbivilcas'),
  m('030501', 'Tambobamba', 'Apurímac', 'Cotabambas'),
  m('030506', 'Challhuahuacho', 'Apurímac', 'Cotabambas'),
  m('050707', 'San Francisco de Rivacayco', 'Ayacucho', 'Parinacochas'),
  // two districts of one name in two provinces of one department (made up)
  m('990101', 'Santa Rosa', 'Prueba', 'Uno'),
  m('990201', 'Santa Rosa', 'Prueba', 'Dos'),
];

describe('foldName', () => {
  it.each([
    ['Apurímac', 'APURIMAC'],
    ['  san  Francisco de   Rivacayco ', 'SAN FRANCISCO DE RIVACAYCO'],
    ['Ñuñoa', 'NUNOA'],
  ])('%p → %p', (name, folded) => expect(foldName(name)).toBe(folded));
});

describe('resolvePlace', () => {
  it.each([
    [
      'a district, accents and case aside',
      { department: 'APURIMAC', province: 'cotabambas', district: 'Challhuahuacho' },
      { place: '030506', level: 'district' },
    ],
    [
      'the provincial municipality’s district, named as the province',
      { department: 'Cusco', province: 'Espinar', district: 'Espinar' },
      { place: '080801', level: 'district' },
    ],
    ['no district: the province', { department: 'Cusco', province: 'Espinar', district: null }, { place: '0808', level: 'province' }],
    ['no province nor district: the department', { department: 'Cusco', province: null, district: null }, { place: '08', level: 'department' }],
    [
      'a district looked for in the department when no province is given',
      { department: 'Cusco', province: null, district: 'Pallpata' },
      { place: '080807', level: 'district' },
    ],
  ])('%s', (_case, names, expected) => expect(resolvePlace(names, REFERENCE)).toEqual(expected));

  it.each([
    [
      'an unknown department',
      { department: 'Cuzco', province: 'Espinar', district: null },
      { problem: 'none', level: 'department', name: 'Cuzco', within: null, candidates: [] },
    ],
    [
      'a province of another department',
      { department: 'Apurímac', province: 'Espinar', district: null },
      { problem: 'none', level: 'province', name: 'Espinar', within: '03', candidates: [] },
    ],
    // the Defensoría's "Ravacayco" is INEI's "Rivacayco": one letter apart, and still not guessed
    [
      'a district spelt otherwise',
      { department: 'Ayacucho', province: 'Parinacochas', district: 'San Francisco de Ravacayco' },
      { problem: 'none', level: 'district', name: 'San Francisco de Ravacayco', within: '0507', candidates: [] },
    ],
    [
      'a district name two provinces share, with no province',
      { department: 'Prueba', province: null, district: 'Santa Rosa' },
      { problem: 'several', level: 'district', name: 'Santa Rosa', within: '99', candidates: ['990101', '990201'] },
    ],
  ])('reports %s, never guessing', (_case, names, expected) => expect(resolvePlace(names, REFERENCE)).toEqual(expected));

  it('places the shared name once its province is given', () => {
    expect(resolvePlace({ department: 'Prueba', province: 'Dos', district: 'santa rosa' }, REFERENCE)).toEqual({ place: '990201', level: 'district' });
  });
});
