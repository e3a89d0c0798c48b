/**
 * Canon received: the rubro-18 money (canon, sobrecanon, regalías, all of it) a municipality received in a year,
 * and a place's (province, department) as its municipalities' added up. The one rule that the peers, the canon
 * per place (the map), the canon analysis (the place page) and the coverage read, so that they state one figure.
 *
 * Two files carry it, and they are the same measure: both are MEF's open data on rubro-18 income, transcribed
 * from the same JSON (unimauro/proyecto-inti, mef_canon_departamentos_entidades.json at one commit; see
 * data/PROVENANCE.md), the canon-transfers layout by municipality (e.g. Espinar's eight) and the
 * canon-entity-transfers layout by entity of a department (Cusco's 116 municipalities, its regional government
 * units and universities). An entity of type municipality is the municipality at its ubigeo, and its
 * `rubro18_total` is the same total: the 64 Espinar municipality-years of 2019-2026 are equal, to the sol, in both.
 * So a municipality-year's figure is its own transfers where imported, else its row among its department's
 * entities; each figure says which (`source`). Nothing imported is unknown, never 0.
 */

export const CANON_SOURCES = ['transfers', 'entities'] as const;
/** transfers: the municipality's own transfers (canon-transfers); entities: its row among its department's entities (canon-entity-transfers). */
export type CanonSource = (typeof CANON_SOURCES)[number];
/** Where a place's figure came from: all its municipalities' own transfers, all from the entities file, or some of each. */
export const PLACE_CANON_SOURCES = ['transfers', 'entities', 'mixed'] as const;
export type PlaceCanonSource = (typeof PLACE_CANON_SOURCES)[number];

/** How many municipalities lacking canon a place names (the count says how many lack it in all). */
export const WITHOUT_LISTED = 20;

/**
 * SQL for each municipality-year's canon received: one row per ubigeo and year with `amount` (numeric),
 * `through_month`, `import_id` and `source` (CanonSource). Its own transfers first; else, among the
 * department's entities, its municipality row of the latest import (by snapshot date, then id).
 * Today's figures are kept in canon_received_current by triggers on the tables the rule reads (migration
 * 1763795600000, which holds the same rule in SQL): read as they are. As of a `snapshot` (pushed onto
 * `params`), the rule is worked out here: `own`, the canon-transfers rows current then, and entity imports
 * of that date or earlier. `within`: a subquery of ubigeos to limit the rows to.
 */
export function canonReceived(params: unknown[], options: { own?: string; snapshot?: string; within?: string } = {}): string {
  const within = (column: string) => (options.within === undefined ? '' : ` AND ${column} IN (${options.within})`);
  if (options.snapshot === undefined) {
    return `(SELECT c.ubigeo, c.year, c.amount, c.through_month, c.import_id, c.source::text AS source FROM canon_received_current c WHERE true${within('c.ubigeo')})`;
  }
  const own = options.own ?? 'canon_transfer_latest';
  const cutoff = ` AND i.snapshot_date <= $${params.push(options.snapshot)}::date`;
  return `(SELECT DISTINCT ON (x.ubigeo, x.year) x.ubigeo, x.year, x.amount, x.through_month, x.import_id, x.source
           FROM (SELECT o.ubigeo, o.year, o.amount, o.through_month, o.import_id, 'transfers'::text AS source, 0 AS preference, NULL::date AS snapshot_date
                 FROM ${own} o WHERE o.concept = 'rubro18_total'${within('o.ubigeo')}
                 UNION ALL
                 SELECT e.ubigeo, e.year, e.amount, e.through_month, e.import_id, 'entities', 1, i.snapshot_date
                 FROM canon_entity_transfer e JOIN import i ON i.id = e.import_id
                 WHERE e.entity_type = 'municipality' AND e.concept = 'rubro18_total'${cutoff}${within('e.ubigeo')}) x
           ORDER BY x.ubigeo, x.year, x.preference, x.snapshot_date DESC, x.import_id DESC)`;
}

/**
 * The place-level columns over municipality rows `r` (one per municipality of the place, joined to canonReceived
 * as `amount` and `source`, NULL where it has none), for a GROUP BY per place: the figure only when every one of
 * its municipalities has one, never a partial sum; how many come from each source; the first ubigeos without.
 */
export const placeCanonColumns = (r: string) => `
  count(*)::int AS canon_municipalities, count(${r}.amount)::int AS canon_with,
  count(*) FILTER (WHERE ${r}.source = 'transfers')::int AS canon_from_transfers,
  count(*) FILTER (WHERE ${r}.source = 'entities')::int AS canon_from_entities,
  CASE WHEN count(${r}.amount) = count(*) THEN sum(${r}.amount)::numeric(18,2)::text END AS canon_transferred,
  coalesce((array_agg(${r}.ubigeo ORDER BY ${r}.ubigeo) FILTER (WHERE ${r}.amount IS NULL))[1:${WITHOUT_LISTED}], '{}') AS canon_without`;

/** The row placeCanonColumns adds, as PostgreSQL returns it. */
export interface PlaceCanonColumns {
  canon_municipalities: number;
  canon_with: number;
  canon_from_transfers: number;
  canon_from_entities: number;
  canon_transferred: string | null;
  canon_without: string[];
}

/** A place's canon received in a year, as the API states it. */
export interface PlaceCanon {
  /** rubro-18 received, numeric text; null unless every municipality of the place has it. */
  transferred: string | null;
  canonSource: PlaceCanonSource | null;
  municipalities: number;
  withTransfers: number;
  fromTransfers: number;
  fromEntities: number;
  withoutTransfers: string[];
}

/** Which source a place's figure came from: null without a figure. */
export function placeSource(fromTransfers: number, fromEntities: number, complete: boolean): PlaceCanonSource | null {
  if (!complete || fromTransfers + fromEntities === 0) return null;
  if (fromEntities === 0) return 'transfers';
  return fromTransfers === 0 ? 'entities' : 'mixed';
}

export function placeCanon(r: PlaceCanonColumns): PlaceCanon {
  return {
    transferred: r.canon_transferred,
    canonSource: placeSource(r.canon_from_transfers, r.canon_from_entities, r.canon_transferred !== null),
    municipalities: r.canon_municipalities,
    withTransfers: r.canon_with,
    fromTransfers: r.canon_from_transfers,
    fromEntities: r.canon_from_entities,
    withoutTransfers: r.canon_without,
  };
}
