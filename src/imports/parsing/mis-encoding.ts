/**
 * Text that looks mis-encoded at its source, to be reported, never repaired: which letter was lost is a
 * guess ("ICHU?A" is very likely Ichuña, but the file does not say so).
 *   "ICHU?A"             a letter replaced by "?" (a non-Latin-1 export of an accented name)
 *   "INALÃ\u0081MBRICA"  UTF-8 read as Latin-1 ("Á" → "Ã" + a control character)
 *   "NÂ 16", "NÂº"       the same for "N°", "Nº"
 *   "\uFFFD"             the Unicode replacement character
 */
const PATTERN = /[A-Za-zÀ-ÿ]\?[A-Za-zÀ-ÿ]|Ã[\u0080-\u00BF]|Â[\u0080-\u00BF\s]|\uFFFD/;

export function looksMisEncoded(text: string): boolean {
  return PATTERN.test(text);
}

/** The note an import's warning gives of one such value: its column and its text, cut short. */
export function misEncodedNote(column: string, text: string): string {
  const shown = text.length > 60 ? `${text.slice(0, 60)}…` : text;
  return `${column} "${shown}"`;
}
