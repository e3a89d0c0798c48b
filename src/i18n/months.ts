import type { Lang } from './messages.js';

const NAMES: Record<Lang, string[]> = {
  es: ['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'setiembre', 'octubre', 'noviembre', 'diciembre'],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
};

/** A month's name (1-12), in Spanish as MEF's portals write a cut ("setiembre"). */
export function monthName(month: number, lang: Lang): string {
  return NAMES[lang][month - 1] ?? String(month);
}
