import { type RowError, rowSays } from '../../common/domain-error.js';
import { say } from '../../i18n/messages.js';
import { areaFromName } from '../../analytics/formulas.js';
import { rollUpImport } from '../../budget/rollups.js';
import { FLOWS, foldSql, GRAIN, LINE_COLUMNS, STOCKS } from './budget-line-fold.js';
import { learnExecutingUnitsFrom } from './execution.target.js';
import {
  type CopyValue,
  copyLine,
  copyText,
  type LoadingTarget,
  type LoadOptions,
  type MergeCountsRow,
  type MergeResult,
  type Sql,
  type TargetContext,
  type TargetLoad,
} from './import-target.js';
import { findWarnings, OUTSIDE_CLASSIFIERS, OVER_PIM, unseenFunctionalCodes } from './row-warnings.js';
import { projectsNotAllowed } from '../../projects/project-access.js';

/** One row of MEF's open-data expense file, for a municipal executing unit, one year (and month). */
export interface BudgetRecord {
  sourceRow: number;
  year: number;
  month: number | null;
  /**
   * For a row of one month (MES_EJE): the key of its source line within the line (source-key.ts), whose
   * latest month gives that source line's stocks; null otherwise.
   */
  sourceKey?: number | null;
  /** The monthly-columns layout: devengado of each month, January first (the other layouts give one month per row). */
  devengadoByMonth?: string[] | null;
  ubigeo: string;
  secEjec: number;
  mefName: string;
  activityKind: number;
  productCode: string;
  productName: string;
  functionCode: string;
  functionName: string;
  divisionCode: string;
  divisionName: string;
  groupCode: string;
  groupName: string;
  fuenteCode: string;
  fuenteName: string;
  rubroCode: string;
  rubroName: string;
  pia: string;
  pim: string;
  certificacion: string;
  compromisoAnual: string;
  devengado: string;
  girado: string;
}

/** Repeated grains listed one by one up to this many rows (and half the file); beyond, the whole table is folded in one pass. */
const MAX_LISTED_REPEATS = 200_000;
/** Bits of the filter that spots grains seen before (8 MB): at a million distinct grains, under 0.1 % false alarms. */
const FILTER_BITS = 2 ** 26;

/** Columns a target built on budget lines adds to each row until the lines are folded (the template's area). */
export interface LineExtras<T> {
  /** Column definitions, dropped before the lines are attached. */
  definitions: string;
  names: string[];
  values(record: T): CopyValue[];
  /** The column of the product or project code as the layout's header names it, for row errors. */
  productColumn: string;
  /** Runs on the unfolded rows, before repeated grains are added up; answers the municipalities it changed beyond the rows' own. */
  beforeFold(sql: Sql, table: string, context: TargetContext): Promise<string[]>;
  /** The ubigeo column as the file calls it, for errors. */
  ubigeoColumn: string;
}

/**
 * MEF open-data rows into budget_line. Rows at the same grain are added up; across months, stocks
 * (PIA, PIM, certificación, compromiso anual, which MEF repeats on every month's row) are taken from
 * the latest month and never summed, flows (devengado, girado) are summed.
 *
 * Each import COPYs its rows straight into a table of its own, in their final form (a row of month m keeps m as its through_month, from which its monthly series
 * is read: budget/monthly-series.ts), so a file whose grains are all distinct is written once.
 * Grains seen more than once are spotted while reading (a two-hash filter over the grain, with no
 * false negatives) and only their rows are folded in SQL. A large import's table then gets its
 * indexes, built in one sorted pass, and is attached as a partition of budget_line; a smaller one's
 * lines are moved into the shared partition. Scope, executing units and unknown municipalities are
 * tallied while reading, not by scanning the rows again.
 */
export const budgetLinesTarget: LoadingTarget<BudgetRecord> = { open: (sql, importId, options) => openBudgetLines(sql, importId, options) };

/** The load of budget lines, with its book: what a format's own reader needs to write lines itself (see mef-gasto.lane.ts). */
export interface BudgetLineLoad<T> extends TargetLoad<T> {
  readonly book: BudgetLineBook;
  /** True when each line is written exactly as copyLine() writes it, without extra columns. */
  readonly plain: boolean;
}

/**
 * What one import's budget lines share while they are written, whoever writes them (copyLine below,
 * or a format's own reader): their numbering, the filter that spots repeated grains, and the
 * municipality-years they cover.
 */
