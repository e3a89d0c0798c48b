import { HttpStatus, Injectable } from '@nestjs/common';
import { divRoundHalfUp, executionRatePct, fromCents, toCents } from '../common/decimal.js';
import { DomainError } from '../common/domain-error.js';
import { yearSpan } from '../common/query-params.js';
import { AnalyticsRepository } from './analytics.repository.js';
import { DIMENSIONS } from './classification.entity.js';
import type { CanonAnalysisQueryDto, CanonAnalysisResponseDto, CanonFiguresDto } from './dto/canon-analysis.dto.js';
import type { DimensionsQueryDto, DimensionsResponseDto, ReplaceRulesDto, RulesVersionDto } from './dto/dimensions.dto.js';
import { sharePct, skewIndex, tenSolesSentence } from './formulas.js';
import type { UrbanRuralQueryDto, UrbanRuralResponseDto } from './dto/urban-rural.dto.js';

export const DIMENSION_LABELS: Record<string, string> = {
  structural_change: 'structural change',
  income_productivity: 'income and productivity',
  equal_rights: 'equal rights',
  unclassified: 'unclassified',
};

@Injectable()
export class AnalyticsService {
  constructor(private readonly analytics: AnalyticsRepository) {}

  async dimensions(q: DimensionsQueryDto): Promise<DimensionsResponseDto> {
    const version = await this.resolveVersion(q.version);
    const range = yearSpan(q);
    const { rows, meta } = await this.analytics.dimensions({ ...q, ...range }, version);

    const total = rows.reduce((sum: bigint, r: Record<string, string>) => sum + toCents(r.pim), 0n);
    const result = DIMENSIONS.map((dimension) => {
      const functions = rows.filter((r: Record<string, string>) => r.dimension === dimension);
      const pim = functions.reduce((s: bigint, r: Record<string, string>) => s + toCents(r.pim), 0n);
      const devengado = functions.reduce((s: bigint, r: Record<string, string>) => s + toCents(r.devengado), 0n);
      return {
        dimension,
        label: DIMENSION_LABELS[dimension],
        pim: fromCents(pim),
        devengado: fromCents(devengado),
        sharePct: sharePct(pim, total),
        executionRatePct: executionRatePct(devengado, pim),
        ...(q.byFunction
          ? {
              functions: functions.map((f: Record<string, string>) => ({
                function: f.function_code,
                name: f.function_name,
                pim: f.pim,
                devengado: f.devengado,
                executionRatePct: executionRatePct(toCents(f.devengado), toCents(f.pim)),
              })),
            }
          : {}),
      };
    });
    return {
      rows: result,
      totalPim: fromCents(total),
      sentence: tenSolesSentence(result.map((r) => ({ label: r.label, amount: toCents(r.pim) }))),
      classificationVersion: version,
      withoutRulePim: meta.without_rule_pim,
      years: meta.years,
      municipalities: meta.municipalities,
      importIds: meta.import_ids,
    };
  }

  async canon(q: CanonAnalysisQueryDto): Promise<CanonAnalysisResponseDto> {
    const range = yearSpan(q);
    const rows = await this.analytics.canon({ ...q, ...range });
    const totalTransferred = rows.reduce((s, r) => s + toCents(r.transferred), 0n);
    const figures = (r: { transferred: bigint; pim: bigint; devengado: bigint; pimAll: bigint; personYears: bigint | null; yearsWithTransfers: number; yearsWithBudget: number }): CanonFiguresDto => ({
      transferred: fromCents(r.transferred),
      pim: fromCents(r.pim),
      devengado: fromCents(r.devengado),
      unspentOfTransferred: fromCents(r.transferred - r.devengado),
      unspentOfPim: fromCents(r.pim - r.devengado),
      utilizationPct: sharePct(r.devengado, r.transferred),
      executionPct: executionRatePct(r.devengado, r.pim),
      sharePct: sharePct(r.transferred, totalTransferred),
      transferredPerCapita: r.personYears && r.personYears > 0n ? fromCents(divRoundHalfUp(r.transferred, r.personYears)) : null,
      canonShareOfPimPct: sharePct(r.pim, r.pimAll),
      yearsWithTransfers: r.yearsWithTransfers,
      yearsWithBudget: r.yearsWithBudget,
    });
    const parsed = rows.map((r) => ({
      ubigeo: r.ubigeo as string,
      name: r.name as string,
      years: r.years as number[],
      transferred: toCents(r.transferred),
      pim: toCents(r.pim),
      devengado: toCents(r.devengado),
      pimAll: toCents(r.pim_all),
      // per-capita only where every year with transfers has a population
      personYears: r.population_known && r.person_years !== null ? BigInt(r.person_years) : null,
      yearsWithTransfers: r.years_with_transfers as number,
      yearsWithBudget: r.years_with_budget as number,
    }));
    const sum = (f: 'transferred' | 'pim' | 'devengado' | 'pimAll') => parsed.reduce((s, r) => s + r[f], 0n);
    return {
      rows: parsed.map((r) => ({ ubigeo: r.ubigeo, name: r.name, ...figures(r) })),
      totals: figures({
        transferred: sum('transferred'),
        pim: sum('pim'),
        devengado: sum('devengado'),
        pimAll: sum('pimAll'),
        personYears: parsed.every((r) => r.personYears !== null) ? parsed.reduce((s, r) => s + (r.personYears ?? 0n), 0n) : null,
        yearsWithTransfers: Math.max(0, ...parsed.map((r) => r.yearsWithTransfers)),
        yearsWithBudget: Math.max(0, ...parsed.map((r) => r.yearsWithBudget)),
      }),
      years: [...new Set(parsed.flatMap((r) => r.years))].sort(),
    };
  }

