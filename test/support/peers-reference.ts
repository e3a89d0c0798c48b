// Peers worked out from the bundled files alone, as GET /analytics/peers and the place page state them: the
// INEI/MINAM reference (municipalities, population), the 2024-2025 Consulta Amigable export and the two MEF
// rubro-18 transfer files. Nothing here reads the service.
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { DEMO, readConsultaCsv } from './files.js';

export const ESPINAR_CANON = 'data/demo/canon_transferido_rubro18_espinar_2019-2026.csv';
export const CUSCO_CANON = 'data/demo/canon_transferido_rubro18_cusco_entidades_2019-2026.csv';
export const YEAR = 2024;

type Csv = Record<string, string>[];
const csv = (path: string): Csv => parse(readFileSync(path), { columns: true });
export const municipalities = csv('data/reference/municipalities.csv');
/** Each municipality's population of the year nearest 2024 (the file stops in 2023). */
export const population = new Map<string, { year: number; total: number }>();
for (const r of csv('data/reference/population.csv')) {
  const held = population.get(r.ubigeo);
  if (!held || Math.abs(Number(r.year) - YEAR) < Math.abs(held.year - YEAR)) population.set(r.ubigeo, { year: Number(r.year), total: Number(r.total) });
}
/** The 2024 totals of the 2024-2025 export (its cut-off, 2025-05-18, is the latest for 2024). */
export const totals = new Map(
  readConsultaCsv(DEMO.csv2024)
    .filter((r) => r.year === YEAR)
    .map((r) => [r.ubigeo, r]),
);
export const espinarCanon = new Map(
  csv(ESPINAR_CANON)
    .filter((r) => r.anio === String(YEAR))
    .map((r) => [r.ubigeo, BigInt(r.rubro18_recaudado_total)]),
);
export const cuscoCanon = new Map(
  csv(CUSCO_CANON)
    .filter((r) => r.entity_type === 'MUNICIPALIDAD' && r.concept === 'total_rubro18' && r.year === String(YEAR))
    .map((r) => [r.ubigeo, BigInt(r.amount_soles)]),
);

/** The municipalities of `ubigeo`'s department with half to double its population (p × 2 ≥ own and p ≤ own × 2), by ubigeo. */
export function peersOf(ubigeo: string): string[] {
  const own = population.get(ubigeo)!.total;
  return municipalities
    .filter((m) => m.department_code === ubigeo.slice(0, 2) && m.ubigeo !== ubigeo)
    .map((m) => m.ubigeo)
    .filter((u) => population.get(u)!.total * 2 >= own && population.get(u)!.total <= own * 2);
}

