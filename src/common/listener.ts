import pg from 'pg';

/** What a Listener tells its owner. */
export interface ListenerEvents {
  /** a notification on the channel, with its payload */
  notified(payload: string): void;
  /** the connection listens (at first, and again after each reconnection): notifications sent meanwhile were missed */
  connected?(): void;
  /** the connection was lost; it reconnects every second until stopped */
  lost?(): void;
}

/**
 * A connection of its own that LISTENs on one channel (NOTIFY from any instance, delivered when the
 * sender's transaction commits), reconnecting every second while it is down. The data version (ETags)
 * and the background imports handed back by a stopping instance (src/imports/import-takeover.ts) listen so.
 */
export class Listener {
  private client: pg.Client | undefined;
  private closed = false;

  constructor(
    private readonly url: string,
    private readonly channel: string,
    private readonly name: string,
    private readonly events: ListenerEvents,
  ) {}

  get listening(): boolean {
    return this.client !== undefined;
  }

  /** Connects and listens; throws if the first attempt fails (it keeps trying in the background). */
  async start(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url, application_name: `canon-tracker ${this.name}` });
    const lost = () => {
      if (this.client !== client) return;
      this.client = undefined;
      this.events.lost?.();
      client.end().catch(() => undefined);
      this.retry();
    };
    client.on('error', lost);
    client.on('end', lost);
    client.on('notification', (n) => this.events.notified(n.payload ?? ''));
    try {
      await client.connect();
      await client.query(`LISTEN ${this.channel}`);
    } catch (error) {
      client.end().catch(() => undefined);
      this.retry();
      throw error;
    }
    this.client = client;
    this.events.connected?.();
  }

  async stop(): Promise<void> {
    this.closed = true;
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private retry(): void {
    if (!this.closed) setTimeout(() => this.start().catch(() => undefined), 1000).unref();
  }
}
