import type { PlaceLevel } from './places.js';

/** A municipality as the name resolver reads it (the reference table's names). */
export interface NamedMunicipality {
  ubigeo: string;
  name: string;
  departmentCode: string;
  departmentName: string;
  provinceCode: string;
  provinceName: string;
}

/** A place named by its department, province and district, as reports write them (province and district may be missing). */
export interface PlaceNames {
  department: string;
  province: string | null;
  district: string | null;
}

/** The code of the deepest place named (2, 4 or 6 digits), or which name matched no place or several. */
export type ResolvedPlace =
  | { place: string; level: PlaceLevel }
  | { problem: 'none' | 'several'; level: PlaceLevel; name: string; within: string | null; candidates: string[] };

/** "Apurímac" and "APURIMAC  " alike: without accents, in capitals, single spaces. */
export function foldName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toUpperCase();
}

/**
 * Resolves department, province and district names to the deepest place they name, each inside the one
 * before (a district is looked for in its province, or in the department when no province is given).
 * Names are compared without accents or case; a name that matches no place, or several, is reported,
 * never guessed at.
 */
export function resolvePlace(names: PlaceNames, municipalities: readonly NamedMunicipality[]): ResolvedPlace {
  const department = foldName(names.department);
  const inDepartment = municipalities.filter((m) => foldName(m.departmentName) === department);
  const departments = distinct(inDepartment.map((m) => m.departmentCode));
  if (departments.length !== 1) return unresolved('department', names.department, null, departments);
  let scope = inDepartment;
  let place: { place: string; level: PlaceLevel } = { place: departments[0], level: 'department' };
  if (names.province !== null) {
    const province = foldName(names.province);
    const inProvince = scope.filter((m) => foldName(m.provinceName) === province);
    const provinces = distinct(inProvince.map((m) => m.provinceCode));
    if (provinces.length !== 1) return unresolved('province', names.province, place.place, provinces);
    scope = inProvince;
    place = { place: provinces[0], level: 'province' };
  }
  if (names.district !== null) {
    const district = foldName(names.district);
    const districts = distinct(scope.filter((m) => foldName(m.name) === district).map((m) => m.ubigeo));
    if (districts.length !== 1) return unresolved('district', names.district, place.place, districts);
    place = { place: districts[0], level: 'district' };
  }
  return place;
}

const distinct = (codes: string[]): string[] => [...new Set(codes)].sort();

const unresolved = (level: PlaceLevel, name: string, within: string | null, candidates: string[]): ResolvedPlace => ({
  problem: candidates.length === 0 ? 'none' : 'several',
  level,
  name,
  within,
  candidates,
});
