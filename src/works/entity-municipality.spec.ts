import { foldName, type MunicipalityName, municipalityOfEntity } from './entity-municipality.js';

const m = (
  ubigeo: string,
  name: string,
  kind: 'provincial' | 'district',
  provinceName: string,
  departmentName: string,
  mefName: string | null = null,
): MunicipalityName => ({
  ubigeo,
  name,
  kind,
  provinceName,
  departmentName,
  mefName,
});
// a few municipalities as data/reference/municipalities.csv has them: San José and Salas have namesakes
const PLACES = [
  m('080101', 'Cusco', 'provincial', 'Cusco', 'Cusco'),
  m('080104', 'San Jerónimo', 'district', 'Cusco', 'Cusco'),
  m('080801', 'Espinar', 'provincial', 'Espinar', 'Cusco', 'MUNICIPALIDAD PROVINCIAL DE ESPINAR'),
  m('230202', 'Cairani', 'district', 'Candarave', 'Tacna'),
  m('140311', 'San José', 'district', 'Lambayeque', 'Lambayeque'),
  m('130705', 'San José', 'district', 'Pacasmayo', 'La Libertad'),
  m('110108', 'Salas', 'district', 'Ica', 'Ica'),
  m('140310', 'Salas', 'district', 'Lambayeque', 'Lambayeque'),
  m('150101', 'Lima', 'provincial', 'Lima', 'Lima'),
  m('150105', 'Breña', 'district', 'Lima', 'Lima'),
];

describe('municipalityOfEntity', () => {
  it.each([
    ['MUNICIPALIDAD DISTRITAL DE CAIRANI', '230202'],
    ['Municipalidad  Distrital de  Breña', '150105'], // case, accents and spaces do not matter
    ['MUNICIPALIDAD DISTRITAL DE BRENA', '150105'],
    ['MUNICIPALIDAD DISTRITAL DE SAN JERONIMO', '080104'],
    ['MUNICIPALIDAD PROVINCIAL DEL CUSCO', '080101'], // DEL + the province's name
    ['MUNICIPALIDAD PROVINCIAL DE ESPINAR', '080801'],
    ['MUNICIPALIDAD METROPOLITANA DE LIMA', '150101'],
    ['MUNICIPALIDAD DISTRITAL DE SALAS - LAMBAYEQUE', '140310'], // the qualifier picks one of the two
  ])('%s → %s', (entity, ubigeo) => {
    expect(municipalityOfEntity(entity, PLACES)).toEqual({ ubigeo, reason: null });
  });

  it.each([
    ['MUNICIPALIDAD DISTRITAL DE SAN JOSE', 'names 2 district municipalities'],
    ['MUNICIPALIDAD DISTRITAL DE SALAS', 'names 2 district municipalities'],
    ['MUNICIPALIDAD DISTRITAL DE CUSCO', 'names no district municipality'], // Cusco's district is the provincial one's
    ['MUNICIPALIDAD PROVINCIAL DE CAIRANI', 'names no provincial municipality'],
    ['MUNICIPALIDAD DISTRITAL DE SALAS - PIURA', 'names no district municipality'],
    ['GOBIERNO REGIONAL AYACUCHO', 'not a municipality'],
  ])('%s is unplaced: %s', (entity, reason) => {
    expect(municipalityOfEntity(entity, PLACES)).toEqual({ ubigeo: null, reason });
  });

  it('folds accents, case and spaces', () => {
    expect(foldName('  Asunción   de  Ñaña ')).toBe('ASUNCION DE NANA');
  });
});
