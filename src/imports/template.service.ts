import type { Writable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { TemplateRepository } from './template.repository.js';
import { prefillRows } from './template-prefill.js';
import { TEMPLATE_MAX_ROWS } from './template-workbook.js';
import { TemplateWorkers } from './template-workers.js';

/** The planner's workbook, streamed: its rows read here, written in a worker thread (TemplateWorkers). */
@Injectable()
export class TemplateService {
  constructor(
    private readonly imports: TemplateRepository,
    private readonly workers: TemplateWorkers,
  ) {}

  /** Empty (with examples) or prefilled with a municipality's current budget lines, else its projects to fill; with what is known of its spending beside. */
  async write(out: Writable, municipality?: string, year?: number): Promise<void> {
    // a client that goes away stops the writing (and the reading of lines) instead of leaving it waiting for a 'drain'
    const gone = new AbortController();
    const abort = () => gone.abort();
    out.once('close', abort);
    try {
      const rows = municipality
        ? prefillRows(
            this.imports.templateLines(municipality, year, TEMPLATE_MAX_ROWS),
            () => this.imports.templateProjects(municipality, TEMPLATE_MAX_ROWS),
            municipality,
            year,
          )
        : null;
      const reference = municipality ? await this.imports.templateReference(municipality, year) : null;
      await this.workers.write(out, rows, reference, gone.signal);
    } catch (err) {
      if (gone.signal.aborted) return; // nobody is left to answer
      if ((out as Writable & { headersSent?: boolean }).headersSent) out.destroy(); // a cut workbook must not look complete
      throw err;
    } finally {
      out.off('close', abort);
    }
  }
}
