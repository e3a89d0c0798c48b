import { Injectable, Logger } from '@nestjs/common';

type Listener = (importId: number) => Promise<void>;

/**
 * What other features do once an import has committed (alerts: src/alerts). Listeners run after the
 * commit, outside the import's transaction, one after the other; a listener that fails is logged and
 * the import stays as it is: it has committed, and its answer is the same.
 */
@Injectable()
export class ImportEvents {
  private readonly logger = new Logger('ImportEvents');
  private readonly listeners: Listener[] = [];

  onCommitted(listener: Listener): void {
    this.listeners.push(listener);
  }

  async committed(importId: number): Promise<void> {
    for (const listener of this.listeners) {
      try {
        await listener(importId);
      } catch (e) {
        this.logger.error(`After import ${importId} committed: ${(e as Error).message}`, (e as Error).stack);
      }
    }
  }
}