export class BudgetLineBook {
  /** Lines written so far; the last one's id. */
  rows = 0;
  /** Whether the grain last marked had (probably) been seen before. */
  repeated = false;
  /** Rows whose grain was seen before, and the keys of the first MAX_LISTED_REPEATS of them. */
  repeatedRows = 0;
  readonly repeats: number[] = [];
  /** municipality-year (ubigeo × 10,000 + year) → the executing unit as the file names it */
  readonly scope = new Map<number, { ubigeo: string; year: number; sec_ejec: number; mef_name: string }>();
  private readonly seen = new Uint8Array(FILTER_BITS / 8);
  /** The first hash of each line's grain, by id (4 bytes a line, in blocks): which lines a repeated grain has. */
  private readonly firstHashes: Uint32Array[] = [];
  /** The file's row of each line, by id (4 bytes a line, in blocks): lines are numbered as written, not by row, for the warnings' rows. */
  private readonly sourceRows: Uint32Array[] = [];
  private readonly scratch = Buffer.alloc(1024);

  constructor(
    readonly importId: number,
    /** The municipalities the geography knows, by ubigeo read as a number. */
    readonly known: ReadonlySet<number>,
  ) {}

  /** Whether a line of this municipality-year was noted. */
  covers(ubigeo: number, year: number): boolean {
    return this.scope.has(ubigeo * 10_000 + year);
  }

  /** Notes the municipality-year of a line, with the executing unit as the file names it (the first time only). */
  note(ubigeo: number, year: number, secEjec: number, mefName: string): void {
    const key = ubigeo * 10_000 + year;
    // the name copied: a slice of the file's text would keep its whole 64 KB chunk alive for the import
    if (!this.scope.has(key)) this.scope.set(key, { ubigeo: String(ubigeo).padStart(6, '0'), year, sec_ejec: secEjec, mef_name: ` ${mefName}`.slice(1) });
  }

  /** Notes the file's row of the line `line` (its id). */
  noteRow(line: number, row: number): void {
    const at = line - 1;
    this.sourceRows[at >>> 16] ??= new Uint32Array(1 << 16);
    const block = this.sourceRows[at >>> 16];
    block[at & 0xffff] = row;
  }

  /** The file's row of the line `line` (its id, as written before any fold). */
  rowOf(line: number): number {
    const at = line - 1;
    return this.sourceRows[at >>> 16]?.[at & 0xffff] ?? 0;
  }

  /** markGrain() for a grain given as text (its COPY text from year to rubro, all ASCII). */
  markGrainText(grain: string): number {
    const length = grain.length <= this.scratch.length ? this.scratch.write(grain, 0, 'latin1') : -1;
    return length < 0 ? this.markGrain(Buffer.from(grain, 'latin1'), 0, grain.length) : this.markGrain(this.scratch, 0, length);
  }

  /**
   * Marks a grain as seen, from its COPY text (year to rubro code, tab-separated), and returns the
   * 53-bit key the fold selects its rows by; sets `repeated`. Two 32-bit hashes (FNV-1a and a
   * multiply-rotate hash, each finished with murmur3's mixer) give the two bits of the filter. Only
   * a filter: the fold groups by the grain columns themselves, so a collision costs a row's re-fold,
   * never a wrong sum.
   */
  markGrain(bytes: Uint8Array, from: number, to: number): number {
    let a = 0x811c9dc5;
    let b = 0x9747b28c;
    for (let i = from; i < to; i++) {
      const c = bytes[i];
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(((b ^ c) << 5) | ((b ^ c) >>> 27), 0x5bd1e995);
    }
    const h1 = fmix(a);
    const h2 = fmix(b);
    const line = this.rows - 1;
    this.firstHashes[line >>> 16] ??= new Uint32Array(1 << 16);
    const block = this.firstHashes[line >>> 16];
    block[line & 0xffff] = h1;
    const bit1 = h1 >>> 6;
    const bit2 = h2 >>> 6;
    const seen = this.seen;
    const repeated = (seen[bit1 >>> 3] & (1 << (bit1 & 7))) !== 0 && (seen[bit2 >>> 3] & (1 << (bit2 & 7))) !== 0;
    seen[bit1 >>> 3] |= 1 << (bit1 & 7);
    seen[bit2 >>> 3] |= 1 << (bit2 & 7);
    const key = h1 * 2 ** 21 + (h2 >>> 11);
    this.repeated = repeated;
    if (repeated && ++this.repeatedRows <= MAX_LISTED_REPEATS) this.repeats.push(key);
    return key;
  }

