import type { Lang } from './messages.js';

/**
 * The details of an INVALID_REQUEST (class-validator's messages and the DTOs' own, written in English, each
 * "<property> <what is wrong>") in Spanish. A message no rule words is kept as it is.
 */
const WHOLE: readonly (readonly [RegExp, string])[] = [
  [/^property (\S+) should not exist$/, '$1 no se admite aquí'],
  [/^nested property (\S+) must be either object or array$/, '$1 debe ser un objeto o una lista'],
  [/^All (\S+)'s elements must be unique$/, 'los elementos de $1 deben ser distintos'],
];

/** What follows the property's name. */
const WHAT: readonly (readonly [RegExp, string])[] = [
  [/^must be an integer number$/, 'debe ser un número entero'],
  [/^must not be less than (\S+)$/, 'no puede ser menor que $1'],
  [/^must not be greater than (\S+)$/, 'no puede ser mayor que $1'],
  [/^must be one of the following values: (.*)$/, 'debe ser uno de estos valores: $1'],
  [/^must be a string$/, 'debe ser un texto'],
  [/^must be a boolean value$/, 'debe ser true o false'],
  [/^must be an array$/, 'debe ser una lista'],
  [/^must be an object$/, 'debe ser un objeto'],
  [/^must be shorter than or equal to (\d+) characters$/, 'debe tener como máximo $1 caracteres'],
  [/^must be longer than or equal to (\d+) characters$/, 'debe tener al menos $1 caracteres'],
  [/^must contain no more than (\d+) elements$/, 'debe tener como máximo $1 elementos'],
  [/^must contain at least (\d+) elements$/, 'debe tener al menos $1 elementos'],
  [/^should not be null or undefined$/, 'es obligatorio'],
  [/^must match (.+) regular expression$/, 'no tiene la forma esperada ($1)'],
  [/^must be a whole number \(an id\), such as (\S+)$/, 'debe ser un número entero (un id), como $1'],
  [
    /^must be a real calendar date as YYYY-MM-DD from (\S+) to (\S+), such as (\S+)$/,
    'debe ser una fecha real del calendario, AAAA-MM-DD, del $1 al $2, como $3',
  ],
  [/^must be a real calendar date as YYYY-MM-DD, such as (\S+)$/, 'debe ser una fecha real del calendario, AAAA-MM-DD, como $1'],
  [/^must be an ISO 8601 date or date-time such as (\S+) or (\S+)$/, 'debe ser una fecha o una fecha y hora ISO 8601, como $1 o $2'],
  [/^must be a date as YYYY-MM-DD$/, 'debe ser una fecha AAAA-MM-DD'],
  [/^must hold at least one visible character, not only spaces$/, 'debe tener al menos un carácter visible, no solo espacios'],
  [/^must not hold control characters \(tabs and line breaks are fine\)$/, 'no puede tener caracteres de control (las tabulaciones y los saltos de línea sí)'],
  [/^must be a (\d)-digit code such as (\S+)$/, 'debe ser un código de $1 dígitos, como $2'],
  [
    /^must be a 6-digit ubigeo such as (\S+), or a comma-separated list of them$/,
    'debe ser un ubigeo de 6 dígitos, como $1, o una lista de ellos separados por comas',
  ],
  [/^must be a 6-digit ubigeo such as (\S+)$/, 'debe ser un ubigeo de 6 dígitos, como $1'],
  [/^must be one or more 6-digit ubigeos separated by commas$/, 'debe ser uno o más ubigeos de 6 dígitos separados por comas'],
  [
    /^must be a department \(2 digits\), province \(4\) or (?:district|municipality) \(6\) code, such as (\S+)$/,
    'debe ser un código de departamento (2 dígitos), provincia (4) o distrito (6), como $1',
  ],
  [
    /^must be a department \(2 digits\), province \(4\) or (?:district|municipality) \(6\) code$/,
    'debe ser un código de departamento (2 dígitos), provincia (4) o distrito (6)',
  ],
  [/^must be a CUI of 5 to 12 digits, such as (\S+)$/, 'debe ser un CUI de 5 a 12 dígitos, como $1'],
  [/^must be an http or https link$/, 'debe ser un enlace http o https'],
  [/^must be a short name such as (\S+)$/, 'debe ser un nombre corto, como $1'],
  [/^must be a numeric code$/, 'debe ser un código numérico'],
  [
    /^must be soles as a decimal string with at most two decimals, such as "(.*)"$/,
    'debe ser un monto en soles escrito como texto decimal con dos decimales como máximo, como "$1"',
  ],
  [/^must be an ECLAC dimension or a 2-digit función$/, 'debe ser una dimensión de la CEPAL o una función de 2 dígitos'],
  [/^must be years or year ranges separated by commas, such as (\S+)$/, 'debe ser años o rangos de años separados por comas, como $1'],
];

/** One detail of an INVALID_REQUEST in `lang`. */
export function localizedDetail(detail: string, lang: Lang): string {
  if (lang === 'en') return detail;
  for (const [en, es] of WHOLE) if (en.test(detail)) return detail.replace(en, es);
  const m = /^(each value in |each )?(\S+) (.+)$/s.exec(detail);
  if (!m) return detail;
  const [, each, property, what] = m;
  for (const [en, es] of WHAT) if (en.test(what)) return `${each ? `cada valor de ${property}` : property} ${what.replace(en, es)}`;
  return detail;
}
