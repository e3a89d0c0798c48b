import { HttpStatus } from '@nestjs/common';

/** One problem with one cell or row of an uploaded file. */
export interface RowError {
  /** The worksheet, for a workbook; absent for CSV. */
  sheet?: string | null;
  /** 1-based row number as a spreadsheet program shows it (the header is usually row 1). */
  row: number;
  /** Column header as written in the file, or its letter when there is no header. */
  column: string | null;
  code: string;
  message: string;
  /** The offending value, cut to 100 characters. */
  value?: string | null;
}

/**
 * An error the caller can act on. `code` is stable (clients switch on it); `message` is for people.
 * One filter turns these into HTTP problem responses.
 */
export class DomainError extends Error {
  constructor(
    readonly status: HttpStatus,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}
