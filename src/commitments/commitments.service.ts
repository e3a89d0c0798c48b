import { Injectable } from '@nestjs/common';
import { recordAudit } from '../audit/audit.js';
import { type Caller, keyName } from '../common/roles.js';
import { DomainError } from '../common/domain-error.js';
import { MAX_ID } from '../common/query-params.js';
import type { Sql } from '../common/sql.js';
import { ConflictsService } from '../conflicts/conflicts.service.js';
import { knownPlaces, levelOf, municipalitiesOf } from '../geography/places.js';
import { CommitmentEvents } from './commitment-events.js';
import { type CommitmentFields, type CommitmentRow, CommitmentsRepository } from './commitments.repository.js';
import {
  type CommitmentDto,
  type CommitmentPageDto,
  type CommitmentQueryDto,
  type CreateCommitmentDto,
  CUI_PATTERN,
  type UpdateCommitmentDto,
} from './dto/commitment.dto.js';
import { canonicalAmount, commitmentProgress } from './progress.js';
import { pagedTotal } from '../common/paging.js';

type Audited = 'commitment_created' | 'commitment_updated' | 'commitment_projects' | 'commitment_archived';

/**
 * Dialogue-table commitments. Reads are public; every change runs in one transaction with its audit
 * event (which lists every municipality of the places before and after it). A planner key changes only
 * commitments whose places all lie within its municipalities: a province or department is within them
 * only when every one of its municipalities is. Once a creation, change or (un)link has committed, and
 * outside its transaction, CommitmentEvents tells the alerts (whether it is overdue now): their failure is
 * logged, never the write's.
 */
@Injectable()
export class CommitmentsService {
  constructor(
    private readonly commitments: CommitmentsRepository,
    private readonly conflicts: ConflictsService,
    private readonly events: CommitmentEvents,
  ) {}

  async list(q: CommitmentQueryDto, today: string): Promise<CommitmentPageDto> {
    if (q.place) await knownPlaces(this.commitments.sql, [q.place]);
    const limit = q.limit ?? 100;
    const offset = q.offset ?? 0;
    const date = q.date ?? today;
    const rows = await this.commitments.list(q, date, limit, offset);
    return {
      total: await pagedTotal(rows, offset, () => this.commitments.list(q, date, 1, 0)),
      limit,
      offset,
      items: await this.toDtos(rows, date),
      conflicts: q.place ? await this.conflicts.summary(q.place) : null,
    };
  }

  async get(id: number, date: string): Promise<CommitmentDto> {
    const row = validId(id) ? await this.commitments.find(this.commitments.sql, id, date) : null;
    if (!row) throw DomainError.of('COMMITMENT_NOT_FOUND', { id });
    return (await this.toDtos([row], date))[0];
  }

  async create(body: CreateCommitmentDto, caller: Caller, today: string): Promise<CommitmentDto> {
    const fields: CommitmentFields = {
      forum: body.forum.trim(),
      agreedOn: body.agreedOn,
      partyKind: body.partyKind,
      partyName: body.partyName.trim(),
      description: body.description.trim(),
      amount: body.amount == null ? null : canonicalAmount(body.amount),
      deadline: body.deadline ?? null,
      places: [...body.places].sort(),
      status: body.status ?? 'pendiente',
      evidenceUrl: body.evidenceUrl ?? null,
    };
    checkDates(fields);
    const projects = [...(body.projects ?? [])].sort();
    const id = await this.commitments.transaction(async (sql) => {
      const municipalities = await this.placesMayBeWritten(sql, fields.places, caller);
      await this.projectsKnown(sql, projects);
      const id = await this.commitments.insert(sql, fields, municipalities, caller.keyId);
      if (projects.length > 0) await this.commitments.link(sql, id, projects, caller.keyId);
      await audit(sql, caller, 'commitment_created', id, municipalities, null, { ...fields, projects });
      return id;
    });
    await this.events.written(id);
    return this.get(id, today);
  }

