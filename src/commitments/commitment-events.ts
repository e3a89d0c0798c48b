import { Injectable, Logger } from '@nestjs/common';

type Listener = (commitmentId: number) => Promise<void>;

/**
 * What other features do once a change of a commitment has committed (alerts: src/alerts evaluates
 * whether it is overdue). Listeners run after the commit, outside the write's transaction, one after the
 * other; a listener that fails is logged and the write stands: it has committed, and its answer is the same.
 */
@Injectable()
export class CommitmentEvents {
  private readonly logger = new Logger('CommitmentEvents');
  private readonly listeners: Listener[] = [];

  onWritten(listener: Listener): void {
    this.listeners.push(listener);
  }

  async written(commitmentId: number): Promise<void> {
    for (const listener of this.listeners) {
      try {
        await listener(commitmentId);
      } catch (e) {
        this.logger.error(`After commitment ${commitmentId} was written: ${(e as Error).message}`, (e as Error).stack);
      }
    }
  }
}
