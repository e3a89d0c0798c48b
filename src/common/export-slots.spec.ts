import { EventEmitter } from 'node:events';
import { BadRequestException, type CallHandler, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import { lastValueFrom, type Observable, of, Subject, throwError, toArray } from 'rxjs';
import type { AppConfig } from '../config/app-config.js';
import { DomainError } from './domain-error.js';
import { CHARGE, countryWide, ExportSlotInterceptor, ExportSlots, HeavyExport, WideRead, WideReadInterceptor, WideReadSlots } from './export-slots.js';

/** Lets pending promise callbacks run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

/** A client's response: it emits 'close' when the client goes away. */
const client = () => new EventEmitter() as unknown as Response;

describe('export slots', () => {
  const slots = (exportConcurrency: number, exportQueue: number) => {
    const inner = new ExportSlots({ exportConcurrency, exportQueue } as AppConfig);
    // every export here keeps its client: a slot or a turn is always given (null only when the client goes)
    return { acquire: async () => (await inner.acquire(client()))!, inner };
  };

  it('gives EXPORT_CONCURRENCY slots at once, queues EXPORT_QUEUE more in order, and refuses the next with 503 EXPORTS_BUSY', async () => {
    const s = slots(2, 2);
    const first = await s.acquire();
    await s.acquire();
    const started: string[] = [];
    const third = s.acquire().then((release) => {
      started.push('third');
      return release;
    });
    const fourth = s.acquire().then((release) => {
      started.push('fourth');
      return release;
    });
    await expect(s.acquire()).rejects.toMatchObject({
      status: 503,
      code: 'EXPORTS_BUSY',
      message: '2 exports are being written and 2 wait for their turn; retry in a few seconds.',
    });
    await settle();
    expect(started).toEqual([]);
    first();
    await settle();
    expect(started).toEqual(['third']);
    (await third)();
    await settle();
    expect(started).toEqual(['third', 'fourth']);
    await fourth;
  });

  it('frees a slot once however often its release is called', async () => {
    const s = slots(1, 1);
    const release = await s.acquire();
    const waiting = s.acquire();
    release();
    release(); // the second call must not free the slot the waiting export now holds
    const second = await waiting;
    let third = false;
    void s.acquire().then(() => (third = true));
    await settle();
    expect(third).toBe(false);
    second();
    await settle();
    expect(third).toBe(true);
  });

  it('with no queue, refuses as soon as every slot is taken, and takes again once one is free', async () => {
    const s = slots(1, 0);
    const release = await s.acquire();
    await expect(s.acquire()).rejects.toMatchObject({ code: 'EXPORTS_BUSY' });
    release();
    await expect(s.acquire()).resolves.toEqual(expect.any(Function));
  });

  it('gives up the place of a client that goes away while it waits, and passes the slot to the next', async () => {
    const s = new ExportSlots({ exportConcurrency: 1, exportQueue: 2 } as AppConfig);
    const release = (await s.acquire(client()))!;
    const leaving = client();
    const gone = s.acquire(leaving);
    const staying = s.acquire(client());
    leaving.emit('close');
    expect(await gone).toBeNull();
    release();
    expect(await staying).toEqual(expect.any(Function));
    // the queue has room for two again: the leaver's place was freed
    const a = s.acquire(client());
    const b = s.acquire(client());
    await expect(s.acquire(client())).rejects.toMatchObject({ code: 'EXPORTS_BUSY' });
    void a;
    void b;
  });

  it('does not take the place of the next in the queue when a client goes away just after its turn came', async () => {
    const s = new ExportSlots({ exportConcurrency: 1, exportQueue: 2 } as AppConfig);
    const first = (await s.acquire(client()))!;
    const second = client();
    const secondTurn = s.acquire(second);
    let third: (() => void) | null = null;
    void s.acquire(client()).then((release) => (third = release));
    first(); // the slot passes to the second...
    second.emit('close'); // ...whose client leaves before its turn is handed over: nobody else's place is given up
    const release = await secondTurn;
    expect(release).toEqual(expect.any(Function)); // the turn came first: the slot is the second's, to release
    release!();
    await settle();
    expect(third).toEqual(expect.any(Function));
  });

  it('stops listening to a client once its turn has come', async () => {
    const s = new ExportSlots({ exportConcurrency: 1, exportQueue: 1 } as AppConfig);
    const first = (await s.acquire(client()))!;
    const waiting = client();
    const turn = s.acquire(waiting);
    expect((waiting as unknown as EventEmitter).listenerCount('close')).toBe(1);
    first();
    await turn;
    expect((waiting as unknown as EventEmitter).listenerCount('close')).toBe(0);
  });
});

describe('slots per caller', () => {
  it("runs one request of a caller at a time: its next waits while another caller's goes ahead, and takes the slot its first frees", async () => {
    const s = new WideReadSlots({ wideReadConcurrency: 2, wideReadQueue: 16 } as AppConfig);
    const first = (await s.acquire(client(), 'key:7'))!;
    const started: string[] = [];
    const again = s.acquire(client(), 'key:7').then((release) => {
      started.push('key:7 again');
      return release!;
    });
    await settle();
    expect(started).toEqual([]); // a slot is free, but key 7 already runs one
    const other = await s.acquire(client(), 'ip:10.0.0.1'); // another caller takes the free slot at once
    expect(other).toEqual(expect.any(Function));
    other!(); // freed: key 7 still runs one, so its next still waits
    await settle();
    expect(started).toEqual([]);
    first();
    await settle();
    expect(started).toEqual(['key:7 again']);
    (await again)();
  });

  it("passes a freed slot to the first waiting request whose caller runs none, past the running caller's own next", async () => {
    const s = new WideReadSlots({ wideReadConcurrency: 2, wideReadQueue: 16 } as AppConfig);
    const a = (await s.acquire(client(), 'key:1'))!;
    const b = (await s.acquire(client(), 'key:2'))!;
    const order: string[] = [];
    const wait = (caller: string) =>
      s.acquire(client(), caller).then((release) => {
        order.push(caller);
        return release!;
      });
    const b2 = wait('key:2'); // first in the queue, but key 2 still runs one
    const c = wait('key:3');
    a();
    await settle();
    expect(order).toEqual(['key:3']);
    b();
    await settle();
    expect(order).toEqual(['key:3', 'key:2']);
    (await c)();
    (await b2)();
  });

  it('lets a caller wait in at most a quarter of the queue (at least one place): beyond, 503 for it, while others still queue', async () => {
    const s = new WideReadSlots({ wideReadConcurrency: 1, wideReadQueue: 8 } as AppConfig);
    await s.acquire(client(), 'key:1');
    // 8 / 4 = 2 places for key 1
    void s.acquire(client(), 'key:1');
    void s.acquire(client(), 'key:1');
    await expect(s.acquire(client(), 'key:1')).rejects.toMatchObject({ status: 503, code: 'WIDE_READS_BUSY' });
    const other = s.acquire(client(), 'key:2'); // queued, not refused
    await settle();
    await expect(Promise.race([other.then(() => 'granted'), settle().then(() => 'waiting')])).resolves.toBe('waiting');
    // with a queue of 2, a caller has one place
    const small = new ExportSlots({ exportConcurrency: 1, exportQueue: 2 } as AppConfig);
    await small.acquire(client(), 'ip:1.2.3.4');
    void small.acquire(client(), 'ip:1.2.3.4');
    await expect(small.acquire(client(), 'ip:1.2.3.4')).rejects.toMatchObject({ code: 'EXPORTS_BUSY' });
  });

  it("forgets a caller whose requests are done, and gives a caller's waiting place back when its client goes", async () => {
    const s = new WideReadSlots({ wideReadConcurrency: 1, wideReadQueue: 4 } as AppConfig);
    const first = (await s.acquire(client(), 'key:1'))!;
    const leaving = client();
    const gone = s.acquire(leaving, 'key:1');
    leaving.emit('close');
    expect(await gone).toBeNull();
    // its one place (4 / 4) is free again
    const next = s.acquire(client(), 'key:1');
    first();
    const release = (await next)!;
    release();
    const counts = s as unknown as { runningOf: Map<string, number>; waitingOf: Map<string, number> };
    expect([counts.runningOf.size, counts.waitingOf.size]).toEqual([0, 0]);
  });
});

describe('country-wide reads', () => {
  it('are those that name no department, province or municipality', () => {
    expect(countryWide({})).toBe(true);
    expect(countryWide({ year: '2024', level: 'detail' })).toBe(true);
    expect(countryWide({ department: '', province: undefined })).toBe(true); // empty is not named
    expect(countryWide({ department: '08' })).toBe(false);
    expect(countryWide({ province: '0808' })).toBe(false);
    expect(countryWide({ municipality: '080801' })).toBe(false);
  });

  it('take WIDE_READ_CONCURRENCY slots, and refuse more than WIDE_READ_QUEUE waiting with 503 WIDE_READS_BUSY', async () => {
    const s = new WideReadSlots({ wideReadConcurrency: 1, wideReadQueue: 0 } as AppConfig);
    const release = (await s.acquire(client()))!;
    await expect(s.acquire(client())).rejects.toMatchObject({
      status: 503,
      code: 'WIDE_READS_BUSY',
      message: '1 country-wide reads are running and 0 wait for their turn; retry in a few seconds, or ask for one department.',
    });
    release();
    await expect(s.acquire(client())).resolves.toEqual(expect.any(Function));
  });
});

describe('the slot interceptors', () => {
  const context = (res: Response, query: Record<string, string> = {}, handler: () => void = () => undefined) =>
    ({
      switchToHttp: () => ({ getResponse: () => res, getRequest: () => ({ query }) }),
      getHandler: () => handler,
    }) as unknown as ExecutionContext;
  /** A handler whose answer comes when `done` is called; `calls` counts its runs. */
  const handler = () => {
    const answer = new Subject<string>();
    const next = {
      calls: 0,
      handle: () => {
        next.calls++;
        return answer.asObservable();
      },
    };
    const done = () => {
      answer.next('answer');
      answer.complete();
    };
    return { next: next as CallHandler & { calls: number }, done };
  };
  const answers = (observable: Observable<unknown>) => lastValueFrom(observable.pipe(toArray()));

  it("holds an export's slot until its handler's work is done", async () => {
    const slots = new ExportSlots({ exportConcurrency: 1, exportQueue: 1 } as AppConfig);
    const { next, done } = handler();
    const answered = answers(new ExportSlotInterceptor(slots).intercept(context(client()), next));
    await settle();
    let second = false;
    void slots.acquire(client()).then(() => (second = true));
    await settle();
    expect(second).toBe(false);
    done();
    expect(await answered).toEqual(['answer']);
    await settle();
    expect(second).toBe(true);
  });

  it('runs no handler for a client that went away, while waiting or just as its turn came, and passes the slot on', async () => {
    const slots = new ExportSlots({ exportConcurrency: 1, exportQueue: 2 } as AppConfig);
    const first = (await slots.acquire(client()))!;
    const { next } = handler();
    const leaving = client();
    const gone = answers(new ExportSlotInterceptor(slots).intercept(context(leaving), next));
    const closed = Object.assign(client(), { destroyed: true });
    const destroyed = answers(new ExportSlotInterceptor(slots).intercept(context(closed), next));
    await settle();
    leaving.emit('close');
    first(); // the slot goes to the destroyed response, which passes it on at once
    expect(await gone).toEqual([]);
    expect(await destroyed).toEqual([]);
    expect(next.calls).toBe(0);
    await expect(slots.acquire(client())).resolves.toEqual(expect.any(Function));
  });

  it('charges the caller HEAVY_REQUEST_COST - 1 more before the work starts, and gives it back when a pipe refused its parameters', async () => {
    const slots = new ExportSlots({ exportConcurrency: 2, exportQueue: 2, heavyRequestCost: 10 } as AppConfig);
    const outcome = async (answer: Observable<unknown>) => {
      const charged: number[] = [];
      const request = { query: {}, [CHARGE]: (n: number) => charged.push(n) };
      const ctx = { switchToHttp: () => ({ getResponse: () => client(), getRequest: () => request }) } as unknown as ExecutionContext;
      await answers(new ExportSlotInterceptor(slots).intercept(ctx, { handle: () => answer })).catch(() => undefined);
      return charged;
    };
    expect(await outcome(of('workbook'))).toEqual([9]);
    // the validation pipe's refusal, before the handler ran: given back
    expect(await outcome(throwError(() => new BadRequestException(['year must be an integer number'])))).toEqual([9, -9]);
    // errors of the handler's own, after (or while) computing: kept
    expect(await outcome(throwError(() => DomainError.of('QUERY_TIMEOUT')))).toEqual([9]);
    expect(await outcome(throwError(() => DomainError.of('PRICE_INDEX_MISSING', { years: '2030', series: 'PN01273PM' })))).toEqual([9]);
    expect(await outcome(throwError(() => DomainError.of('PRICES_NEED_ONE_YEAR', { where: 'years 2023-2024' })))).toEqual([9]);
  });

  it('takes a wide-read slot only for country-wide reads, and with detailOnly only for level=detail', async () => {
    class Routes {
      @WideRead()
      any() {}
      @WideRead({ detailOnly: true })
      detail() {}
    }
    const slots = new WideReadSlots({ wideReadConcurrency: 1, wideReadQueue: 0 } as AppConfig);
    const interceptor = new WideReadInterceptor(slots, new Reflector());
    await slots.acquire(client()); // the one slot is taken: a read that needs one is refused
    const outcome = (query: Record<string, string>, route: () => void) => {
      const { next, done } = handler();
      const answered = answers(interceptor.intercept(context(client(), query, route), next));
      done();
      return answered.then(
        (values) => values,
        (e: { code: string }) => e.code,
      );
    };
    expect(await outcome({ department: '08' }, Routes.prototype.any)).toEqual(['answer']);
    expect(await outcome({}, Routes.prototype.any)).toBe('WIDE_READS_BUSY');
    expect(await outcome({ level: 'summary' }, Routes.prototype.detail)).toEqual(['answer']);
    expect(await outcome({}, Routes.prototype.detail)).toEqual(['answer']);
    expect(await outcome({ level: 'detail' }, Routes.prototype.detail)).toBe('WIDE_READS_BUSY');
    expect(await outcome({ level: 'detail', province: '0808' }, Routes.prototype.detail)).toEqual(['answer']);
  });

  it('puts the export slots in front of a route marked as a heavy export', () => {
    class Routes {
      @HeavyExport()
      workbook() {}
    }
    // where Nest's @UseInterceptors keeps a route's interceptors
    expect(Reflect.getMetadata('__interceptors__', Routes.prototype.workbook)).toEqual([ExportSlotInterceptor]);
  });
});
