/** Whether `iso` (YYYY-MM-DD) is a day of the calendar: 2025-02-30 is not. */
export function isRealDate(iso: string): boolean {
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso;
}
