import type { MessageText } from './message-types.js';

/**
 * What looks wrong in an upload without stopping it: the import goes on and lists each with its row and
 * column (the import record's `rowWarnings`, and errors.csv with severity `warning`). Part of ROW_PROBLEMS.
 */
export const ROW_WARNINGS = {
  DEVENGADO_OVER_PIM: {
    es: 'el devengado ({devengado}) supera el PIM ({pim}); la fila se importó tal como está',
    en: 'the devengado ({devengado}) is over the PIM ({pim}); the row was imported as it is',
  },
  CERTIFICADO_OVER_PIM: {
    es: 'la certificación ({certificacion}) supera el PIM ({pim}); la fila se importó tal como está',
    en: 'the certificación ({certificacion}) is over the PIM ({pim}); the row was imported as it is',
  },
  'UNKNOWN_CLASSIFIER.function': {
    es: 'la función {code} no está en el clasificador funcional (01 a 25)',
    en: 'función {code} is not in the functional classifier (01 to 25)',
  },
  'UNKNOWN_CLASSIFIER.rubro': {
    es: 'el rubro {code} no está en el clasificador de rubros ({known})',
    en: 'rubro {code} is not in the rubro classifier ({known})',
  },
  'UNKNOWN_CLASSIFIER.fuente': {
    es: 'la fuente de financiamiento {code} no está en el clasificador ({known})',
    en: 'fuente de financiamiento {code} is not in the classifier ({known})',
  },
  'UNKNOWN_CLASSIFIER.division': {
    es: 'la división funcional {code} no aparece en ninguna línea de presupuesto vigente ({known} divisiones conocidas): revise el código',
    en: 'división funcional {code} appears in no current budget line ({known} divisions known): check the code',
  },
  'UNKNOWN_CLASSIFIER.group': {
    es: 'el grupo funcional {code} no aparece en ninguna línea de presupuesto vigente ({known} grupos conocidos): revise el código',
    en: 'grupo funcional {code} appears in no current budget line ({known} groups known): check the code',
  },
  IGNORED_COLUMN: { es: 'la columna "{column}" no es de "{layout}": se ignoró', en: 'the column "{column}" is not one of "{layout}": it was ignored' },
  REPEATED_CUI: {
    es: 'el CUI {cui} ya aparece en la fila {first}: se conservan el nombre, el costo y los datos de la fila {first} (la primera del archivo gana) y se añade el distrito de esta fila',
    en: 'CUI {cui} already appears in row {first}: the name, cost and details of row {first} are kept (the first row of the file wins) and this row adds its district',
  },
} as const satisfies Record<string, MessageText>;

/**
 * Every problem one row or cell of an upload can have (the `errors` of IMPORT_REJECTED, of an import
 * record and of errors.csv): key → message in Spanish (es-PE) and English. As in problems.ts, the key
 * is the row error's `code`, or `CODE.variant`.
 */
/**
 * What an import says of the file as a whole, without stopping it (the import record's `warnings`). Stored in
 * English as they are written (say()), and worded in the reader's language when read: recognize() finds the
 * key and parameters from the English text, for records written before these keys as well.
 */
export const IMPORT_NOTES = {
  'IMPORT_NOTE.learnedMunicipalities': {
    es: '{count} código(s) de municipalidad no están en la geografía 2025 del INEI y se agregaron con los nombres del archivo: {ubigeos}',
    en: "{count} municipality code(s) are not in INEI's 2025 geography and were added from the file's labels: {ubigeos}",
  },
  'IMPORT_NOTE.functionGrain': {
    es: 'Líneas al nivel de función del rubro {rubros}, sin PIA: los análisis las leen para un periodo sin líneas de presupuesto y dicen lo que dejan fuera.',
    en: 'Lines at función grain of rubro {rubros}, without PIA: analyses read them for a period without budget lines, and say what they leave out.',
  },
  'IMPORT_NOTE.rubroFromFile': {
    es: 'El rubro ({code}) de las filas sin columna de rubro se leyó de los títulos o del nombre del archivo; indique rubro= al subirlo si no es ese.',
    en: "The rubro ({code}) of rows without a rubro column was read from the file's title rows or name; give rubro= with the upload if it is not that.",
  },
  'IMPORT_NOTE.rounded': {
    es: '{count} monto(s) tienen más de dos decimales en la fuente y se guardan redondeados al céntimo: {examples}.',
    en: '{count} amount(s) have more than two decimals in the source and are held rounded to the céntimo: {examples}.',
  },
  'IMPORT_NOTE.historyOnly': {
    es: '{count} fila(s) quedan solo como historia: sus municipios y años ya tienen un corte posterior (hasta el {date}), que sigue vigente.',
    en: '{count} row(s) are kept as history only: their municipality-years already have a later cut-off (up to {date}), which stays current.',
  },
  'IMPORT_NOTE.historyOnlyLines': {
    es: 'Las líneas de {count} municipio(s)-año quedan solo como historia: ya tienen líneas de un corte posterior (hasta el {date}), que siguen vigentes.',
    en: 'The lines of {count} municipality-year(s) are kept as history only: they already have lines of a later cut-off (up to {date}), which stay current.',
  },
  'IMPORT_NOTE.unplaced': {
    es:
      '{count} inversión(es) no tienen municipalidad conocida y no figuran en ningún lugar: ningún registro ni línea de presupuesto vigente tiene su CUI, ' +
      'y el nombre de ninguna entidad dueña designa exactamente una municipalidad.{details}',
    en:
      '{count} investment(s) have no known municipality and are listed under no place: no registry record or current budget line has their CUI, ' +
      "and no owning entity's name designates exactly one municipality.{details}",
  },
  'IMPORT_NOTE.misEncoded': {
    es: '{count} nombre(s) parecen mal codificados en la fuente y se guardan como los escribió (no se adivinan las letras perdidas): {examples}.',
    en: '{count} name(s) look mis-encoded in the source and are kept as it wrote them (the tracker does not guess the lost letters): {examples}.',
  },
} as const satisfies Record<string, MessageText>;

