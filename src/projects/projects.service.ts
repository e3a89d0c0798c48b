import { Injectable } from '@nestjs/common';
import { executionRatePct, fromCents, toCents } from '../common/decimal.js';
import type { ProjectDetailDto, ProjectPageDto, ProjectQueryDto } from './dto/project.dto.js';
import { ProjectsRepository } from './projects.repository.js';
import { NOMINAL, type PriceBasis } from '../prices/price-basis.js';

const rate = (v: string | null): number | null => (v === null ? null : Number(v));

@Injectable()
export class ProjectsService {
  constructor(private readonly projects: ProjectsRepository) {}

  /** `prices`: the soles of the PIM and devengado (each line's before they are added up); the registry's costs stay nominal. */
  async list(q: ProjectQueryDto, prices: PriceBasis = NOMINAL): Promise<ProjectPageDto> {
    const { total, years, rows } = await this.projects.search(q, prices);
    return {
      total,
      years,
      limit: q.limit ?? 100,
      offset: q.offset ?? 0,
      items: rows.map((r) => ({
        cui: r.cui,
        name: r.name,
        status: r.status,
        locationUbigeo: r.location_ubigeo,
        locations: r.locations ?? [],
        budgetedBy: r.budgeted_by,
        pim: r.pim,
        devengado: r.devengado,
        executionRatePct: rate(r.execution_rate_pct),
        updatedCost: r.updated_cost,
        area: r.area ?? 'unknown',
        areaSource: r.area_source ?? null,
      })),
    };
  }

  /**
   * Sets a project's area or dimension as a person decided, with the reason. A project known only from
   * the budget lines gets a registry row (name from its latest line). False when the CUI is unknown.
   */
  async override(cui: string, change: { area?: string; dimension?: string; reason: string }, keyId: number | null): Promise<boolean> {
    return this.projects.override(cui, change, keyId);
  }

  /** Whether a planner of `municipalities` may change the project (project-access.ts). */
  async mayChange(cui: string, municipalities: string[]): Promise<boolean> {
    return (await this.projects.notAllowed([cui], municipalities)).length === 0;
  }

  /**
   * `prices`: the soles of the budget by year, each municipality-year's amounts converted with its own year's
   * factor before the current ones are added up (a row's rate is of one year: unchanged); the registry's
   * costs, estimates of no one year, stay nominal.
   */
  async get(cui: string, prices: PriceBasis = NOMINAL): Promise<ProjectDetailDto | null> {
    const [project, nominal, costs] = await Promise.all([this.projects.findOne(cui), this.projects.budget(cui), this.projects.costHistory(cui)]);
    if (!project && nominal.length === 0) return null;
    const budget = nominal.map((b) => ({
      ...b,
      pia: prices.amount(b.pia, b.year)!,
      pim: prices.amount(b.pim, b.year)!,
      devengado: prices.amount(b.devengado, b.year)!,
    }));
    const current = budget.filter((b) => b.current);
    // The project's current budget: the latest snapshot of each municipality-year, summed.
    const sum = (field: 'pim' | 'devengado') => (current.length ? current.reduce((a, b) => a + toCents(b[field]), 0n) : null);
    const pim = sum('pim');
    const devengado = sum('devengado');
    return {
      cui,
      name: project?.name ?? budget[budget.length - 1].name,
      status: project?.status ?? null,
      locationUbigeo: project?.location_ubigeo ?? null,
      locationName: project?.location_name ?? null,
      locations: project?.locations ?? [],
      budgetedBy: [...new Set(budget.map((b) => b.ubigeo))].sort(),
      pim: pim === null ? null : fromCents(pim),
      devengado: devengado === null ? null : fromCents(devengado),
      executionRatePct: pim === null || devengado === null ? null : executionRatePct(devengado, pim),
      updatedCost: project?.updated_cost ?? null,
      viableAmount: project?.viable_amount ?? null,
      snipCode: project?.snip_code ?? null,
      entity: project?.entity ?? null,
      viableOn: project?.viable_on ?? null,
      area: project?.area ?? 'unknown',
      areaSource: project?.area_source ?? null,
      areaReason: project?.area_reason ?? null,
      dimension: project?.dimension ?? null,
      dimensionReason: project?.dimension_reason ?? null,
      budget: budget.map((b) => ({
        year: b.year,
        ubigeo: b.ubigeo,
        snapshotDate: b.snapshot_date,
        importId: b.import_id,
        pia: b.pia,
        pim: b.pim,
        devengado: b.devengado,
        executionRatePct: rate(b.execution_rate_pct),
        current: b.current,
      })),
      costHistory: costs.map((c) => ({ snapshotDate: c.snapshot_date, importId: c.import_id, viableAmount: c.viable_amount, updatedCost: c.updated_cost })),
    };
  }
}