/** round(a ÷ b, 0) half up, for non-negative whole numbers */
const div = (a: bigint, b: bigint) => (2n * a + b) / (2n * b);
/** devengado ÷ PIM × 100 in tenths of a percent */
export const rateTenths = (u: string) => {
  const r = totals.get(u);
  return r && r.pim > 0n ? div(r.devengado * 1000n, r.pim) : null;
};
/** soles ÷ inhabitants in céntimos */
export const perHead = (amount: bigint | undefined, u: string) => (amount === undefined ? null : div(amount * 100n, BigInt(population.get(u)!.total)));
export const devengadoPerHead = (u: string) => perHead(totals.get(u)?.devengado, u);
const median = (values: bigint[]) => {
  const s = [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const m = Math.floor(s.length / 2);
  return s.length === 0 ? null : s.length % 2 ? s[m] : div(s[m - 1] + s[m], 2n);
};
/** céntimos → "5406.85" */
export const soles = (cents: bigint | null) => (cents === null ? null : `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`);
/** tenths → 74.6 */
export const tenths = (v: bigint | null) => (v === null ? null : Number(v) / 10);

/** The standing of `u` on `measure` among `peers`: the peers' median, its rank (1 = highest, ties shared) of those with a value. */
export function expected<T>(u: string, peers: string[], measure: (u: string) => bigint | null, show: (v: bigint | null) => T) {
  const values = peers.flatMap((p) => {
    const v = measure(p);
    return v === null ? [] : [v];
  });
  const own = measure(u);
  return {
    value: show(own),
    median: show(median(values)),
    rank: own === null ? null : 1 + values.filter((v) => v > own).length,
    of: values.length + (own === null ? 0 : 1),
    peers: values.length,
    leftOut: peers.filter((p) => measure(p) === null),
  };
}

/** A province's (4 digits) or department's (2) municipalities, by ubigeo. */
export const within = (code: string) => municipalities.filter((m) => (code.length === 4 ? m.province_code : m.department_code) === code).map((m) => m.ubigeo);
/** An area's figure: its municipalities' added up, or null when any of them lacks it (never a partial sum). */
const added = (code: string, figure: (u: string) => bigint | null | undefined) => {
  let sum = 0n;
  for (const u of within(code)) {
    const v = figure(u);
    if (v === null || v === undefined) return null;
    sum += v;
  }
  return sum;
};
export const areaPopulation = (code: string) => added(code, (u) => (population.has(u) ? BigInt(population.get(u)!.total) : null));
/** The provinces of `code`'s department (`code` a province) or the departments (`code` a department) with half to double its population. */
export function areaPeersOf(code: string): string[] {
  const own = areaPopulation(code)!;
  const codes = [...new Set(municipalities.map((m) => (code.length === 4 ? m.province_code : m.department_code)))].sort();
  return codes
    .filter((c) => c !== code && c.startsWith(code.length === 4 ? code.slice(0, 2) : ''))
    .filter((c) => {
      const p = areaPopulation(c);
      return p !== null && p * 2n >= own && p <= own * 2n;
    });
}
/** The area's devengado ÷ PIM × 100 in tenths of a percent, from its municipalities' totals added up */
export const areaRateTenths = (code: string) => {
  const pim = added(code, (u) => totals.get(u)?.pim);
  const devengado = added(code, (u) => totals.get(u)?.devengado);
  return pim === null || devengado === null || pim === 0n ? null : div(devengado * 1000n, pim);
};
/** soles ÷ the area's inhabitants in céntimos */
const areaPerHead = (amount: bigint | null, code: string) => {
  const people = areaPopulation(code);
  return amount === null || people === null ? null : div(amount * 100n, people);
};
export const areaDevengadoPerHead = (code: string) =>
  areaPerHead(
    added(code, (u) => totals.get(u)?.devengado),
    code,
  );
/** The area's canon transferred per inhabitant, each municipality's transfers read by `canon`. */
export const areaCanonPerHead = (canon: (u: string) => bigint | undefined) => (code: string) => areaPerHead(added(code, canon), code);

/** Whole soles in the MEF files → céntimos. */
const centsOf = (amount: string) => BigInt(amount) * 100n;
const espinarRows = csv(ESPINAR_CANON);
const cuscoRows = csv(CUSCO_CANON).filter((r) => r.entity_type === 'MUNICIPALIDAD' && r.concept === 'total_rubro18');
/** A municipality's canon of `year` in the Espinar file (its own transfers) and in the Cusco entities file. */
const ownCanon = (u: string, year: number) => espinarRows.find((r) => r.ubigeo === u && r.anio === String(year))?.rubro18_recaudado_total;
const entityCanon = (u: string, year: number) => cuscoRows.find((r) => r.ubigeo === u && r.year === String(year))?.amount_soles;

/**
 * The canon a place (a municipality, a province or a department) received in `year`, as GET /canon/places, the
 * peers and the place page must all state it, worked out from the two MEF files: each municipality's own transfers
 * (the Espinar file) or, without them, its municipality row among Cusco's entities; a figure only when every
 * municipality of the place has one. `entities`: whether the Cusco entities file was imported.
 */
export function canonReceivedOf(code: string, year: number, entities = true, transfers = true) {
  const places = code.length === 6 ? [code] : within(code);
  let total = 0n;
  let fromTransfers = 0;
  let fromEntities = 0;
  const without: string[] = [];
  for (const u of places) {
    const own = transfers ? ownCanon(u, year) : undefined;
    const entity = entities ? entityCanon(u, year) : undefined;
    if (own !== undefined) fromTransfers++;
    else if (entity !== undefined) fromEntities++;
    else without.push(u);
    total += centsOf(own ?? entity ?? '0');
  }
  const complete = without.length === 0;
  return {
    municipalities: places.length,
    transferred: complete ? soles(total) : null,
    canonSource: !complete ? null : fromEntities === 0 ? 'transfers' : fromTransfers === 0 ? 'entities' : 'mixed',
    withTransfers: fromTransfers + fromEntities,
    fromTransfers,
    fromEntities,
    withoutTransfers: without.slice(0, 20),
  };
}
