/** Whether `iso` (YYYY-MM-DD) is a day of the calendar: 2025-02-30 is not. */
export function isRealDate(iso: string): boolean {
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso;
}

/** Today in Lima (the users' calendar), as YYYY-MM-DD. */
export function limaDate(now: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Lima', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** Today in Lima as a day number, cheaply (limaDate builds an Intl formatter): UTC−5 all year, Peru keeps no summer time. */
export function limaDay(now = Date.now()): number {
  return Math.floor((now - 5 * 3_600_000) / 86_400_000);
}