  /** The ids of every line whose grain may be one of the repeated ones (all of them, and a few more). */
  linesOfRepeats(): number[] {
    const wanted = new Set(this.repeats.map((key) => Math.floor(key / 2 ** 21)));
    const ids: number[] = [];
    for (let line = 0; line < this.rows; line++) if (wanted.has(this.firstHashes[line >>> 16][line & 0xffff])) ids.push(line + 1);
    return ids;
  }
}

export async function openBudgetLines<T extends BudgetRecord>(
  sql: Sql,
  importId: number,
  options: LoadOptions,
  extras?: LineExtras<T>,
): Promise<BudgetLineLoad<T>> {
  const table = `budget_line_${importId}`;
  // The partition check is declared with the table, so that attaching it needs no scan to prove it.
  await sql(
    `CREATE TABLE ${table} (LIKE budget_line INCLUDING DEFAULTS, grain_hash bigint NOT NULL, repeated boolean NOT NULL, source_key bigint${extras ? `, ${extras.definitions}` : ''},
       CONSTRAINT ${table}_part CHECK (part = ${importId}))`,
  );
  await sql(`ALTER TABLE ${table} ALTER COLUMN part SET DEFAULT ${importId}`);
  const municipalities: { ubigeo: string }[] = await sql('SELECT ubigeo FROM municipality');
  const book = new BudgetLineBook(importId, new Set(municipalities.map((m) => Number(m.ubigeo))));
  const id = String(importId);
  const ubigeoColumn = extras?.ubigeoColumn ?? 'DISTRITO_EJECUTORA';

  return {
    book,
    plain: extras === undefined,
    copyInto: `${table} (${LINE_COLUMNS.join(', ')}, grain_hash, repeated, source_key${extras ? `, ${extras.names.join(', ')}` : ''})`,

    // a planner's lines may name only projects of its municipalities, whatever district they claim
    validate:
      options.allowedMunicipalities &&
      ((q) => linesOfOthersProjects(q, table, options.allowedMunicipalities!, extras?.productColumn ?? options.columns?.product, book)),

    // on the lines as written, before repeated grains are folded: each is a row of the file
    warnings: async (q) =>
      findWarnings(q, table, 'id', [...OVER_PIM, ...OUTSIDE_CLASSIFIERS, ...(extras ? await unseenFunctionalCodes(q) : [])], (id) => book.rowOf(id)),

    check: (r) =>
      /^\d{6}$/.test(r.ubigeo) && book.known.has(Number(r.ubigeo))
        ? null
        : { column: ubigeoColumn, ...rowSays('UNKNOWN_MUNICIPALITY', { ubigeo: r.ubigeo }), value: r.ubigeo },

    copyLine(r) {
      const line = book.rows + 1;
      book.rows = line; // (before the grain is marked: its hash is kept by line)
      book.noteRow(line, r.sourceRow);
      book.note(Number(r.ubigeo), r.year, r.secEjec, r.mefName);
      const grain = `${r.year}\t${r.ubigeo}\t${r.activityKind}\t${r.productCode}\t${r.functionCode}\t${r.divisionCode}\t${r.groupCode}\t${r.rubroCode}`;
      const key = book.markGrainText(grain);
      const month = r.month;
      const area = r.activityKind === 2 ? areaFromName(r.productName) : null;
      // Codes, years and amounts are validated digits: only the names can hold characters COPY must escape.
      const text =
        `${line}\t${id}\t${grain}\t` +
        `${copyText(r.productName)}\t${area ?? '\\N'}\t${copyText(r.functionName)}\t${copyText(r.divisionName)}\t${copyText(r.groupName)}\t` +
        `${r.fuenteCode}\t${copyText(r.fuenteName)}\t${copyText(r.rubroName)}\t${r.pia}\t${r.pim}\t${r.certificacion}\t${r.compromisoAnual}\t${r.devengado}\t${r.girado}\t` +
        // a row of one month keeps its month and no arrays (see monthly-series.ts); the monthly-columns layout keeps its twelve
        `${month ?? '\\N'}\t${r.devengadoByMonth ? `{${r.devengadoByMonth.join(',')}}` : '\\N'}\t\\N\t${key}\t${book.repeated ? 't' : 'f'}\t${r.sourceKey ?? '\\N'}`;
      return extras ? `${text}\t${copyLine(extras.values(r))}` : text;
    },

    async merge(sql: Sql, context: TargetContext): Promise<MergeResult> {
      const { importId, snapshotDate } = context;
      const touched = await extras?.beforeFold(sql, table, context);
      const rows = book.rows;
      let lines = rows;
      let keyed = false;
      if (book.repeatedRows > MAX_LISTED_REPEATS || book.repeatedRows * 2 > rows) {
        // Most grains repeat (e.g. twelve months of every line): fold the whole table into a new one.
        await sql(`CREATE TABLE ${table}_folded (LIKE ${table} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`);
        const [{ folded }] = await sql<{ folded: number }[]>(
          `WITH folded AS (INSERT INTO ${table}_folded (${LINE_COLUMNS.join(', ')}, grain_hash, repeated) ${foldSql(table, 0)} RETURNING 1) SELECT count(*)::int AS folded FROM folded`,
        );
        await sql(`DROP TABLE ${table}`);
        await sql(`ALTER TABLE ${table}_folded RENAME TO ${table}`);
        lines = folded;
      } else if (book.repeats.length > 0) {
        // Only the rows of grains seen more than once are taken out, added up and put back: found by
        // their ids through the primary key when the import keeps its table (a scan of a million rows took 0.9 s).
        if (rows >= options.ownPartitionLines) keyed = await addPrimaryKey(sql, table);
        const [counts] = await sql<{ moved: number; folded: number }[]>(
          `WITH moved AS (DELETE FROM ${table} WHERE part = ${importId} AND import_id = ${importId} AND id = ANY($1::int[]) AND grain_hash = ANY($2::bigint[]) RETURNING *),
                folded AS (INSERT INTO ${table} (${LINE_COLUMNS.join(', ')}, grain_hash, repeated) ${foldSql('moved', rows)} RETURNING 1)
           SELECT (SELECT count(*) FROM moved)::int AS moved, (SELECT count(*) FROM folded)::int AS folded`,
          [book.linesOfRepeats(), book.repeats],
        );
        lines = rows - counts.moved + counts.folded;
      }
      const municipalityYears = [...book.scope.values()];
      await sql(
        `INSERT INTO import_scope (import_id, dataset, ubigeo, year, snapshot_date)
         SELECT $1, 'budget', s.ubigeo, s.year, $2 FROM jsonb_to_recordset($3::jsonb) AS s(ubigeo text, year int)`,
        [importId, snapshotDate, JSON.stringify(municipalityYears)],
      );
      const latest = new Map(municipalityYears.map((s) => [s.ubigeo, s]));
      for (const s of municipalityYears) if (s.year > latest.get(s.ubigeo)!.year) latest.set(s.ubigeo, s);
      await learnExecutingUnitsFrom(sql, [...latest.values()]);
      const years = [...new Set(municipalityYears.map((s) => s.year))].sort((a, b) => a - b);
      const counts = await compareWithPrevious(sql, table, context);
      await rollUpImport(sql, importId, table, lines >= options.ownPartitionLines);
      // municipality-years that already have lines of a later cut-off: this import's are history there
      const [later] = await sql<{ pairs: number; date: string | null }[]>(
        `SELECT count(*)::int AS pairs, max(c.snapshot_date)::text AS date FROM import_scope s
         JOIN scope_current c ON c.dataset = 'budget' AND c.ubigeo = s.ubigeo AND c.year = s.year
         WHERE s.import_id = $1 AND s.dataset = 'budget' AND c.import_id <> $1 AND c.snapshot_date > s.snapshot_date`,
        [importId],
      );
      const notes = later.pairs > 0 ? [say('IMPORT_NOTE.historyOnlyLines', { count: later.pairs, date: later.date! }).message] : [];

      if (lines >= options.ownPartitionLines) {
        // A large import keeps its table: indexes built in one sorted pass each, then attached as its partition.
        await sql(
          `ALTER TABLE ${table} DROP COLUMN grain_hash, DROP COLUMN repeated, DROP COLUMN source_key${extras ? extras.names.map((n) => `, DROP COLUMN ${n}`).join('') : ''}`,
        );
        if (!keyed) await addPrimaryKey(sql, table);
        await sql(`CREATE INDEX ${table}_ubigeo_year_idx ON ${table} (ubigeo, year)`);
        await sql(`ALTER TABLE budget_line ATTACH PARTITION ${table} FOR VALUES IN (${importId})`);
      } else {
        // A smaller one joins the shared partition: a partition per import would make every read plan and probe them all.
        await sql(`INSERT INTO budget_line_shared (${LINE_COLUMNS.join(', ')}, part) SELECT ${LINE_COLUMNS.join(', ')}, 0 FROM ${table}`);
        await sql(`DROP TABLE ${table}`);
      }
      return { ...(counts ?? { inserted: lines, revised: 0, unchanged: 0 }), years, warnings: notes, touched };
    },
  };
}

