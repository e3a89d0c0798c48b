#!/usr/bin/env node
// Builds the project's own reference-geography files (data/reference/) from the public
// INEI and MINAM files. Run by hand when those sources change; neither the service nor the
// tests read the source folder.
//   node scripts/build-reference-data.mjs ../shared/data/real
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const source = process.argv[2] ?? '../shared/data/real';
const out = new URL('../data/reference/', import.meta.url);

function readSemicolonCsv(file) {
  const text = readFileSync(join(source, file), 'utf8').replace(/^\uFEFF/, '');
  const [header, ...lines] = text.split(/\r?\n/).filter((l) => l.length > 0);
  const names = header.split(';');
  return lines.map((line) => {
    const cells = line.split(';');
    if (cells.length !== names.length) throw new Error(`${file}: ragged line ${line}`);
    return Object.fromEntries(names.map((n, i) => [n, cells[i].trim()]));
  });
}

const csvCell = (v) => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
const writeCsv = (file, header, rows) => writeFileSync(new URL(file, out), `${[header, ...rows].map((r) => r.map(csvCell).join(',')).join('\n')}\n`);

// INEI 2025: one row per district; the provincial municipality governs the capital district PP01.
const inei = readSemicolonCsv('ubigeo_inei_2025.csv');
const municipalities = inei
  .map((r) => {
    if (!/^\d{6}$/.test(r.ubigeo)) throw new Error(`bad ubigeo ${r.ubigeo}`);
    return [
      r.ubigeo,
      r.distrito,
      r.ubigeo.endsWith('01') ? 'provincial' : 'district',
      r.ubigeo.slice(0, 2),
      r.departamento,
      r.ubigeo.slice(0, 4),
      r.provincia,
      r.capital_legal,
      r.latitud,
      r.longitud,
      r.altitud,
    ];
  })
  .sort((a, b) => a[0].localeCompare(b[0]));
writeCsv(
  'municipalities.csv',
  ['ubigeo', 'name', 'kind', 'department_code', 'department_name', 'province_code', 'province_name', 'capital', 'latitude', 'longitude', 'altitude_m'],
  municipalities,
);
const known = new Set(municipalities.map((m) => m[0]));

// MINAM: urban/rural population by district and year; ubigeo without its leading zero,
// thousands written with commas.
const count = (s) => {
  if (!/^\d{1,3}(,\d{3})*$/.test(s)) throw new Error(`bad count ${s}`);
  return s.replaceAll(',', '');
};
const unknown = new Set();
let mismatched = 0;
const population = [];
for (const r of readSemicolonCsv('minam_poblacion_urbana_rural_distrital_2019-2023.csv')) {
  const ubigeo = r.UBIGEO.padStart(6, '0');
  if (!known.has(ubigeo)) {
    unknown.add(ubigeo);
    continue;
  }
  const [total, urban, rural] = [count(r.POB_TOTAL), count(r.POB_URBANA), count(r.POB_RURAL)];
  if (BigInt(total) !== BigInt(urban) + BigInt(rural)) mismatched++;
  population.push([ubigeo, r.PERIODO, total, urban, rural, 'MINAM']);
}
population.sort((a, b) => a[0].localeCompare(b[0]) || a[1].localeCompare(b[1]));
writeCsv('population.csv', ['ubigeo', 'year', 'total', 'urban', 'rural', 'source'], population);

console.log(
  `${municipalities.length} municipalities (${municipalities.filter((m) => m[2] === 'provincial').length} provincial), ` +
    `${population.length} population rows; ${unknown.size} MINAM ubigeos not in INEI 2025 (${[...unknown].join(' ')}); ` +
    `${mismatched} rows where total != urban + rural`,
);