export const ROW_PROBLEMS = {
  // amounts and labels (src/imports/parsing)
  MISSING_VALUE: { es: 'el monto está vacío', en: 'the amount is empty' },
  'MISSING_VALUE.label': { es: 'la etiqueta está vacía', en: 'the label is empty' },
  'MISSING_VALUE.municipality': { es: 'el municipio está vacío', en: 'the municipality is empty' },
  'MISSING_VALUE.name': { es: 'el nombre está vacío', en: 'the name is empty' },
  'MISSING_VALUE.projectName': { es: 'el proyecto no tiene nombre', en: 'the project has no name' },
  'MISSING_VALUE.column': { es: '{column} está vacío', en: '{column} is empty' },
  'MISSING_VALUE.rubro18': { es: 'el total del rubro 18 está vacío', en: 'the rubro 18 total is empty' },
  INVALID_AMOUNT: { es: 'no es un número', en: 'not a number' },
  'INVALID_AMOUNT.notAmount': { es: 'la celda no contiene un monto', en: 'the cell does not hold an amount' },
  'INVALID_AMOUNT.negativeTwice': { es: 'el monto es negativo dos veces', en: 'the amount is negative twice' },
  'INVALID_AMOUNT.tooLarge': { es: 'el monto es demasiado grande', en: 'the amount is too large' },
  'INVALID_AMOUNT.notFinite': { es: 'la celda no contiene un número finito', en: 'the cell holds no finite number' },
  AMBIGUOUS_AMOUNT: {
    es: '"{value}" se puede leer como miles o como decimales; escríbalo sin ambigüedad',
    en: '"{value}" could be read as thousands or as decimals; write it without ambiguity',
  },
  TOO_MANY_DECIMALS: { es: 'los montos tienen como máximo dos decimales (céntimos)', en: 'amounts have at most two decimals (céntimos)' },
  INVALID_LABEL: { es: 'se esperaba "{pattern}: NOMBRE"', en: 'expected "{pattern}: NAME"' },
  'INVALID_LABEL.municipality': {
    es: 'se esperaba "UBIGEO-SEC_EJEC: NOMBRE", p. ej. "080801-300740: MUNICIPALIDAD PROVINCIAL DE ESPINAR"',
    en: 'expected "UBIGEO-SEC_EJEC: NAME", e.g. "080801-300740: MUNICIPALIDAD PROVINCIAL DE ESPINAR"',
  },

  // cells and columns of each format (src/imports/formats)
  CELL_TOO_LONG: {
    es: 'la celda tiene {length} caracteres; esta columna admite como máximo {max}',
    en: 'the cell has {length} characters; this column takes at most {max}',
  },
  INVALID_YEAR: { es: 'el año debe ser un número entero de {min} a {max}', en: 'the year must be a whole number from {min} to {max}' },
  'INVALID_YEAR.column': { es: '{column} debe ser un año de {min} a {max}', en: '{column} must be a year from {min} to {max}' },
  'INVALID_YEAR.example': { es: '{column} debe ser un año como {example}', en: '{column} must be a year such as {example}' },
  'INVALID_YEAR.whole': { es: 'el año debe ser un número entero como 2024', en: 'the year must be a whole number such as 2024' },
  GEOGRAPHY_MISMATCH: { es: 'el ubigeo {ubigeo} no está en la provincia {province}', en: 'ubigeo {ubigeo} is not in province {province}' },
  'GEOGRAPHY_MISMATCH.province': {
    es: 'la provincia {province} no está en el departamento {department}',
    en: 'province {province} is not in department {department}',
  },
  INVALID_RATE: { es: 'Avance % debe ser un número', en: 'Avance % must be a number' },
  RATE_MISMATCH: {
    es: 'Avance % no coincide con Devengado / PIM ({devengado} / {pim}); las columnas pueden estar desplazadas',
    en: 'Avance % does not match Devengado / PIM ({devengado} / {pim}); the columns may be shifted',
  },
  INVALID_UBIGEO: { es: '{column} debe ser el código de 6 dígitos del municipio', en: '{column} must be the 6-digit code of the municipality' },
  'INVALID_UBIGEO.district': { es: '{column} debe ser el código de 6 dígitos del distrito', en: '{column} must be the 6-digit code of the district' },
  'INVALID_UBIGEO.districtCode': { es: '{column} debe ser un código de distrito de 6 dígitos', en: '{column} must be a 6-digit district code' },
  'INVALID_UBIGEO.code': { es: '{column} debe ser un código de 6 dígitos', en: '{column} must be a 6-digit code' },
  'INVALID_UBIGEO.fiveOrSix': { es: 'UBIGEO debe ser un código de distrito de 5 o 6 dígitos', en: 'UBIGEO must be a district code of 5 or 6 digits' },
  'INVALID_UBIGEO.parts': {
    es: 'departamento, provincia y distrito deben ser códigos numéricos',
    en: 'department, province and district must be numeric codes',
  },
  INVALID_KIND: { es: 'Tipo debe ser Proyecto o Actividad', en: 'Tipo must be Proyecto or Actividad' },
  INVALID_CODE: {
    es: 'el código debe ser el CUI del proyecto o el código de la actividad',
    en: 'the code must be the CUI of the project or the code of the activity',
  },
  'INVALID_CODE.labelled': {
    es: '{column} debe ser un código (p. ej. "15" o "15 - TRANSPORTE")',
    en: '{column} must be a code (e.g. "15" or "15 - TRANSPORTE")',
  },
  'INVALID_CODE.function': { es: 'no existe la función {code}', en: 'there is no función {code}' },
  'INVALID_CODE.rubro': { es: 'la plantilla no conoce el rubro {code} ({known})', en: 'rubro {code} is not one the template knows ({known})' },
  'INVALID_CODE.width': { es: '{column} debe ser un código de hasta {width} dígitos', en: '{column} must be a code of at most {width} digits' },
  'INVALID_CODE.cui': { es: 'el CUI debe ser un código numérico', en: 'the CUI must be a numeric code' },
  'INVALID_CODE.snip': { es: 'el código SNIP debe ser numérico', en: 'the SNIP code must be numeric' },
  INVALID_AREA: { es: 'Área debe ser urbano, rural o vacío', en: 'Área must be urbano, rural or empty' },
  INVALID_MONTH: {
    es: 'MES_EJE debe ser un mes de 1 a 12 (0 para el presupuesto de apertura)',
    en: 'MES_EJE must be a month from 1 to 12 (0 for the opening budget)',
  },
  'INVALID_MONTH.corte': { es: 'corte debe ser un mes, p. ej. diciembre o 12', en: 'corte must be a month, e.g. diciembre or 12' },
  INVALID_NUMBER: { es: 'una población es un número entero de personas, p. ej. 37,870', en: 'a population is a whole number of people, e.g. 37,870' },
  'INVALID_NUMBER.beneficiaries': { es: 'Beneficiarios debe ser un número entero', en: 'Beneficiarios must be a whole number' },
  POPULATION_MISMATCH: { es: 'el total {total} no es urbano {urban} + rural {rural}', en: 'total {total} is not urban {urban} + rural {rural}' },
  INVALID_DATE: {
    es: 'se esperaba una fecha (dd/mm/aaaa, aaaa-mm-dd o una fecha de hoja de cálculo)',
    en: 'expected a date (dd/mm/yyyy, yyyy-mm-dd or a spreadsheet date)',
  },

  // the file as a whole, and the checks against the database (src/imports/stage-rows.ts, targets)
  DUPLICATE_ROW: { es: '{key} ya aparece en la fila {first}', en: '{key} already appears in row {first}' },
  NOT_UTF8: {
    es: 'la línea {line} tiene bytes que no son UTF-8 (un carácter como ñ o á guardado en Windows-1252 o Latin-1)',
    en: 'line {line} holds bytes that are not UTF-8 (a character such as ñ or á saved as Windows-1252 or Latin-1)',
  },
  FIELDS_PAST_HEADER: {
    es: 'la fila tiene {fields} campos y el encabezado {header}: el campo {position} no tiene columna. Suele ser un monto con coma decimal (1234,56) sin comillas en un CSV separado por comas, o un separador de más: las columnas se corren y los montos se leerían mal. Si es una nota escrita fuera de la tabla, bórrela',
    en: 'the row has {fields} fields and the header {header}: field {position} has no column. This is usually an amount with a decimal comma (1234,56) not quoted in a comma-separated CSV, or a separator too many: the columns shift and the amounts would be read wrong. If it is a note written outside the table, delete it',
  },
  'MUNICIPALITY_NOT_ALLOWED.row': { es: 'esta clave no puede importar filas de {ubigeo}', en: 'this key may not import rows of {ubigeo}' },
  'MUNICIPALITY_NOT_ALLOWED.rowUnlocated': {
    es: 'esta clave no puede importar filas de un elemento sin ubicación',
    en: 'this key may not import rows of an unlocated item',
  },
  UNKNOWN_MUNICIPALITY: { es: 'ningún municipio tiene el ubigeo {ubigeo}', en: 'no municipality has ubigeo {ubigeo}' },
  'UNKNOWN_MUNICIPALITY.district': { es: 'ningún distrito tiene el ubigeo {ubigeo}', en: 'no district has ubigeo {ubigeo}' },
  PROJECT_NOT_ALLOWED: {
    es: 'el proyecto {cui} es de otro municipio: los municipios de esta clave no tienen una línea presupuestal vigente de él ni una ubicación de registro',
    en: "project {cui} is another municipality's: this key's municipalities have no current budget line of it and no registry location",
  },
  'PROJECT_NOT_ALLOWED.work': {
    es: 'la obra {cui} no está en los municipios de esta clave: ni su registro, ni sus líneas presupuestales vigentes, ni su entidad titular la ubican en ellos',
    en: "work {cui} is not in this key's municipalities: neither its registry record, its current budget lines nor its owning entity places it there",
  },
  'PROJECT_NOT_ALLOWED.new': {
    es: 'el proyecto {cui} es nuevo y su titular no es uno de los municipios de esta clave',
    en: "project {cui} is new, and its owner is not one of this key's municipalities",
  },
  'UNRECOGNIZED_LAYOUT.row': { es: 'ninguna fila de encabezados conocida', en: 'no known header row' },
  MISSING_COLUMN: { es: 'falta la columna {column} de "{layout}"', en: 'the column {column} of "{layout}" is missing' },
  UNKNOWN_COLUMN: { es: '"{column}" no es una columna de "{layout}"', en: '"{column}" is not a column of "{layout}"' },
  'UNKNOWN_COLUMN.didYouMean': { es: '"{column}": ¿quiso decir "{didYouMean}"?', en: '"{column}": did you mean "{didYouMean}"?' },
  UNCLOSED_QUOTE: { es: 'un campo entre comillas nunca se cierra', en: 'a quoted field is never closed' },
  TEXT_AFTER_QUOTE: { es: 'una comilla de cierre va seguida de texto antes del separador', en: 'a closing quote is followed by text before the separator' },
  RECORD_TOO_LONG: { es: 'una línea supera los {kb} KB', en: 'a line is longer than {kb} KB' },
  INVALID_ENTITY_TYPE: {
    es: 'entity_type debe ser MUNICIPALIDAD, GOBIERNO_REGIONAL o UNIVERSIDAD',
    en: 'entity_type must be MUNICIPALIDAD, GOBIERNO_REGIONAL or UNIVERSIDAD',
  },
  INVALID_CONCEPT: { es: 'concept debe ser uno de {concepts}', en: 'concept must be one of {concepts}' },
  'INVALID_CONCEPT.name': {
    es: 'concept debe ser un nombre corto como canon_minero (letras, dígitos y _; hasta 24)',
    en: 'concept must be a short name such as canon_minero (letters, digits, _; up to 24)',
  },
  INVALID_INDEX: {
    es: 'el índice debe ser un número no negativo con hasta 15 decimales, p. ej. 0.012345',
    en: 'the index must be a number of at least 0 with up to 15 decimal places, e.g. 0.012345',
  },
  'INVALID_PERIOD.bcrp': { es: 'se esperaba un mes como BCRPData lo escribe, p. ej. Ene.2024', en: 'expected a month as BCRPData writes it, e.g. Ene.2024' },
  'INVALID_INDEX.value': {
    es: 'el índice debe ser un número positivo escrito con punto decimal, p. ej. 115.586828 (o n.d.: no disponible)',
    en: 'the index must be a positive number written with a decimal point, e.g. 115.586828 (or n.d.: not available)',
  },
  'INVALID_DATE.ssiMoment': { es: 'se esperaba una fecha aaaa-mm-dd hh:mm:ss', en: 'expected a date as yyyy-mm-dd hh:mm:ss' },
  'INVALID_DATE.ssiTime': { es: 'la hora del día no existe', en: 'the time of day is not a real one' },
  'INVALID_DATE.ssiDay': { es: 'se esperaba una fecha dd/mm/aaaa o dd/mm/aa', en: 'expected a date as dd/mm/yyyy or dd/mm/yy' },
  'INVALID_DATE.notReal': { es: '{value} no es un día que exista', en: '{value} is not a real day' },
  INVALID_PERCENT: { es: 'se esperaba un porcentaje de 0 a 100', en: 'expected a percentage from 0 to 100' },
  'INVALID_PERCENT.notReported': {
    es: 'se esperaba un porcentaje de 0 a 100 (o {code}: no reportado)',
    en: 'expected a percentage from 0 to 100 (or {code}: not reported)',
  },
  'INVALID_VALUE.yesNo': { es: 'se esperaba SI o NO', en: 'expected SI or NO' },
  'INVALID_CODE.ssiCui': { es: 'CODIGO_UNICO debe ser el CUI numérico de la inversión', en: 'CODIGO_UNICO must be the investment’s numeric CUI' },
  'MISSING_VALUE.ssiCui': {
    es: 'CODIGO_UNICO está vacío: debe ser el CUI numérico de la inversión',
    en: 'CODIGO_UNICO is empty: it must be the investment’s numeric CUI',
  },
  'UNKNOWN_PLACE.department': { es: 'ningún departamento se llama "{name}"', en: 'no department is called "{name}"' },
  'UNKNOWN_PLACE.province': {
    es: 'ninguna provincia del departamento {within} se llama "{name}"',
    en: 'no province of department {within} is called "{name}"',
  },
  'UNKNOWN_PLACE.district': {
    es: 'ningún distrito de {within} se llama "{name}" (no se adivina una grafía parecida)',
    en: 'no district of {within} is called "{name}" (a similar spelling is not guessed at)',
  },
  'AMBIGUOUS_PLACE.department': { es: 'varios departamentos se llaman "{name}": {candidates}', en: 'several departments are called "{name}": {candidates}' },
  'AMBIGUOUS_PLACE.province': {
    es: 'varias provincias de {within} se llaman "{name}": {candidates}',
    en: 'several provinces of {within} are called "{name}": {candidates}',
  },
  'AMBIGUOUS_PLACE.district': {
    es: 'varios distritos de {within} se llaman "{name}": {candidates}; indique la provincia',
    en: 'several districts of {within} are called "{name}": {candidates}; give the province',
  },
  INVALID_COORDINATE: { es: 'se esperaba un número decimal entre -{max} y {max}', en: 'expected a decimal number from -{max} to {max}' },
  UNKNOWN_FUNCTION: {
    es: 'ninguna función del MEF se llama "{name}": escriba su nombre (p. ej. TRANSPORTE) o su código de 2 dígitos (p. ej. 15)',
    en: 'no MEF función is called "{name}": write its name (e.g. TRANSPORTE) or its 2-digit code (e.g. 15)',
  },
  'INVALID_CODE.rubroScope': { es: 'el rubro {code} no es uno de los rubros conocidos ({known})', en: 'rubro {code} is not one of the known rubros ({known})' },
  UNKNOWN_EXECUTING_UNIT: {
    es: 'ninguna municipalidad tiene la unidad ejecutora (SEC_EJEC) {secEjec}: escriba su ubigeo',
    en: 'no municipality has the executing unit (SEC_EJEC) {secEjec}: write its ubigeo',
  },
  NOT_A_MUNICIPALITY: {
    es: 'entity_type debe ser MUNICIPALIDAD: este formato lee el gasto municipal',
    en: 'entity_type must be MUNICIPALIDAD: this layout reads municipal spending',
  },
  'INVALID_MONTH.yearCut': { es: 'year_cut debe ser un mes, p. ej. diciembre o 12', en: 'year_cut must be a month, e.g. diciembre or 12' },

  ...ROW_WARNINGS,
  ...IMPORT_NOTES,
} as const satisfies Record<string, MessageText>;
