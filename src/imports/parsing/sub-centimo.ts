import { fromCents } from '../../common/decimal.js';
import { parseAmount, type Parsed } from './amount.js';

/**
 * An amount as parseAmount reads it, except that a plain number with three to six decimals
 * ("191795.258": some viable amounts of MEF's SSI and Invierte.pe exports) is held rounded half away
 * from zero to the céntimo, and the rounding noted in `rounded` for the import's warning: the exact
 * text stays in the source file, and the tracker's money stays in céntimos.
 */
export function amountToCentimo(text: string, rounded: string[], label: string, row: number): Parsed<string> {
  const parsed = parseAmount(text);
  const m = /^(-?)(\d{1,16})\.(\d{3,6})$/.exec(text);
  if (parsed.ok || parsed.code !== 'TOO_MANY_DECIMALS' || !m) return parsed;
  const cents = BigInt(m[2] + m[3].slice(0, 2)) + (Number(m[3][2]) >= 5 ? 1n : 0n);
  const value = fromCents(m[1] === '-' ? -cents : cents);
  rounded.push(`${label} ${text} → ${value} (row ${row})`);
  return { ok: true, value };
}