  async update(id: number, body: UpdateCommitmentDto, caller: Caller, today: string): Promise<CommitmentDto> {
    const given = Object.entries(body).filter(([, v]) => v !== undefined);
    if (given.length === 0) throw DomainError.of('INVALID_COMMITMENT.nothing');
    await this.commitments.transaction(async (sql) => {
      const before = await this.changeable(sql, id, caller, today);
      const after: CommitmentFields = {
        ...fieldsOf(before),
        ...(body.forum !== undefined && { forum: body.forum.trim() }),
        ...(body.agreedOn !== undefined && { agreedOn: body.agreedOn }),
        ...(body.partyKind !== undefined && { partyKind: body.partyKind }),
        ...(body.partyName !== undefined && { partyName: body.partyName.trim() }),
        ...(body.description !== undefined && { description: body.description.trim() }),
        ...(body.amount !== undefined && { amount: body.amount === null ? null : canonicalAmount(body.amount) }),
        ...(body.deadline !== undefined && { deadline: body.deadline }),
        ...(body.places !== undefined && { places: [...body.places].sort() }),
        ...(body.status !== undefined && { status: body.status }),
        ...(body.evidenceUrl !== undefined && { evidenceUrl: body.evidenceUrl }),
      };
      checkDates(after);
      const municipalities = body.places === undefined ? before.municipalities : await this.placesMayBeWritten(sql, after.places, caller);
      await this.commitments.update(sql, id, after, municipalities);
      const touched = [...new Set([...before.municipalities, ...municipalities])].sort();
      await audit(sql, caller, 'commitment_updated', id, touched, fieldsOf(before), after);
    });
    await this.events.written(id);
    return this.get(id, today);
  }

  async link(id: number, cui: string, caller: Caller, today: string): Promise<CommitmentDto> {
    checkCui(cui);
    await this.commitments.transaction(async (sql) => {
      const before = await this.changeable(sql, id, caller, today);
      await this.projectsKnown(sql, [cui]);
      if (before.projects.includes(cui)) return; // linked already: nothing changes, nothing to record
      await this.commitments.link(sql, id, [cui], caller.keyId);
      await audit(sql, caller, 'commitment_projects', id, before.municipalities, { projects: before.projects }, { projects: [...before.projects, cui].sort() });
    });
    await this.events.written(id);
    return this.get(id, today);
  }

  async unlink(id: number, cui: string, caller: Caller, today: string): Promise<CommitmentDto> {
    checkCui(cui);
    await this.commitments.transaction(async (sql) => {
      const before = await this.changeable(sql, id, caller, today);
      if (!before.projects.includes(cui)) throw DomainError.of('PROJECT_NOT_LINKED', { cui, id });
      await this.commitments.unlink(sql, id, cui);
      await audit(
        sql,
        caller,
        'commitment_projects',
        id,
        before.municipalities,
        { projects: before.projects },
        { projects: before.projects.filter((p) => p !== cui) },
      );
    });
    await this.events.written(id);
    return this.get(id, today);
  }

  /** Archives it: it leaves the lists (unless includeArchived=true) and can no longer change; its record stays. */
  async archive(id: number, caller: Caller, today: string): Promise<CommitmentDto> {
    await this.commitments.transaction(async (sql) => {
      const before = await this.changeable(sql, id, caller, today);
      await this.commitments.archive(sql, id);
      await audit(sql, caller, 'commitment_archived', id, before.municipalities, { ...fieldsOf(before), projects: before.projects }, null);
    });
    return this.get(id, today);
  }

  /** The commitment, locked for the change: it exists, is not archived, and the caller may write its places. */
  private async changeable(sql: Sql, id: number, caller: Caller, today: string): Promise<CommitmentRow> {
    const row = validId(id) ? await this.commitments.find(sql, id, today, true) : null;
    if (!row) throw DomainError.of('COMMITMENT_NOT_FOUND', { id });
    if (row.archivedAt !== null) throw DomainError.of('COMMITMENT_ARCHIVED', { id });
    mayWrite(caller, row.places, await municipalitiesOf(sql, row.places));
    return row;
  }

