import type { ProblemText } from './message-types.js';

/**
 * Every problem a request can be answered with: key → HTTP status → message in Spanish (es-PE, the
 * default: the service's users are Peruvian planners) and English. The key is the problem's `code`,
 * or `CODE.variant` when one code has several messages (the part before the dot is the code).
 * Parameters are `{name}`; docs/ERRORS.md is generated from this table (src/i18n/errors-doc.ts).
 */
export const PROBLEMS = {
  // the framework's own errors (problem.filter.ts)
  BAD_REQUEST: { status: 400, es: 'La solicitud no es válida.', en: 'The request is not valid.' },
  INVALID_REQUEST: { status: 400, es: 'Los parámetros de la solicitud no son válidos.', en: 'The request parameters are invalid.' },
  'INVALID_REQUEST.yearAndRange': { status: 400, es: 'Indique year o fromYear/toYear, no ambos.', en: 'Give either year or fromYear/toYear, not both.' },
  'INVALID_REQUEST.onePlace': {
    status: 400,
    es: 'Indique un solo lugar: municipality, province o department.',
    en: 'Give exactly one place: municipality, province or department.',
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
  METHOD_NOT_ALLOWED: { status: 405, es: 'Este método no se admite aquí.', en: 'This method is not allowed here.' },
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
  'INVALID_JSON.text': {
    status: 400,
    es: 'El cuerpo contiene un sustituto suelto (como \\ud800 sin su par) o un carácter NUL (\\u0000): no es texto que se pueda guardar.',
    en: 'The body holds a lone surrogate (such as \\ud800 without its pair) or a NUL character (\\u0000): not text that can be stored.',
  },

  // access
  API_KEY_REQUIRED: { status: 401, es: 'Esto requiere una clave de API: envíela en X-API-Key.', en: 'This needs an API key: send it in X-API-Key.' },
  'API_KEY_REQUIRED.reads': {
    status: 401,
    es: 'Las consultas requieren una clave de API en este servidor: envíela en X-API-Key.',
    en: 'Reads need an API key on this server: send it in X-API-Key.',
  },
  API_KEY_INVALID: { status: 401, es: 'La X-API-Key no existe o fue revocada.', en: 'The X-API-Key is unknown or revoked.' },
  ROLE_NOT_ALLOWED: {
    status: 403,
    es: 'Una clave de rol {role} no puede hacer esto; se necesita {allowed}.',
    en: 'A {role} key cannot do this; it needs {allowed}.',
  },
  MUNICIPALITY_NOT_ALLOWED: {
    status: 403,
    es: 'Esta clave de planificador no puede escribir datos de {places}.',
    en: 'This planner key may not write for {places}.',
  },
  'MUNICIPALITY_NOT_ALLOWED.item': {
    status: 403,
    es: 'Esta clave de planificador no puede escribir este elemento.',
    en: 'This planner key may not write for this item.',
  },
  'MUNICIPALITY_NOT_ALLOWED.project': {
    status: 403,
    es: 'Esta clave de planificador no puede editar el proyecto {cui}: no tiene una línea presupuestal vigente ni una ubicación de registro en sus municipios.',
    en: 'This planner key may not edit project {cui}: it has no current budget line in, and no registry location in, its municipalities.',
  },
  RATE_LIMITED: {
    status: 429,
    es: 'Más de {limit} solicitudes por minuto desde esta dirección; vuelva a intentarlo en {seconds} s.',
    en: 'More than {limit} requests a minute from this address; retry in {seconds} s.',
  },
  'RATE_LIMITED.key': {
    status: 429,
    es: 'Más de {limit} solicitudes por minuto con esta clave; vuelva a intentarlo en {seconds} s.',
    en: 'More than {limit} requests a minute for this key; retry in {seconds} s.',
  },
  'RATE_LIMITED.unknownKeys': {
    status: 429,
    es: 'Más de {limit} claves desconocidas por minuto desde esta dirección; vuelva a intentarlo en {seconds} s.',
    en: 'More than {limit} unknown keys a minute from this address; retry in {seconds} s.',
  },
  KEY_NOT_FOUND: { status: 404, es: 'No existe la clave {id}.', en: 'There is no key {id}.' },
  INVALID_KEY_REQUEST: {
    status: 400,
    es: 'Una clave de planificador necesita los municipios en los que puede escribir.',
    en: 'A planner key needs the municipalities it may write.',
  },
  'INVALID_KEY_REQUEST.unknown': { status: 400, es: 'Algunos municipios no existen.', en: 'Some municipalities do not exist.' },
  LAST_ADMIN_KEY: {
    status: 409,
    es: 'Esta es la última clave de administrador; cree otra clave de administrador primero.',
    en: 'This is the last admin key; create another admin key first.',
  },

  // alerts and webhooks (src/alerts)
  SUBSCRIPTION_NOT_FOUND: { status: 404, es: 'Esta clave no tiene ninguna suscripción {id}.', en: 'This key has no subscription {id}.' },
  DELIVERY_NOT_FOUND: { status: 404, es: 'La suscripción {subscription} no tiene ningún envío {id}.', en: 'Subscription {subscription} has no delivery {id}.' },
  INVALID_PLACES: {
    status: 400,
    es: 'Estos lugares no existen: {places}. Un lugar es el código de un departamento (2 dígitos), una provincia (4) o un municipio (ubigeo, 6).',
    en: 'These places do not exist: {places}. A place is the code of a department (2 digits), a province (4) or a municipality (ubigeo, 6).',
  },
  INVALID_ALERT_RULE: {
    status: 400,
    es: 'La regla {kind} necesita {param}, un número de {min} a {max} con un decimal como máximo.',
    en: 'The rule {kind} needs {param}, a number from {min} to {max} with at most one decimal.',
  },
  'INVALID_ALERT_RULE.integer': {
    status: 400,
    es: 'La regla {kind} necesita {param}, un número entero de {min} a {max}.',
    en: 'The rule {kind} needs {param}, a whole number from {min} to {max}.',
  },
  'INVALID_ALERT_RULE.extra': { status: 400, es: 'La regla {kind} no usa {param}.', en: 'The rule {kind} does not use {param}.' },
  'INVALID_ALERT_RULE.twice': { status: 400, es: 'La regla {rule} aparece dos veces.', en: 'The rule {rule} is listed twice.' },
  WEBHOOK_URL_INVALID: {
    status: 400,
    es: 'webhookUrl debe ser una dirección http:// o https:// completa, sin espacios, de hasta 2000 caracteres.',
    en: 'webhookUrl must be a whole http:// or https:// address, without spaces, of up to 2000 characters.',
  },
  WEBHOOK_URL_REFUSED: {
    status: 400,
    es: 'webhookUrl lleva a {address}, una dirección privada, de loopback o link-local: este servidor no envía webhooks allí (WEBHOOK_ALLOW_PRIVATE).',
    en: 'webhookUrl leads to {address}, a private, loopback or link-local address: this server sends no webhooks there (WEBHOOK_ALLOW_PRIVATE).',
  },
  'WEBHOOK_URL_REFUSED.unresolved': {
    status: 400,
    es: 'El nombre {host} de webhookUrl no se pudo resolver.',
    en: 'The host name {host} of webhookUrl could not be resolved.',
  },
  WEBHOOK_URL_MISSING: {
    status: 409,
    es: 'La suscripción {id} no tiene webhookUrl: no hay a dónde enviar.',
    en: 'Subscription {id} has no webhookUrl: there is nowhere to send to.',
  },

  // reference data and analyses
  PLACE_NOT_FOUND: {
    status: 404,
    es: 'Ninguna provincia (4 dígitos) ni departamento (2) de la geografía de referencia tiene el código {code}.',
    en: 'No province (4 digits) or department (2) of the reference geography has the code {code}.',
  },
  MUNICIPALITY_NOT_FOUND: { status: 404, es: 'Ningún municipio tiene el ubigeo {ubigeo}.', en: 'No municipality has ubigeo {ubigeo}.' },
  PROJECT_NOT_FOUND: {
    status: 404,
    es: 'Ningún proyecto tiene el CUI {cui} en el registro ni en las líneas presupuestales.',
    en: 'No project has CUI {cui} in the registry or the budget lines.',
  },
  INVALID_PRIORITY: { status: 400, es: 'Prioridad {position}: "{code}" no es una dimensión.', en: 'Priority {position}: "{code}" is not a dimension.' },
  'INVALID_PRIORITY.function': {
    status: 400,
    es: 'Prioridad {position}: "{code}" no es un código de función.',
    en: 'Priority {position}: "{code}" is not a función code.',
  },
  'INVALID_PRIORITY.twice': {
    status: 400,
    es: 'Prioridad {position}: {level} {code} aparece dos veces.',
    en: 'Priority {position}: {level} {code} is listed twice.',
  },
  INVALID_RULE: { status: 400, es: 'Un código de {level} tiene {width} dígitos: "{code}".', en: 'A {level} code has {width} digits: "{code}".' },
  'INVALID_RULE.twice': { status: 400, es: 'Hay dos reglas para {level} {code}.', en: 'Two rules for {level} {code}.' },
  CLASSIFICATION_VERSION_NOT_FOUND: {
    status: 404,
    es: 'No existe la versión de clasificación {version}.',
    en: 'There is no classification version {version}.',
  },
  DETAIL_LEVEL_REQUIRED: {
    status: 400,
    es: 'Agrupar o filtrar por función, división, grupo, rubro, fuente o proyecto requiere las líneas presupuestales: use level=detail.',
    en: 'Grouping or filtering by función, división, grupo, rubro, fuente or project needs budget lines: use level=detail.',
  },

  // commitments and conflicts (src/commitments, src/conflicts)
  UNKNOWN_PLACE: {
    status: 400,
    es: 'Ningún departamento (2 dígitos), provincia (4) ni distrito (6) de la geografía de referencia tiene el código {places}.',
    en: 'No department (2 digits), province (4) or district (6) of the reference geography has the code {places}.',
  },
  UNKNOWN_PROJECT: {
    status: 400,
    es: 'Ningún proyecto tiene el CUI {cuis} en el registro de Invierte.pe ni en las líneas presupuestales vigentes: impórtelo primero.',
    en: 'No project has CUI {cuis} in the Invierte.pe registry or the current budget lines: import it first.',
  },
  COMMITMENT_NOT_FOUND: { status: 404, es: 'No existe el compromiso {id}.', en: 'There is no commitment {id}.' },
  COMMITMENT_ARCHIVED: {
    status: 409,
    es: 'El compromiso {id} está archivado: ya no se puede cambiar.',
    en: 'Commitment {id} is archived: it can no longer be changed.',
  },
  PROJECT_NOT_LINKED: { status: 404, es: 'El proyecto {cui} no está vinculado al compromiso {id}.', en: 'Project {cui} is not linked to commitment {id}.' },
  INVALID_COMMITMENT: {
    status: 400,
    es: 'El plazo ({deadline}) no puede ser anterior a la fecha del compromiso ({agreedOn}).',
    en: 'The deadline ({deadline}) cannot be before the day of the commitment ({agreedOn}).',
  },
  'INVALID_COMMITMENT.nothing': { status: 400, es: 'Indique al menos un campo que cambiar.', en: 'Give at least one field to change.' },

  // imports
  FILE_REQUIRED: { status: 400, es: 'Envíe la hoja de cálculo en el campo multipart "file".', en: 'Send the spreadsheet in the multipart field "file".' },
  INVALID_SNAPSHOT_DATE: { status: 400, es: 'snapshotDate debe ser una fecha real, no futura.', en: 'snapshotDate must be a real date, not in the future.' },
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
    es: 'El archivo no es UTF-8 válido después de sus primeros 64 KB; guárdelo de nuevo como UTF-8.',
    en: 'The file is not valid UTF-8 after its first 64 KB; save it again as UTF-8.',
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
