import { readFileSync } from 'node:fs';
import { Injectable } from '@nestjs/common';
import { projectFile } from '../common/project-root.js';
import type { SourceDto, SourceListDto } from './dto/source.dto.js';

/** The bundled datasets as data/sources.json lists them, read once at start-up (data/PROVENANCE.md says more). */
@Injectable()
export class SourcesService {
  private readonly list: SourceListDto = { items: readSources(projectFile('data', 'sources.json')) };

  all(): SourceListDto {
    return this.list;
  }
}

/** Reads and checks the file: a source missing a field stops the service with the file and the field named. */
export function readSources(file: string): SourceDto[] {
  const { sources } = JSON.parse(readFileSync(file, 'utf8')) as { sources: Record<string, unknown>[] };
  return sources.map((s, i) => {
    const text = (key: string, nullable = false): string | null => {
      const value = s[key];
      if (typeof value === 'string' && value.length > 0) return value;
      if (nullable && value === null) return null;
      throw new Error(`${file}: source ${i + 1} has no ${key}`);
    };
    const list = (key: string): string[] => {
      const value = s[key];
      if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
      throw new Error(`${file}: source ${i + 1} has no list ${key}`);
    };
    // field by field: nothing the contract does not document reaches a response
    return {
      id: text('id')!,
      title: text('title')!,
      publisher: text('publisher')!,
      sourceUrl: text('sourceUrl')!,
      cutOff: text('cutOff', true),
      retrieved: text('retrieved')!,
      licence: text('licence')!,
      licenceFiles: list('licenceFiles'),
      files: list('files'),
    };
  });
}
