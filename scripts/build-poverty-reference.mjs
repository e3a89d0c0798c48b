#!/usr/bin/env node
// Builds data/reference/poverty_inei_2018.csv, the poverty rate the canon-distribution estimate weighs
// population by, from jmcastagnetto/ubigeo-peru-aumentado's ubigeo_distrito.csv (INEI's 2018 poverty
// map; MIT, its licence in data/licenses). Keeps the districts the reference geography knows that have a
// figure. Run by hand when the source changes:
//   node scripts/build-poverty-reference.mjs ../shared/data/real
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';

const source = process.argv[2] ?? '../shared/data/real';
const out = new URL('../data/reference/', import.meta.url);
const known = new Set(parse(readFileSync(new URL('municipalities.csv', out)), { columns: true }).map((r) => r.ubigeo));
const rows = parse(readFileSync(join(source, 'indicadores_distrito_ubigeo_peru_aumentado.csv')), { columns: true })
  .filter((r) => known.has(r.inei) && /^\d+(\.\d+)?$/.test(r.pct_pobreza_total))
  .sort((a, b) => (a.inei < b.inei ? -1 : 1));
writeFileSync(new URL('poverty_inei_2018.csv', out), `${['ubigeo,poverty_pct', ...rows.map((r) => `${r.inei},${r.pct_pobreza_total}`)].join('\n')}\n`);
console.log(`${rows.length} districts`);
