import { Injectable } from '@nestjs/common';
import { keyName } from '../common/roles.js';
import { divRoundHalfUp, fromCents, sumToCents } from '../common/decimal.js';
import { DomainError } from '../common/domain-error.js';
import { CanonDistributionRepository, type MunicipalityRow, type ProducingRow, type RulesTierRow } from './canon-distribution.repository.js';
import { distribute, type Distribution, MUNICIPAL_TIERS, type TierRule } from './distribution.js';
import {
  type CanonDistributionQueryDto,
  type CanonDistributionResponseDto,
  type ExpectedDto,
  MUNICIPAL_TIER_KEYS,
  type RulesVersionResultDto,
  type TierDto,
} from './dto/canon-distribution.dto.js';
import type { ProducingDistrictsDto } from './dto/producing-districts.dto.js';
import type { Lang } from '../i18n/messages.js';
import { sentence } from '../i18n/sentences.js';

export const DEFAULT_INDEX_CONCEPT = 'canon_minero';

const INDEX_SCALE = 15; // numeric(24,15)
const POVERTY_SCALE = 8; // numeric(12,8)

/** A PostgreSQL numeric text with exactly `scale` places (as numeric(p, scale) prints) → the whole number of its last unit. */
function scaled(text: string, scale: number): bigint {
  const [whole, fraction = ''] = text.split('.');
  if (fraction.length !== scale) throw new Error(`expected ${scale} decimal places: ${text}`);
  return BigInt(whole + fraction);
}

