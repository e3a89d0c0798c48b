import { PROBLEMS } from './problems.js';
import { IMPORT_NOTES, ROW_PROBLEMS, ROW_WARNINGS } from './row-problems.js';

/** `|` and line breaks would break a table cell. */
const cell = (text: string | number) => String(text).replace(/\|/g, '\\|').replace(/\n/g, ' ');

/**
 * docs/ERRORS.md, generated from the registry: `node dist/scripts/write-errors-doc.js` after changing a
 * message (src/i18n/errors-doc.spec.ts fails while the two differ).
 */
export function errorsMarkdown(): string {
  const lines = [
    '# Error and warning codes',
    '',
    '<!-- Generated from src/i18n/problems.ts and src/i18n/row-problems.ts by scripts/write-errors-doc.ts; do not edit by hand. -->',
    '',
    'Every error answer is `application/problem+json` with a stable `code` and a `message` for people, in Spanish (es-PE)',
    'by default or in English when `Accept-Language` prefers it (q-values honoured); downloads (`errors.csv`, `template.xlsx`)',
    'also take `lang=es|en`. Answers carry `Content-Language`. A key `CODE.variant` is one of several messages of the same',
    'code; `{name}` is a parameter filled in from the request or the file.',
    '',
    '## Problems (the answer to a request)',
    '',
    '| code | key | HTTP | es-PE | en |',
    '|---|---|---|---|---|',
    ...Object.entries(PROBLEMS).map(([key, m]) => `| ${key.split('.')[0]} | ${key} | ${m.status} | ${cell(m.es)} | ${cell(m.en)} |`),
    '',
    '## Row problems (`errors` of an upload: the answer, the import record and errors.csv)',
    '',
    'They come inside a 422 IMPORT_REJECTED (or UNRECOGNIZED_LAYOUT, MALFORMED_CSV), or in the record of an import made with `onError=skip`.',
    '',
    '| code | key | es-PE | en |',
    '|---|---|---|---|',
    ...Object.entries(ROW_PROBLEMS)
      .filter(([key]) => !Object.hasOwn(ROW_WARNINGS, key) && !Object.hasOwn(IMPORT_NOTES, key))
      .map(([key, m]) => `| ${key.split('.')[0]} | ${key} | ${cell(m.es)} | ${cell(m.en)} |`),
    '',
    '## Warnings (`rowWarnings` of an import and errors.csv with severity `warning`)',
    '',
    'What looks wrong without stopping the import: the rows are imported as they are, and each warning names its row and column.',
    'The import counts them by code in `warningCounts`.',
    '',
    '| code | key | es-PE | en |',
    '|---|---|---|---|',
    ...Object.entries(ROW_WARNINGS).map(([key, m]) => `| ${key.split('.')[0]} | ${key} | ${cell(m.es)} | ${cell(m.en)} |`),
    '',
    '## Import notes (`warnings` of an import)',
    '',
    "What an import says of the file as a whole, in the reader's language.",
    '',
    '| code | key | es-PE | en |',
    '|---|---|---|---|',
    ...Object.entries(IMPORT_NOTES).map(([key, m]) => `| ${key.split('.')[0]} | ${key} | ${cell(m.es)} | ${cell(m.en)} |`),
    '',
  ];
  return lines.join('\n');
}
