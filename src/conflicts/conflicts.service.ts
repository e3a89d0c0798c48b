import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { knownPlaces, levelOf } from '../geography/places.js';
import type { ConflictCaseDto, ConflictPageDto, ConflictQueryDto, ConflictSummaryDto } from './dto/conflict.dto.js';
import { type ConflictCaseRow, ConflictsRepository } from './conflicts.repository.js';
import { pagedTotal } from '../common/paging.js';

/** The Defensoría's conflict cases of the latest imported report, per place. */
@Injectable()
export class ConflictsService {
  constructor(
    private readonly db: DataSource,
    private readonly conflicts: ConflictsRepository,
  ) {}

  async list(q: ConflictQueryDto): Promise<ConflictPageDto> {
    if (q.place) await knownPlaces((text, params) => this.db.query(text, params), [q.place]);
    const limit = q.limit ?? 100;
    const offset = q.offset ?? 0;
    const source = await this.conflicts.latest();
    const rows = source ? await this.conflicts.cases(source.importId, q, limit, offset) : [];
    const total = source ? await pagedTotal(rows, offset, () => this.conflicts.cases(source.importId, q, 1, 0)) : 0;
    return { total, limit, offset, source, items: rows.map(toCase) };
  }

  /** The cases of a place known to exist, counted, for the commitments read of that place. */
  async summary(place: string): Promise<ConflictSummaryDto> {
    const source = await this.conflicts.latest();
    const counts = source ? await this.conflicts.counts(source.importId, place) : { cases: 0, active: 0, withDialogue: 0 };
    return { ...counts, snapshotDate: source?.snapshotDate ?? null, href: `/api/v1/conflicts?place=${place}` };
  }
}

function toCase({ total: _total, place, placeName, ...r }: ConflictCaseRow): ConflictCaseDto {
  return { ...r, place: { code: place, level: levelOf(place), name: placeName } };
}
