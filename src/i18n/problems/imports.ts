import type { ProblemText } from '../message-types.js';

/** Imports: the upload, the file and its layout (src/imports). */
export const IMPORT_PROBLEMS = {
  FILE_REQUIRED: { status: 400, es: 'Envíe la hoja de cálculo en el campo multipart "file".', en: 'Send the spreadsheet in the multipart field "file".' },
  INVALID_SNAPSHOT_DATE: {
    status: 400,
    es: 'snapshotDate debe ser una fecha real, desde el 1900-01-01 y no futura.',
    en: 'snapshotDate must be a real date, from 1900-01-01 and not in the future.',
  },
  IMPORT_NOT_FOUND: { status: 404, es: 'No existe la importación {id}.', en: 'There is no import {id}.' },
  IMPORT_NOT_ALLOWED: {
    status: 403,
    es: 'Esta clave no puede leer las filas de la importación {id}: solo pueden la clave que la subió, los administradores y los auditores.',
    en: 'This key may not read the rows of import {id}: only the key that uploaded it, admins and auditors may.',
  },
  IMPORT_REJECTED: {
    status: 422,
    es: 'El archivo tiene {count} problema(s) en {rows} fila(s); no se importó nada. Corríjalos y vuelva a subir el archivo, o envíe onError=skip para importar las filas válidas.',
    en: 'The file has {count} problem(s) in {rows} row(s); nothing was imported. Fix them and upload the file again, or send onError=skip to import the valid rows.',
  },
  'IMPORT_REJECTED.skip': {
    status: 422,
    es: 'El archivo tiene {count} problema(s) en {rows} fila(s); no se importó nada. Ninguna fila era válida.',
    en: 'The file has {count} problem(s) in {rows} row(s); nothing was imported. No row was valid.',
  },
  UNRECOGNIZED_LAYOUT: {
    status: 422,
    es: 'No se encontró una fila de encabezados de un formato conocido en las primeras {rows} filas. Se esperaba {expected}.',
    en: 'No header row of a known layout was found in the first {rows} rows. Expected {expected}.',
  },
  'UNRECOGNIZED_LAYOUT.closest': {
    status: 422,
    es: 'La fila {row} se parece a los encabezados de "{layout}", pero le faltan las columnas {missing}. {suggestions}',
    en: 'Row {row} looks like the header of "{layout}", but it lacks the columns {missing}. {suggestions}',
  },
  RUBRO_SCOPE_REQUIRED: {
    status: 422,
    es: 'El archivo no dice de qué rubro son sus líneas: agregue una columna rubro, envíe rubro= con la carga (p. ej. rubro=18 para canon) o indíquelo en una fila de título ("Rubro 18"); no se importó nada.',
    en: 'The file does not say which rubro its lines are of: add a rubro column, send rubro= with the upload (e.g. rubro=18 for canon) or state it in a title row ("Rubro 18"); nothing was imported.',
  },
  RUBRO_NOT_READ: {
    status: 400,
    es: 'El formato {format} no lee un rubro para todo el archivo: envíe rubro solo con budget-by-function.',
    en: 'The {format} layout reads no rubro for the whole file: send rubro only with budget-by-function.',
  },
  SNAPSHOT_DATE_REQUIRED: {
    status: 422,
    es: 'El archivo no dice a qué fecha de corte corresponden sus cifras (ni en una columna de corte, ni en un título sobre los encabezados, ni en su nombre como AAAA-MM-DD): indíquela con snapshotDate=AAAA-MM-DD. No se importó nada.',
    en: 'The file does not say the cut-off date of its figures (in a cut-off column, a title above the header or its name as YYYY-MM-DD): give it as snapshotDate=YYYY-MM-DD. Nothing was imported.',
  },
  EMPTY_FILE: { status: 422, es: 'El archivo no tiene filas.', en: 'The file has no rows.' },
  'EMPTY_FILE.bytes': { status: 422, es: 'El archivo está vacío.', en: 'The file is empty.' },
  NO_DATA_ROWS: {
    status: 422,
    es: 'El archivo tiene encabezados pero ninguna fila de datos; no se importó nada.',
    en: 'The file has a header but no data rows; nothing was imported.',
  },
  NO_MATCHING_ROWS: {
    status: 422,
    es: 'Ninguna de las {rows} filas del archivo era para importar (fuera de los filtros, de otro nivel de gobierno o ejemplos); no se importó nada.',
    en: "None of the file's {rows} rows was for import (outside the filters, of another level of government, or examples); nothing was imported.",
  },
  SHUTTING_DOWN: {
    status: 503,
    es: 'Esta instancia del servicio se está deteniendo; vuelva a subir el archivo en unos segundos.',
    en: 'This instance of the service is stopping; upload the file again in a few seconds.',
  },
  INTERRUPTED: {
    status: 503,
    es: 'El servicio se estaba deteniendo y deshizo la importación; no se conservó nada de ella. Vuelva a subir el archivo.',
    en: 'The service was stopping and rolled the import back; nothing of it was kept. Upload the file again.',
  },
  'INTERRUPTED.orphan': {
    status: 503,
    es: 'El servicio se detuvo durante la importación; no se conservó nada de ella. Vuelva a subir el archivo.',
    en: 'The service stopped during the import; nothing of it was kept. Upload the file again.',
  },
  'INTERRUPTED.attempts': {
    status: 503,
    es: 'La instancia del servicio que hacía la importación se detuvo {attempts} veces sin terminarla, y no se vuelve a intentar; no se conservó nada de ella. Revise el archivo (¿es demasiado grande para la memoria del servicio?) y vuelva a subirlo.',
    en: "The instance of the service running the import stopped {attempts} times before it ended, and it is not tried again; nothing of it was kept. Check the file (is it too large for the service's memory?) and upload it again.",
  },
  'INTERRUPTED.spoolGone': {
    status: 503,
    es: 'La instancia del servicio que hacía la importación se detuvo, y otra no encontró el archivo subido en la carpeta compartida (UPLOAD_SPOOL_DIR) para terminarla; no se conservó nada de ella. Vuelva a subir el archivo.',
    en: 'The instance of the service running the import stopped, and another did not find the uploaded file in the shared folder (UPLOAD_SPOOL_DIR) to finish it; nothing of it was kept. Upload the file again.',
  },
  UNSUPPORTED_FILE_TYPE: {
    status: 415,
    es: 'El archivo no es un libro .xlsx ni un CSV de texto.',
    en: 'The file is neither an .xlsx workbook nor a text CSV.',
  },
  'UNSUPPORTED_FILE_TYPE.xls': {
    status: 415,
    es: 'Este es un libro antiguo de Excel 97-2003 (.xls). Guárdelo como .xlsx o .csv y vuelva a subirlo.',
    en: 'This is an old Excel 97-2003 (.xls) workbook. Save it as .xlsx or .csv and upload it again.',
  },
  'UNSUPPORTED_FILE_TYPE.xlsb': {
    status: 415,
    es: 'Este es un libro binario de Excel (.xlsb). Guárdelo como .xlsx o .csv y vuelva a subirlo.',
    en: 'This is a binary Excel workbook (.xlsb). Save it as .xlsx or .csv and upload it again.',
  },
  'UNSUPPORTED_FILE_TYPE.xlsm': {
    status: 415,
    es: 'Este libro contiene macros (.xlsm). Guárdelo como .xlsx simple (o .csv) y vuelva a subirlo.',
    en: 'This workbook holds macros (.xlsm). Save it as a plain .xlsx (or .csv) and upload it again.',
  },
  INVALID_ENCODING: {
    status: 422,
    es: 'El archivo no es UTF-8 válido en la línea {line}, aunque su primer 1 MB sí lo era: esa parte parece guardada en Windows-1252 o Latin-1. Guarde el archivo entero como UTF-8.',
    en: 'The file is not valid UTF-8 at line {line}, although its first 1 MB was: that part looks saved as Windows-1252 or Latin-1. Save the whole file as UTF-8.',
  },
  BINARY_CONTENT: { status: 422, es: 'El archivo contiene bytes NUL: no es un CSV de texto.', en: 'The file contains NUL bytes: it is not a text CSV.' },
  MALFORMED_CSV: { status: 422, es: 'No se puede leer el CSV: {reason} (línea {line}).', en: 'The CSV cannot be read: {reason} (line {line}).' },
  INVALID_XLSX: {
    status: 422,
    es: 'No se puede leer el libro: está dañado o no es un .xlsx real.',
    en: 'The workbook cannot be read: it is damaged or not a real .xlsx file.',
  },
  'INVALID_XLSX.encrypted': {
    status: 422,
    es: 'El libro está cifrado; guárdelo sin contraseña y vuelva a subirlo.',
    en: 'The workbook is encrypted; save it without a password and upload it again.',
  },
  'INVALID_XLSX.doctype': {
    status: 422,
    es: 'El libro tiene XML con una declaración de tipo de documento (DOCTYPE), que nunca se acepta.',
    en: 'The workbook has XML with a document type declaration (DOCTYPE), which is never accepted.',
  },
  NO_WORKSHEET: { status: 422, es: 'El libro no tiene ninguna hoja que se pueda leer.', en: 'The workbook has no worksheet that can be read.' },
  ZIP_STRUCTURE_MISMATCH: {
    status: 422,
    es: 'Las entradas zip del libro no coinciden con su índice (una entrada oculta o descrita de dos maneras); no se leyó nada.',
    en: "The workbook's zip entries do not match its table of contents (an entry hidden from it, or described two ways); nothing was read.",
  },
  XLSX_TOO_LARGE: {
    status: 413,
    es: 'El libro se descomprime en mucho más que su tamaño (¿una bomba zip?) o supera los límites; no se leyó nada.',
    en: 'The workbook unpacks to far more than its size (a zip bomb?) or past the limits; nothing was read.',
  },
  'XLSX_TOO_LARGE.parts': {
    status: 413,
    es: 'El libro tiene {count} partes; se leen como máximo {max}.',
    en: 'The workbook has {count} parts; at most {max} are read.',
  },
  JSON_TOO_LARGE: {
    status: 413,
    es: 'Un documento JSON se lee entero: se aceptan hasta {mb} MB.',
    en: 'A JSON document is read whole: up to {mb} MB are accepted.',
  },
  'INVALID_ENCODING.json': {
    status: 422,
    es: 'El documento JSON no es UTF-8 válido; guárdelo de nuevo como UTF-8.',
    en: 'The JSON document is not valid UTF-8; save it again as UTF-8.',
  },
  MALFORMED_JSON: {
    status: 422,
    es: 'El archivo empieza como JSON pero no es JSON válido (línea {line}, columna {column}); no se importó nada.',
    en: 'The file starts as JSON but is not valid JSON (line {line}, column {column}); nothing was imported.',
  },
  'MALFORMED_JSON.tooDeep': {
    status: 422,
    es: 'El documento JSON anida objetos o listas en más de {max} niveles; no se importó nada.',
    en: 'The JSON document nests objects or arrays more than {max} levels deep; nothing was imported.',
  },
  'MALFORMED_JSON.text': {
    status: 422,
    es: 'El documento JSON contiene un sustituto suelto (como \\ud800 sin su par) o un carácter NUL (\\u0000): no es texto que se pueda guardar; no se importó nada.',
    en: 'The JSON document holds a lone surrogate (such as \\ud800 without its pair) or a NUL character (\\u0000): not text that can be stored; nothing was imported.',
  },
  UNRECOGNIZED_JSON: {
    status: 422,
    es: 'El documento JSON no tiene la forma de ningún formato conocido. Se esperaba {expected}.',
    en: 'The JSON document does not have the shape of any known layout. Expected {expected}.',
  },
  SHARED_STRINGS_TOO_LARGE: {
    status: 413,
    es: 'Las cadenas compartidas del libro superan lo que se lee (como máximo {strings} cadenas y {mb} MB); no se leyó nada. Guarde la hoja como CSV y suba ese archivo.',
    en: "The workbook's shared strings are more than are read (at most {strings} strings and {mb} MB); nothing was read. Save the sheet as CSV and upload that instead.",
  },
} as const satisfies Record<string, ProblemText>;
