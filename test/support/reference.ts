import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';

/** The MINAM population file the service seeds its reference tables from, read here on its own. */
export const POPULATION_CSV = 'data/reference/population.csv';

interface PopulationRow {
  ubigeo: string;
  year: string;
  total: string;
}

let rows: PopulationRow[] | undefined;
const populationRows = () => (rows ??= parse(readFileSync(POPULATION_CSV), { columns: true }) as PopulationRow[]);

/**
 * Inhabitants of a district in the file's year nearest to `year` (the later one on a tie): what the
 * service's per-capita figures must divide by, taken from the file rather than from its database.
 */
export function populationOf(ubigeo: string, year: number): number {
  const mine = populationRows().filter((r) => r.ubigeo === ubigeo);
  if (mine.length === 0) throw new Error(`${POPULATION_CSV} has no row for ${ubigeo}`);
  const distance = (r: PopulationRow) => Math.abs(Number(r.year) - year);
  const nearest = mine.reduce((a, r) => (distance(r) < distance(a) || (distance(r) === distance(a) && Number(r.year) > Number(a.year)) ? r : a));
  return Number(nearest.total);
}