  async urbanRural(q: UrbanRuralQueryDto): Promise<UrbanRuralResponseDto> {
    const rows = await this.analytics.urbanRural({ ...q, ...yearSpan(q) });
    const byGroup = new Map(rows.map((r) => [r.grp as string, r]));
    const known = (r: Record<string, any> | undefined) => (r && r.population_known ? BigInt(r.person_years) : 0n);
    const people = ['mostly_rural', 'mostly_urban', 'unknown'].reduce((s, g) => s + known(byGroup.get(g)), 0n);
    const spent = rows.reduce((s, r) => s + toCents(r.devengado), 0n);
    const groups = ['mostly_rural', 'mostly_urban', 'unknown'].map((group) => {
      const r = byGroup.get(group);
      const pim = r ? toCents(r.pim) : 0n;
      const devengado = r ? toCents(r.devengado) : 0n;
      const personYears = r?.population_known ? BigInt(r.person_years) : null;
      return {
        group,
        municipalities: r?.municipalities ?? [],
        population: personYears === null ? null : Number(divRoundHalfUp(personYears, BigInt(r!.year_count))),
        populationSharePct: personYears === null ? null : sharePct(personYears, people),
        pim: fromCents(pim),
        devengado: fromCents(devengado),
        devengadoSharePct: sharePct(devengado, spent),
        executionRatePct: executionRatePct(devengado, pim),
        pimPerCapita: personYears && personYears > 0n ? fromCents(divRoundHalfUp(pim, personYears)) : null,
        devengadoPerCapita: personYears && personYears > 0n ? fromCents(divRoundHalfUp(devengado, personYears)) : null,
      };
    });
    const urban = groups[1];
    return {
      groups,
      skewIndex: skewIndex(urban.devengadoSharePct, urban.populationSharePct),
      method: 'Rural share from MINAM urban/rural population, latest year with the split (mostly rural: over 50 %); municipality-year totals from Consulta Amigable; per inhabitant per year.',
      years: [...new Set(rows.flatMap((r) => r.years as number[]))].sort(),
    };
  }

  async rules(version?: number): Promise<RulesVersionDto> {
    const found = await this.analytics.version(await this.resolveVersion(version));
    return { version: found!.id, note: found!.note, createdAt: found!.created_at.toISOString(), rules: found!.rules };
  }

  async replaceRules(body: ReplaceRulesDto, createdBy: string): Promise<RulesVersionDto> {
    const seen = new Set<string>();
    for (const rule of body.rules) {
      const width = { function: 2, division: 3, group: 4 }[rule.level];
      if (rule.code.length !== width) {
        throw new DomainError(HttpStatus.BAD_REQUEST, 'INVALID_RULE', `A ${rule.level} code has ${width} digits: "${rule.code}".`);
      }
      const key = `${rule.level}/${rule.code}`;
      if (seen.has(key)) throw new DomainError(HttpStatus.BAD_REQUEST, 'INVALID_RULE', `Two rules for ${rule.level} ${rule.code}.`);
      seen.add(key);
    }
    return this.rules(await this.analytics.createVersion(body.note, createdBy, body.rules));
  }

  private async resolveVersion(version?: number): Promise<number> {
    if (version === undefined) return (await this.analytics.latestVersion())!;
    if (!(await this.analytics.version(version))) {
      throw new DomainError(HttpStatus.NOT_FOUND, 'CLASSIFICATION_VERSION_NOT_FOUND', `There is no classification version ${version}.`);
    }
    return version;
  }
}