/** 903462500n, 8 → "9.03462500" */
const fromScaled = (value: bigint, scale: number): string => {
  const digits = value.toString().padStart(scale + 1, '0');
  return `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
};

/**
 * Each municipality's poverty rate in hundred-millionths of a percent: its own (INEI 2018), else, for a
 * district created after the map, its province's: Σ population × rate / Σ population over the province's
 * districts that have both, rounded half up.
 */
export function povertyRates(
  rows: Pick<MunicipalityRow, 'ubigeo' | 'provinceCode' | 'population' | 'povertyPct'>[],
): Map<string, { rate: bigint; from: 'district' | 'province' }> {
  const provinces = new Map<string, { people: bigint; poor: bigint }>();
  for (const r of rows) {
    if (r.population === null || r.povertyPct === null) continue;
    const p = provinces.get(r.provinceCode) ?? { people: 0n, poor: 0n };
    p.people += BigInt(r.population);
    p.poor += BigInt(r.population) * scaled(r.povertyPct, POVERTY_SCALE);
    provinces.set(r.provinceCode, p);
  }
  const rates = new Map<string, { rate: bigint; from: 'district' | 'province' }>();
  for (const r of rows) {
    const p = provinces.get(r.provinceCode);
    if (r.povertyPct !== null) rates.set(r.ubigeo, { rate: scaled(r.povertyPct, POVERTY_SCALE), from: 'district' });
    else if (p && p.people > 0n) rates.set(r.ubigeo, { rate: divRoundHalfUp(p.poor, p.people), from: 'province' });
  }
  return rates;
}

@Injectable()
export class CanonDistributionService {
  constructor(private readonly repository: CanonDistributionRepository) {}

  async distribution(q: CanonDistributionQueryDto, lang: Lang): Promise<CanonDistributionResponseDto> {
    const concept = q.indexConcept ?? DEFAULT_INDEX_CONCEPT;
    const name = await this.repository.departmentName(q.department);
    if (name === null) throw DomainError.of('DEPARTMENT_NOT_FOUND', { department: q.department });
    const [municipalities, received, rules, producing] = await Promise.all([
      this.repository.municipalities(q.department, q.year, concept),
      this.repository.received(q.department, q.year),
      this.repository.rules(),
      this.repository.producing(q.department, q.year),
    ]);

    const sumOf = (type: string) => received.filter((r) => r.entityType === type).reduce((a, r) => a + sumToCents(r.amount), 0n);
    const [municipal, regional, universities] = [sumOf('municipality'), sumOf('regional_government'), sumOf('university')];
    const pot = municipal + regional + universities;
    const receivedBy = new Map(received.filter((r) => r.entityType === 'municipality').map((r) => [r.ubigeo, sumToCents(r.amount)]));
    const poverty = povertyRates(municipalities);
    const inputs = municipalities.map((m) => ({
      ubigeo: m.ubigeo,
      provinceCode: m.provinceCode,
      official: m.officialIndex === null ? null : scaled(m.officialIndex, INDEX_SCALE),
      estimate: m.population === null || !poverty.has(m.ubigeo) ? null : BigInt(m.population) * poverty.get(m.ubigeo)!.rate,
    }));
    const versions = groupVersions(rules).map((v) => ({ ...v, result: distribute(pot, v.tiers, inputs, producing?.districts ?? null) }));

    const notes: string[] = [];
    const where = { department: q.department, year: q.year };
    if (received.length === 0) notes.push(sentence('canonDistribution.noTransfers', lang, where));
    if (!producing) {
      notes.push(sentence('canonDistribution.noProducing', lang, where));
    }
    const borrowed = municipalities.filter((m) => poverty.get(m.ubigeo)?.from === 'province').map((m) => m.ubigeo);
    if (borrowed.length > 0) notes.push(sentence('canonDistribution.borrowed', lang, { count: borrowed.length, ubigeos: borrowed.join(', ') }));
    const withoutIndex = inputs.filter((m) => m.official === null && m.estimate === null).map((m) => m.ubigeo);
    if (withoutIndex.length > 0) notes.push(sentence('canonDistribution.withoutIndex', lang, { count: withoutIndex.length, ubigeos: withoutIndex.join(', ') }));
    const unnamed = municipalities.filter((m) => !receivedBy.has(m.ubigeo)).length;
    if (received.length > 0 && unnamed > 0) notes.push(sentence('canonDistribution.unnamed', lang, { count: unnamed }));
    const throughMonth = received.length === 0 ? null : Math.min(...received.map((r) => r.throughMonth));
    if (throughMonth !== null && throughMonth < 12) notes.push(sentence('canonDistribution.throughMonth', lang, { month: throughMonth, year: q.year }));

    return {
      department: { code: q.department, name },
      year: q.year,
      pot: {
        total: fromCents(pot),
        municipalities: fromCents(municipal),
        regionalGovernment: fromCents(regional),
        universities: fromCents(universities),
        throughMonth,
        importIds: [...new Set(received.flatMap((r) => r.importIds))].sort((a, b) => a - b),
      },
      producingDistricts: producing && (await this.producingDto(q.department, q.year, producing)),
      index: {
        concept,
        officialMunicipalities: inputs.filter((m) => m.official !== null).length,
        estimatedMunicipalities: inputs.filter((m) => m.estimate !== null).length,
        withoutIndex,
        population: sentence('canonDistribution.population', lang),
        poverty: sentence('canonDistribution.poverty', lang),
      },
      versions: versions.map((v) => versionDto(v, v.result, regional, universities)),
      municipalities: municipalities.map((m) => {
        const got = receivedBy.get(m.ubigeo) ?? null;
        return {
          ubigeo: m.ubigeo,
          name: m.name,
          kind: m.kind,
          provinceCode: m.provinceCode,
          producing: producing?.districts.includes(m.ubigeo) ?? false,
          received: got === null ? null : fromCents(got),
          shareOfMunicipalCanonPct: got === null || municipal <= 0n ? null : Number(divRoundHalfUp(got * 10000n, municipal)) / 100,
          population: m.population,
          populationYear: m.populationYear,
          povertyPct: poverty.has(m.ubigeo) ? Number(fromScaled(poverty.get(m.ubigeo)!.rate, POVERTY_SCALE)) : null,
          povertyFrom: poverty.get(m.ubigeo)?.from ?? null,
          officialIndex: m.officialIndex === null ? null : m.officialIndex.replace(/\.?0+$/, ''),
          expected: versions.map((v) => expectedDto(v.version, v.result, m, got)),
        };
      }),
      notes,
      method: sentence('canonDistribution.method', lang),
    };
  }

  /** The producing districts entered, with their names. */
  async producingDto(department: string, year: number, row: ProducingRow): Promise<ProducingDistrictsDto> {
    return {
      department,
      year,
      districts: await this.repository.districtsOf(department, row.districts),
      reason: row.reason,
      setBy: row.setBy === null ? 'unknown' : keyName(row.setBy),
      setAt: row.setAt.toISOString(),
    };
  }
}

interface RulesVersion {
  version: number;
  name: string;
  source: string;
  note: string;
  tiers: TierRule[];
}

function groupVersions(rows: RulesTierRow[]): RulesVersion[] {
  const versions = new Map<number, RulesVersion>();
  for (const r of rows) {
    const v = versions.get(r.version) ?? { version: r.version, name: r.name, source: r.source, note: r.note, tiers: [] };
    v.tiers.push({ tier: r.tier, shareMilli: scaled(r.sharePct, 3), split: r.split });
    versions.set(r.version, v);
  }
  return [...versions.values()];
}

function versionDto(v: RulesVersion, d: Distribution, regional: bigint, universities: bigint): RulesVersionResultDto {
  const tiers: TierDto[] = d.tiers.map((t) => {
    const got = t.rule.tier === 'regional_government' ? regional : t.rule.tier === 'universities' ? universities : null;
    return {
      tier: t.rule.tier,
      sharePct: Number(t.rule.shareMilli) / 1000,
      split: t.rule.split,
      amount: fromCents(t.amount),
      status: t.status,
      indexSource: t.indexSource,
      municipalities: t.members.length,
      withoutIndex: t.withoutIndex,
      unassigned: fromCents(t.unassigned),
      received: got === null ? null : fromCents(got),
      difference: got === null ? null : fromCents(got - t.amount),
      note:
        t.status === 'not_split'
          ? 'Its municipalities are unknown: no producing districts were entered for the department and year.'
          : t.status === 'empty'
            ? 'None of its municipalities could take a part (none, or none with an index): the amount is unassigned.'
            : null,
    };
  });
  const complete = d.unassigned === 0n && d.tiers.every((t) => t.withoutIndex.length === 0);
  return { version: v.version, name: v.name, source: v.source, note: v.note, complete, tiers, unassigned: fromCents(d.unassigned) };
}

function expectedDto(version: number, d: Distribution, m: MunicipalityRow, received: bigint | null): ExpectedDto {
  const r = d.municipalities.get(m.ubigeo)!;
  const money = (c: bigint | null) => (c === null ? null : fromCents(c));
  const parts = Object.fromEntries(MUNICIPAL_TIERS.map((t) => [MUNICIPAL_TIER_KEYS[t], money(r.byTier[t])])) as Pick<
    ExpectedDto,
    'producingDistrict' | 'producingProvince' | 'department'
  >;
  const difference = received === null || r.expected === null ? null : received - r.expected;
  return {
    version,
    expected: money(r.expected),
    ...parts,
    difference: money(difference),
    differencePct: difference === null || r.expected === null || r.expected <= 0n ? null : Number(divRoundHalfUp(difference * 1000n, r.expected!)) / 10,
  };
}
