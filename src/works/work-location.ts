/**
 * Where a work is, as SQL over a CUI expression, in the order the tracker trusts: its registry record's
 * districts (Invierte.pe), else the municipalities whose current budget lines have it, else the
 * municipality its owning entity's name designates (found at import: work_follow_up.entity_ubigeo).
 * Shared by the read of the works and the import's warning about works placed nowhere.
 */
export const registryMunicipalities = (cui: string): string => `(SELECT nullif(p.locations, '{}') FROM project p WHERE p.cui = ${cui})`;

export const budgetMunicipalities = (cui: string): string =>
  `(SELECT array_agg(DISTINCT h.ubigeo ORDER BY h.ubigeo) FROM rollup_project_import h
    JOIN rollup_budget_year y ON y.import_id = h.import_id AND y.year = h.year AND y.ubigeo = h.ubigeo WHERE h.product_code = ${cui})`;

export const entityMunicipality = (cui: string): string =>
  `(SELECT w.entity_ubigeo FROM work_follow_up w WHERE w.cui = ${cui} AND w.entity_ubigeo IS NOT NULL ORDER BY w.as_of DESC, w.import_id DESC LIMIT 1)`;

/** SQL: whether neither the registry nor a current budget line places the work (only its owner can). */
export const placedByNoRecord = (cui: string): string => `${registryMunicipalities(cui)} IS NULL AND ${budgetMunicipalities(cui)} IS NULL`;

/** SQL: the municipalities a work is placed in, in the order above (null when none places it). */
export const workPlaces = (cui: string): string =>
  `coalesce(${registryMunicipalities(cui)}, ${budgetMunicipalities(cui)}, ARRAY[${entityMunicipality(cui)}]::varchar[])`;
