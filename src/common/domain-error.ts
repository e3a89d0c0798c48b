import type { HttpStatus } from '@nestjs/common';
import { codeOf, type MessageKey, type Params, type ProblemKey, render, type RowProblemKey, type Said, say, statusOf } from '../i18n/messages.js';

/** One problem with one cell or row of an uploaded file. */
export interface RowError {
  /** The worksheet, for a workbook; absent for CSV. */
  sheet?: string | null;
  /** 1-based row number as a spreadsheet program shows it (the header is usually row 1). */
  row: number;
  /** Column header as written in the file, or its letter when there is no header. */
  column: string | null;
  code: string;
  /** In English as recorded; answers word it again in the caller's language from `key` and `params`. */
  message: string;
  /** The offending value, cut to 100 characters. */
  value?: string | null;
  /** The registry's message (src/i18n/row-problems.ts) and its parameters; absent in records made before it. */
  key?: MessageKey;
  params?: Params;
}

/** A row error's code and message, from the registry, to spread into a RowError. */
export const rowSays = (key: RowProblemKey, params: Params = {}): Said => say(key, params);

/**
 * An error the caller can act on. `code` is stable (clients switch on it); `message` is for people,
 * in English here (logs), worded again in the caller's language by the problem filter.
 * Throw `DomainError.of(key, params)`: the status, code and message come from the registry
 * (src/i18n/problems.ts). The constructor remains for code that still passes its own English text,
 * which the filter recognises by the registry's English templates.
 */
export class DomainError extends Error {
  key?: ProblemKey;
  params: Params = {};

  constructor(
    readonly status: HttpStatus,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }

  static of(key: ProblemKey, params: Params = {}, details: Record<string, unknown> = {}): DomainError {
    const error = new DomainError(statusOf(key), codeOf(key), render(key, params, 'en'), details);
    error.key = key;
    error.params = params;
    return error;
  }
}
