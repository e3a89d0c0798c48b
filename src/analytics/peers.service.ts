import { Injectable } from '@nestjs/common';
import { fromCents, executionRatePct } from '../common/decimal.js';
import { DomainError } from '../common/domain-error.js';
import { onePlace } from '../geography/places.js';
import type { Lang } from '../i18n/messages.js';
import { type SentenceKey, sentence } from '../i18n/sentences.js';
import type { PeersQueryDto, PeersResponseDto } from './dto/peers.dto.js';
import { inBand, peerBand, perCapitaCents, type Standing, standings } from './peers.js';
import { PeersRepository } from './peers.repository.js';

/** What a peer left out of each measure lacked. */
const LACKING: Record<'executionRatePct' | 'devengadoPerCapita' | 'canonPerCapita', SentenceKey> = {
  executionRatePct: 'peers.what.rate',
  devengadoPerCapita: 'coverage.what.totals',
  canonPerCapita: 'coverage.what.transfers',
};

type Level = PeersResponseDto['level'];

@Injectable()
export class PeersService {
  constructor(private readonly repository: PeersRepository) {}

  /** The candidates a place is chosen among: the municipalities or provinces of its department, or the departments. */
  private candidates(level: Level, code: string, year: number) {
    if (level === 'municipality') return this.repository.department(code, year);
    if (level === 'province') return this.repository.provinces(code.slice(0, 2), year);
    return this.repository.departments(year);
  }

  /** The place against the places of its level (in its department, or the departments) with half to double its population, in `year`. */
  async peers(q: PeersQueryDto, lang: Lang): Promise<PeersResponseDto> {
    const { level, code } = onePlace(q);
    const candidates = await this.candidates(level, code, q.year);
    const place = candidates.find((m) => m.ubigeo === code);
    if (!place) throw level === 'municipality' ? DomainError.of('MUNICIPALITY_NOT_FOUND', { ubigeo: code }) : DomainError.of('PLACE_NOT_FOUND', { code });
    const area = level !== 'municipality';
    const others = candidates.filter((m) => m !== place);
    const band = place.population === null ? null : peerBand(place.population);
    const peers = place.population === null ? [] : others.filter((m) => inBand(place.population as number, m.population));
    const withoutPopulation = others.filter((m) => m.population === null).map((m) => m.ubigeo);
    const standing = standings(place, peers);
    const notes: string[] = [];
    if (band !== null && withoutPopulation.length > 0) {
      const key = level === 'municipality' ? 'peers.withoutPopulation' : (`peers.withoutPopulation.${level}` as const);
      notes.push(sentence(key, lang, { count: withoutPopulation.length, department: place.departmentName, list: withoutPopulation.join(', ') }));
    }
    for (const [measure, s] of Object.entries(standing) as [keyof typeof LACKING, Standing<unknown>][]) {
      if (s.leftOut.length === 0) continue;
      notes.push(
        sentence(area ? 'peers.leftOut.area' : 'peers.leftOut', lang, {
          count: s.leftOut.length,
          what: sentence(LACKING[measure], lang),
          year: q.year,
          measure: sentence(`peers.measure.${measure}`, lang),
          list: s.leftOut.join(', '),
        }),
      );
    }
    const perCapita = (amount: bigint | null, population: number | null) => {
      const cents = perCapitaCents(amount, population);
      return cents === null ? null : fromCents(cents);
    };
    const rule = level === 'municipality' ? 'peers.rule' : (`peers.rule.${level}` as const);
    return {
      ubigeo: place.ubigeo,
      level,
      name: place.name,
      departmentCode: place.departmentCode,
      departmentName: place.departmentName,
      year: q.year,
      population: place.population,
      populationYear: place.populationYear,
      minPopulation: band?.min ?? null,
      maxPopulation: band?.max ?? null,
      rule:
        band === null
          ? sentence(area ? 'peers.noPopulation.area' : 'peers.noPopulation', lang, { name: place.name })
          : sentence(rule, lang, {
              department: place.departmentName,
              name: place.name,
              population: place.population ?? '',
              populationYear: place.populationYear ?? '',
              min: band.min,
              max: band.max,
            }),
      peers: peers.map((p) => ({
        ubigeo: p.ubigeo,
        name: p.name,
        kind: p.kind,
        population: p.population as number,
        executionRatePct: p.pim === null || p.devengado === null ? null : executionRatePct(p.devengado, p.pim),
        devengadoPerCapita: perCapita(p.devengado, p.population),
        canonPerCapita: perCapita(p.transferred, p.population),
        canonSource: p.canon.canonSource,
      })),
      withoutPopulation: band === null ? [] : withoutPopulation,
      ...standing,
      canon: place.canon,
      notes,
    };
  }
}