/**
 * Lines naming a project a planner of `municipalities` may not touch (project-access.ts): a line under its
 * own ubigeo would otherwise make another municipality's project its own, to edit and re-register.
 */
async function linesOfOthersProjects(sql: Sql, table: string, municipalities: string[], column: string | undefined, book: BudgetLineBook): Promise<RowError[]> {
  const [{ cuis }] = await sql<{ cuis: string[] }[]>(`SELECT coalesce(array_agg(DISTINCT product_code), '{}') AS cuis FROM ${table} WHERE activity_kind = 2`);
  const refused = await projectsNotAllowed(sql, cuis, municipalities);
  if (refused.length === 0) return [];
  const lines: { id: number; product_code: string }[] = await sql(
    `SELECT id, product_code FROM ${table} WHERE activity_kind = 2 AND product_code = ANY($1::varchar[]) ORDER BY id LIMIT 100000`,
    [refused],
  );
  return lines.map((l) => ({
    row: book.rowOf(l.id),
    column: column ?? 'PRODUCTO_PROYECTO',
    ...rowSays('PROJECT_NOT_ALLOWED', { cui: l.product_code }),
    value: l.product_code,
  }));
}

/** The key a partition of budget_line must have, built in one sorted pass. */
async function addPrimaryKey(sql: Sql, table: string): Promise<true> {
  await sql(`SET LOCAL maintenance_work_mem = '256MB'`);
  await sql(`ALTER TABLE ${table} ADD CONSTRAINT ${table}_pkey PRIMARY KEY (part, import_id, id)`);
  return true;
}

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Lines new, revised or unchanged against the import that was current for each municipality-year at
 * this file's cut-off; null when there was none (every line is new).
 */
