import { DomainError, type RowError, rowSays } from '../../common/domain-error.js';
import type { Cell, SheetRow } from '../readers/sheet-row.js';
import { cellText, type ImportFormat, normalizeHeader } from './import-format.js';

/** A header row that almost matches a format: what it lacks and what it has that the format does not know. */
export interface NearMiss {
  format: ImportFormat<unknown>;
  row: number;
  /** The format's required columns not found, as the format's documentation writes them. */
  missing: string[];
  /** Cells of the row that are none of the format's columns, as written in the file. */
  unknown: string[];
  /** For unknown cells within a few edits of a missing column: that column. */
  suggestions: { column: string; didYouMean: string }[];
}

/**
 * The known layout a file most likely meant: among the scanned rows and the formats, the row that holds
 * the most of a format's required columns, if at least half of them (fewer is not a header of it).
 * Ties go to the earlier format and row. Null when none comes that close.
 */
export function closestLayout(rows: SheetRow[], formats: ImportFormat<unknown>[]): NearMiss | null {
  let best: { format: ImportFormat<unknown>; row: SheetRow; found: number } | null = null;
  for (const format of formats) {
    if (!format.columns) continue;
    const required = Object.values(format.columns.required);
    for (const row of rows) {
      const seen = new Set(row.cells.map(normalizeHeader));
      const found = required.filter((names) => names.some((n) => seen.has(n))).length;
      if (found * 2 >= required.length && found < required.length && (!best || found > best.found)) best = { format, row, found };
    }
  }
  return best && nearMiss(best.format, best.row);
}

function nearMiss(format: ImportFormat<unknown>, { row, cells }: SheetRow): NearMiss {
  const { required, optional = {} } = format.columns!;
  const written = cells.filter((c): c is Exclude<Cell, null> => c !== null && String(c).trim() !== '').map((c) => String(c).trim());
  const seen = new Set(written.map(normalizeHeader));
  const known = new Set(Object.values({ ...required, ...optional }).flat());
  const missing = Object.values(required)
    .filter((names) => !names.some((n) => seen.has(n)))
    .map((names) => displayName(format, names));
  const unknown = written.filter((c) => !known.has(normalizeHeader(c)));
  const suggestions: NearMiss['suggestions'] = [];
  for (const column of unknown) {
    const match = likelyMatch(column, missing);
    if (match) suggestions.push({ column, didYouMean: match });
  }
  return { format, row, missing, unknown, suggestions };
}

/** A column's name as the format documents it (its `expectedColumns`), else its first accepted name. */
function displayName(format: ImportFormat<unknown>, names: string[]): string {
  const documented = format.expectedColumns.split(/,\s*|\s+and\s+(?:optionally\s+)?|\s+with\s+/).map((s) => s.replace(/^(and|optionally)\s+/g, '').trim());
  return documented.find((d) => names.includes(normalizeHeader(d))) ?? names[0];
}

/** The candidate nearest `text` in edit distance, if within a third of its length (at least 1, at most 3 edits). */
export function likelyMatch(text: string, candidates: string[]): string | null {
  const a = normalizeHeader(text);
  let best: { name: string; distance: number } | null = null;
  for (const name of candidates) {
    const distance = editDistance(a, normalizeHeader(name));
    if (!best || distance < best.distance) best = { name, distance };
  }
  const allowed = Math.min(3, Math.max(1, Math.floor(a.length / 3)));
  return best && best.distance <= allowed ? best.name : null;
}

/** Levenshtein distance (insertions, deletions, substitutions), one row at a time; headers are short. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

/**
 * UNRECOGNIZED_LAYOUT. When a row is nearly the header of a known layout (a misspelt or missing column),
 * it names that layout, the columns it lacks, the ones it does not know and, for each of these, the
 * missing column it most likely is; otherwise it lists the layouts it looked for.
 */
export function unrecognizedLayout(scanned: SheetRow[], candidates: ImportFormat<unknown>[], preamble: Cell[][], searchRows: number): DomainError {
  const near = closestLayout(scanned, candidates);
  if (!near) {
    const expected = candidates.map((f) => `"${f.title}" (${f.expectedColumns})`);
    return DomainError.of(
      'UNRECOGNIZED_LAYOUT',
      { rows: searchRows, expected },
      {
        errors: [
          {
            row: 1,
            column: null,
            ...rowSays('UNRECOGNIZED_LAYOUT.row'),
            value: cellText(
              preamble[0]
                ?.filter((c) => c !== null)
                .slice(0, 12)
                .join(' | '),
            ),
          },
        ],
      },
    );
  }
  const { format, row, missing, unknown, suggestions } = near;
  const guessed = new Map(suggestions.map((s) => [s.column, s.didYouMean]));
  const errors: RowError[] = [
    ...unknown.map((column) => {
      const didYouMean = guessed.get(column);
      return {
        row,
        column,
        ...(didYouMean ? rowSays('UNKNOWN_COLUMN.didYouMean', { column, didYouMean }) : rowSays('UNKNOWN_COLUMN', { column, layout: format.title })),
        value: column,
      };
    }),
    ...missing.map((column) => ({ row, column, ...rowSays('MISSING_COLUMN', { column, layout: format.title }) })),
  ];
  return DomainError.of(
    'UNRECOGNIZED_LAYOUT.closest',
    { row, layout: format.title, missing, suggestions: suggestions.map((s) => rowSays('UNKNOWN_COLUMN.didYouMean', s)) },
    { layout: format.id, missing, unknown, suggestions, errors },
  );
}
