import type { Parsed } from './amount.js';

/**
 * Consulta Amigable writes each level of the geography as "code: NAME":
 *   "08: CUSCO", "0808: ESPINAR", "080801-300740: MUNICIPALIDAD PROVINCIAL DE ESPINAR".
 * Older files can drop leading zeros ("8: CUSCO", "80801-300740: ..."); the codes are padded back,
 * never read as numbers.
 */
export interface CodeLabel {
  code: string;
  name: string;
}

export interface MunicipalityLabel {
  ubigeo: string;
  secEjec: number;
  name: string;
}

const LABEL = /^\s*(\d+)\s*[:.]\s*(\S.*?)\s*$/;
const MUNICIPALITY = /^\s*(\d{5,6})\s*-\s*(\d{1,9})\s*:\s*(\S.*?)\s*$/;

export function parseCodeLabel(input: unknown, width: 2 | 4): Parsed<CodeLabel> {
  const text = typeof input === 'number' ? String(input) : input;
  if (typeof text !== 'string' || text.trim() === '') return { ok: false, code: 'MISSING_VALUE', message: 'the label is empty' };
  const m = LABEL.exec(text);
  if (!m || m[1].length > width || m[1].length < width - 1) {
    return { ok: false, code: 'INVALID_LABEL', message: `expected "${'0'.repeat(width)}: NAME"` };
  }
  return { ok: true, value: { code: m[1].padStart(width, '0'), name: m[2] } };
}

export function parseMunicipalityLabel(input: unknown): Parsed<MunicipalityLabel> {
  if (typeof input !== 'string' || input.trim() === '') return { ok: false, code: 'MISSING_VALUE', message: 'the municipality is empty' };
  const m = MUNICIPALITY.exec(input);
  if (!m) {
    return { ok: false, code: 'INVALID_LABEL', message: 'expected "UBIGEO-SEC_EJEC: NAME", e.g. "080801-300740: MUNICIPALIDAD PROVINCIAL DE ESPINAR"' };
  }
  return { ok: true, value: { ubigeo: m[1].padStart(6, '0'), secEjec: Number(m[2]), name: m[3] } };
}
