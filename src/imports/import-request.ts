import type { ImportFilters } from './formats/import-format.js';
import type { Import } from './import.entity.js';

export interface UploadedFile {
  path: string;
  originalName: string;
  size: number;
  /** An upload, removed when its import ends; false for files that ship with the project. */
  temporary: boolean;
  /** The SHA-256 of its bytes when already known (uploads are hashed as they arrive). */
  sha256?: string;
}

export interface ImportRequest {
  format?: string;
  snapshotDate?: string;
  filters?: ImportFilters;
  /** Validate and count what would change, then roll back. */
  dryRun?: boolean;
  /** Run after answering (202); by default files over BACKGROUND_IMPORT_MB do. */
  background?: boolean;
  /** reject (default): one bad row rejects the file. skip: bad rows are left out, listed and counted. */
  onError?: 'reject' | 'skip';
  createdBy: string;
  /** For a planner's key: the municipalities it may import; a row of any other refuses the whole file. */
  allowedMunicipalities?: string[];
  /** The rubro of every row that does not give its own (layouts that read one: budget-by-function). */
  rubro?: string;
}

export interface ImportOutcome {
  import: Import;
  /** False when the same file had been imported before and that import is returned. */
  created: boolean;
  /** True when that earlier import is returned (for a dry run too: a real upload would change nothing). */
  duplicate: boolean;
  dryRun: boolean;
  /** True when the import goes on after the answer: follow it with GET /imports/:id. */
  background: boolean;
}

/** The filters (and a stated rubro) as a stable string: the same file with other filters is another import. */
export function scopeOf(filters: ImportFilters = {}, rubro?: string): string {
  const parts: string[] = [];
  if (filters.department) parts.push(`department=${filters.department}`);
  if (filters.province) parts.push(`province=${filters.province}`);
  if (filters.municipalities?.length) parts.push(`municipality=${[...filters.municipalities].sort().join(',')}`);
  if (rubro !== undefined) parts.push(`rubro=${rubro}`);
  return parts.join(';');
}