async function compareWithPrevious(
  sql: Sql,
  table: string,
  { importId, snapshotDate }: TargetContext,
): Promise<Omit<MergeResult, 'years' | 'warnings'> | null> {
  const previous = `
    SELECT DISTINCT ON (sc.ubigeo, sc.year) sc.ubigeo, sc.year, sc.import_id
    FROM import_scope sc
    WHERE sc.dataset = 'budget' AND sc.import_id <> $1 AND sc.snapshot_date <= $2
      AND (sc.ubigeo, sc.year) IN (SELECT ubigeo, year FROM import_scope WHERE import_id = $1 AND dataset = 'budget')
    ORDER BY sc.ubigeo, sc.year, sc.snapshot_date DESC, sc.import_id DESC`;
  const [{ found }] = await sql<{ found: boolean }[]>(`SELECT EXISTS (${previous}) AS found`, [importId, snapshotDate]);
  if (!found) return null;
  const same = GRAIN.map((c) => `o.${c} = b.${c}`).join(' AND ');
  const amounts = [...STOCKS, ...FLOWS];
  const [counts] = await sql<Omit<MergeCountsRow, 'years'>[]>(
    `WITH previous AS (${previous}),
     -- materialised first: a plan that probed all budget lines once per new line would take minutes
     previous_lines AS MATERIALIZED (
       SELECT o.* FROM budget_line o JOIN previous p ON o.import_id = p.import_id AND o.ubigeo = p.ubigeo AND o.year = p.year
     )
     SELECT count(*) FILTER (WHERE o.import_id IS NULL)::int AS inserted,
            count(*) FILTER (WHERE o.import_id IS NOT NULL AND (${amounts.map((c) => `o.${c}`)}) IS DISTINCT FROM (${amounts.map((c) => `b.${c}`)}))::int AS revised,
            count(*) FILTER (WHERE o.import_id IS NOT NULL AND (${amounts.map((c) => `o.${c}`)}) IS NOT DISTINCT FROM (${amounts.map((c) => `b.${c}`)}))::int AS unchanged
     FROM ${table} b
     LEFT JOIN previous_lines o ON ${same}`,
    [importId, snapshotDate],
  );
  return counts;
}