  /** The municipalities of `places`, once they are known places (400 UNKNOWN_PLACE) the caller may write (403). */
  private async placesMayBeWritten(sql: Sql, places: string[], caller: Caller): Promise<string[]> {
    const of = await knownPlaces(sql, places);
    mayWrite(caller, places, of);
    return [...new Set([...of.values()].flat())].sort();
  }

  private async projectsKnown(sql: Sql, cuis: string[]): Promise<void> {
    if (cuis.length === 0) return;
    const known = new Set(await this.commitments.known(sql, cuis));
    const unknown = cuis.filter((c) => !known.has(c));
    if (unknown.length > 0) throw DomainError.of('UNKNOWN_PROJECT', { cuis: unknown });
  }

  private async toDtos(rows: CommitmentRow[], date: string): Promise<CommitmentDto[]> {
    const figures = await this.commitments.figures([...new Set(rows.flatMap((r) => r.projects))]);
    const names = await this.commitments.placeNames([...new Set(rows.flatMap((r) => r.places))]);
    return rows.map((r) => {
      const projects = r.projects.map((cui) => {
        const f = figures.get(cui);
        const progress = commitmentProgress(null, [{ cui, pim: f?.pim ?? null, devengado: f?.devengado ?? null, cost: f?.cost ?? null }]);
        return {
          cui,
          name: f?.name ?? null,
          pim: progress.pim,
          devengado: progress.devengado,
          executionRatePct: progress.executionRatePct,
          cost: progress.cost,
          costSource: f?.costSource ?? null,
        };
      });
      return {
        id: r.id,
        ...fieldsOf(r),
        places: r.places.map((code) => ({ code, level: levelOf(code), name: names.get(code) ?? null })),
        municipalities: r.municipalities,
        overdue: r.overdue,
        asOf: date,
        relation: r.relation,
        projects,
        progress: commitmentProgress(r.amount, projects),
        createdBy: r.createdBy === null ? null : keyName(r.createdBy),
        createdAt: r.createdAt.toISOString(),
        updatedAt: r.updatedAt.toISOString(),
        archivedAt: r.archivedAt?.toISOString() ?? null,
      };
    });
  }
}

function fieldsOf(r: CommitmentFields): CommitmentFields {
  const { forum, agreedOn, partyKind, partyName, description, amount, deadline, places, status, evidenceUrl } = r;
  return { forum, agreedOn, partyKind, partyName, description, amount, deadline, places, status, evidenceUrl };
}

const validId = (id: number): boolean => Number.isInteger(id) && id >= 1 && id <= MAX_ID;

function checkDates(f: CommitmentFields): void {
  if (f.deadline !== null && f.deadline < f.agreedOn) throw DomainError.of('INVALID_COMMITMENT', { deadline: f.deadline, agreedOn: f.agreedOn });
}

function checkCui(cui: string): void {
  if (!CUI_PATTERN.test(cui)) throw DomainError.of('UNKNOWN_PROJECT', { cuis: [cui] });
}

/** A planner key writes only places all of whose municipalities it holds; other roles the route allows write anywhere. */
function mayWrite(caller: Caller, places: string[], municipalitiesOfPlace: Map<string, string[]>): void {
  if (caller.role !== 'planner') return;
  const own = new Set(caller.municipalities);
  const outside = places.filter((p) => (municipalitiesOfPlace.get(p) ?? []).some((m) => !own.has(m)));
  if (outside.length > 0) throw DomainError.of('MUNICIPALITY_NOT_ALLOWED', { places: outside });
}

function audit(sql: Sql, caller: Caller, action: Audited, id: number, municipalities: string[], before: unknown, after: unknown): Promise<void> {
  return recordAudit(sql, { keyId: caller.keyId, action, municipalities, subject: String(id), before, after });
}
