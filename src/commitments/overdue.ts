/**
 * SQL: the rule of an overdue commitment, aliased `c`, on the day `today` (a date parameter or
 * expression): past its deadline and not fulfilled. The commitments' lists and the alerts that tell of
 * an overdue commitment (src/alerts) both read it from here.
 */
export const overdueSql = (today: string): string => `(c.deadline IS NOT NULL AND c.deadline < ${today}::date AND c.status <> 'cumplido')`;
