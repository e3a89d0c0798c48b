import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The real exports bundled with the project (copied from MEF's Consulta Amigable portal). */
export const DEMO = {
  csv2015: join('data', 'demo', 'consulta_amigable_gasto_municipalidades_2015-2025_snap2025-02-13.csv'),
  xlsx2015: join('data', 'demo', 'consulta_amigable_gasto_municipalidades_2015-2025_snap2025-02-13.xlsx'),
  csv2024: join('data', 'demo', 'consulta_amigable_gasto_municipalidades_2024-2025_snap2025-05-18.csv'),
  xlsx2024: join('data', 'demo', 'consulta_amigable_gasto_municipalidades_2024-2025_snap2025-05-18.xlsx'),
};

export interface FileRow {
  line: number;
  year: number;
  ubigeo: string;
  pia: bigint;
  pim: bigint;
  devengado: bigint;
  girado: bigint;
  avance: string;
}

/**
 * An independent reading of a Consulta Amigable CSV for checking the service: a plain split of each
 * line on commas outside quotes, amounts as whole soles ("159,642,613" → 159642613n).
 */
export function readConsultaCsv(path: string): FileRow[] {
  const lines = readFileSync(path, 'utf8')
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter(Boolean);
  return lines.slice(1).map((line, i) => {
    const cells = line.match(/("[^"]*"|[^,]*)(,|$)/g)!.map((c) => c.replace(/,$/, '').replace(/^"|"$/g, ''));
    const soles = (s: string) => BigInt(s.replace(/,/g, ''));
    return {
      line: i + 2,
      year: Number(cells[0]),
      ubigeo: cells[3].slice(0, 6),
      pia: soles(cells[4]),
      pim: soles(cells[5]),
      devengado: soles(cells[9]),
      girado: soles(cells[10]),
      avance: cells[11],
    };
  });
}

/** 123n → "123.00": how the API writes a whole number of soles. */
export const solesText = (n: bigint): string => `${n}.00`;
