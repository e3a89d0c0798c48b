import type { ProblemText } from '../message-types.js';

/** Any request's problems: the framework's own errors (src/common/problem.filter.ts), the query's shape, prices, the database and the body. */
export const REQUEST_PROBLEMS = {
  BAD_REQUEST: { status: 400, es: 'La solicitud no es válida.', en: 'The request is not valid.' },
  INVALID_REQUEST: { status: 400, es: 'Los parámetros de la solicitud no son válidos.', en: 'The request parameters are invalid.' },
  'INVALID_REQUEST.yearAndRange': { status: 400, es: 'Indique year o fromYear/toYear, no ambos.', en: 'Give either year or fromYear/toYear, not both.' },
  'INVALID_REQUEST.onePlace': {
    status: 400,
    es: 'Indique un solo lugar: municipality, province o department.',
    en: 'Give exactly one place: municipality, province or department.',
  },
  'INVALID_REQUEST.text': {
    status: 400,
    es: 'El parámetro {parameter} contiene un carácter NUL (%00) o un sustituto suelto: no es texto que se pueda buscar ni guardar.',
    en: 'The parameter {parameter} holds a NUL character (%00) or a lone surrogate: not text that can be searched or stored.',
  },
  'INVALID_REQUEST.encoding': {
    status: 400,
    es: 'La dirección tiene un escape % mal formado (como %FF o un % suelto): escriba % como %25 y el texto en UTF-8.',
    en: 'The address holds a broken %-escape (such as %FF or a lone %): write % as %25 and text in UTF-8.',
  },
  'INVALID_REQUEST.department': {
    status: 400,
    es: 'department debe ser un código de 2 dígitos, como 08.',
    en: 'department must be a 2-digit code such as 08.',
  },
  'INVALID_REQUEST.producingYear': {
    status: 400,
    es: 'year debe ser un año de 1999 a 2100, como 2024.',
    en: 'year must be a year from 1999 to 2100, such as 2024.',
  },
  'INVALID_REQUEST.rangeOrder': { status: 400, es: 'fromYear no puede ser posterior a toYear.', en: 'fromYear must not be after toYear.' },
  'INVALID_REQUEST.periodsAndYears': {
    status: 400,
    es: 'Indique periods o year/fromYear/toYear, no ambos.',
    en: 'Give either periods or year/fromYear/toYear, not both.',
  },
  'INVALID_REQUEST.periodOrder': { status: 400, es: 'El periodo {label} termina antes de empezar.', en: 'The period {label} ends before it starts.' },
  'INVALID_REQUEST.periodRange': { status: 400, es: 'El periodo {label} está fuera de 1999-2100.', en: 'The period {label} is outside 1999-2100.' },
  'INVALID_REQUEST.pricesBase': {
    status: 400,
    es: 'prices=constant necesita base=AAAA (el año en cuyos soles se expresan los montos); base va solo con prices=constant.',
    en: 'prices=constant needs base=YYYY (the year whose soles the amounts are expressed in); base goes only with prices=constant.',
  },
  PRICE_INDEX_MISSING: {
    status: 422,
    es: 'No hay índice de precios para {years}: a soles constantes se necesita el promedio de los 12 meses de la serie {series} de cada año, y esos años no los tienen completos. Pida otros años o importe la serie actualizada del BCRP.',
    en: 'There is no price index for {years}: constant soles need the average of the 12 months of the series {series} for each year, and those years do not have them all. Ask for other years or import the updated BCRP series.',
  },
  PRICES_NEED_ONE_YEAR: {
    status: 400,
    es: 'A soles constantes cada monto se convierte con el índice de su año, y esta respuesta tiene montos que suman varios años ({where}). Pida un solo año (year=AAAA), o, en los análisis, periodos de un año cada uno (periods=2015,2024).',
    en: 'In constant soles each amount is converted with the index of its year, and this answer has amounts that add up several years ({where}). Ask for one year (year=YYYY) or, in the analyses, periods of one year each (periods=2015,2024).',
  },
  'INVALID_REQUEST.table': { status: 400, es: 'No hay ninguna tabla llamada {name}.', en: 'No table named {name}.' },
  UNAUTHORIZED: { status: 401, es: 'Se necesita autenticación.', en: 'Authentication is required.' },
  FORBIDDEN: { status: 403, es: 'No tiene permiso para hacer esto.', en: 'You may not do this.' },
  NOT_FOUND: { status: 404, es: 'No existe {method} {path}.', en: 'There is no {method} {path}.' },
  'NOT_FOUND.analysis': { status: 404, es: 'No hay ningún análisis llamado {name}.', en: 'There is no analysis named {name}.' },
  METHOD_NOT_ALLOWED: {
    status: 405,
    es: '{path} no admite {method}: admite {allow} (cabecera Allow).',
    en: '{path} does not take {method}: it takes {allow} (Allow header).',
  },
  CONFLICT: { status: 409, es: 'La solicitud choca con el estado actual de los datos.', en: 'The request conflicts with the current state of the data.' },
  PAYLOAD_TOO_LARGE: { status: 413, es: 'La solicitud es demasiado grande.', en: 'The request is too large.' },
  FILE_TOO_LARGE: {
    status: 413,
    es: 'El archivo supera el tamaño máximo de carga (MAX_UPLOAD_MB).',
    en: 'The file is larger than the upload limit (MAX_UPLOAD_MB).',
  },
  MALFORMED_UPLOAD: {
    status: 400,
    es: 'La carga multipart está mal formada: envíe el archivo en el campo "file".',
    en: 'The multipart upload is malformed: send the file in the field "file".',
  },
  'MALFORMED_UPLOAD.oneFile': {
    status: 400,
    es: 'Envíe un solo archivo, en el campo multipart "file" (la carga trae más de uno, o uno en otro campo).',
    en: 'Send one file, in the multipart field "file" (the upload holds more than one, or one in another field).',
  },
  'MALFORMED_UPLOAD.tooManyFields': {
    status: 400,
    es: 'La carga trae más campos de los que se aceptan: envíe el archivo en "file" y solo las opciones documentadas (snapshotDate, format, department, province, municipality, rubro, dryRun, onError, background).',
    en: 'The upload holds more fields than accepted: send the file in "file" and only the documented options (snapshotDate, format, department, province, municipality, rubro, dryRun, onError, background).',
  },
  'MALFORMED_UPLOAD.fieldTooLong': {
    status: 400,
    es: 'Un campo de la carga pasa de 1.024 caracteres: las opciones son códigos y fechas cortas.',
    en: 'A field of the upload is over 1,024 characters: the options are short codes and dates.',
  },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, es: 'Este tipo de contenido no se admite.', en: 'This content type is not supported.' },
  UNPROCESSABLE_ENTITY: { status: 422, es: 'La solicitud no se puede procesar.', en: 'The request cannot be processed.' },
  TOO_MANY_REQUESTS: { status: 429, es: 'Demasiadas solicitudes; vuelva a intentarlo en unos segundos.', en: 'Too many requests; retry in a few seconds.' },
  SERVICE_UNAVAILABLE: {
    status: 503,
    es: 'El servicio no está disponible; vuelva a intentarlo en unos segundos.',
    en: 'The service is unavailable; retry in a few seconds.',
  },
  HTTP_ERROR: { status: 400, es: 'La solicitud no se pudo atender.', en: 'The request could not be served.' },
  INTERNAL_ERROR: { status: 500, es: 'Ocurrió un error inesperado; quedó registrado.', en: 'An unexpected error occurred; it has been logged.' },
  'INTERNAL_ERROR.import': {
    status: 500,
    es: 'Un error inesperado detuvo la importación; no se conservó nada de ella.',
    en: 'An unexpected error stopped the import; nothing of it was kept.',
  },
  QUERY_TIMEOUT: {
    status: 503,
    es: 'La consulta tardó más de lo que este servicio permite a una sentencia de base de datos (DB_READ_TIMEOUT_MS) y se canceló: la base de datos está ocupada o la selección es demasiado grande. Vuelva a intentarlo más tarde o pida una selección más pequeña.',
    en: 'The request took longer than this service allows a database statement (DB_READ_TIMEOUT_MS) and was cancelled: the database is busy, or the selection is too large. Retry later or ask for a smaller selection.',
  },
  DATABASE_BUSY: {
    status: 503,
    es: 'Todas las conexiones a la base de datos están ocupadas; vuelva a intentarlo en unos segundos.',
    en: 'Every database connection is busy; retry in a few seconds.',
  },
  'DATABASE_BUSY.queue': {
    status: 503,
    es: 'Hay más solicitudes esperando una conexión a la base de datos de las que esta instancia tiene; envíe el tráfico a otra por ahora.',
    en: 'More requests are waiting for a database connection than this instance has; send traffic elsewhere for now.',
  },
  HEADERS_TOO_LARGE: {
    status: 431,
    es: 'Las cabeceras o la dirección de la solicitud superan los 16 KB que este servicio lee; acórtelas (p. ej. menos parámetros).',
    en: 'The request’s headers or address are over the 16 KB this service reads; shorten them (e.g. fewer parameters).',
  },
  CHUNK_EXTENSIONS_TOO_LARGE: {
    status: 413,
    es: 'Las extensiones de los fragmentos (chunks) de la solicitud superan lo que este servicio lee.',
    en: 'The request’s chunk extensions are over what this service reads.',
  },
  REQUEST_TIMEOUT: {
    status: 408,
    es: 'La solicitud no terminó de llegar a tiempo; vuelva a enviarla.',
    en: 'The request did not arrive in time; send it again.',
  },
  MALFORMED_REQUEST: { status: 400, es: 'La solicitud HTTP está mal formada.', en: 'The HTTP request is malformed.' },
  MIGRATIONS_RUNNING: {
    status: 503,
    es: 'Una instancia está migrando la base de datos; volverá a estar lista cuando termine.',
    en: 'An instance is migrating the database; ready again once it has finished.',
  },
  DATABASE_UNAVAILABLE: {
    status: 503,
    es: 'La base de datos no está disponible en este momento; vuelva a intentarlo en unos segundos.',
    en: 'The database is not reachable right now; retry in a few seconds.',
  },
  EXPORTS_BUSY: {
    status: 503,
    es: 'Se están generando {running} exportaciones y {waiting} esperan su turno; vuelva a intentarlo en unos segundos.',
    en: '{running} exports are being written and {waiting} wait for their turn; retry in a few seconds.',
  },
  WIDE_READS_BUSY: {
    status: 503,
    es: 'Se están respondiendo {running} consultas de todo el país y {waiting} esperan su turno; vuelva a intentarlo en unos segundos, o consulte un departamento.',
    en: '{running} country-wide reads are running and {waiting} wait for their turn; retry in a few seconds, or ask for one department.',
  },
  BODY_TOO_DEEP: {
    status: 400,
    es: 'El cuerpo anida objetos o listas en más de {max} niveles.',
    en: 'The body nests objects or arrays more than {max} levels deep.',
  },
  INVALID_JSON: { status: 400, es: 'El cuerpo no es JSON válido.', en: 'The body is not valid JSON.' },
  'INVALID_JSON.key': {
    status: 400,
    es: 'El cuerpo trae la propiedad {key}, que ninguna solicitud admite.',
    en: 'The body holds the property {key}, which no request takes.',
  },
  BODY_TOO_LARGE: {
    status: 413,
    es: 'El cuerpo JSON supera {max}: las reglas, prioridades y claves caben de sobra; los archivos se suben como multipart (campo "file").',
    en: 'The JSON body is over {max}: rules, priorities and keys fit with room to spare; files are uploaded as multipart (field "file").',
  },
  'INVALID_JSON.text': {
    status: 400,
    es: 'El cuerpo contiene un sustituto suelto (como \\ud800 sin su par) o un carácter NUL (\\u0000): no es texto que se pueda guardar.',
    en: 'The body holds a lone surrogate (such as \\ud800 without its pair) or a NUL character (\\u0000): not text that can be stored.',
  },
} as const satisfies Record<string, ProblemText>;
