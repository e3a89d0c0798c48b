/**
 * An amount as the service's sentences write it ({name:soles}), made here apart from src/i18n/sentences.ts, with
 * Intl: "S/ 202,203,213" when it has no céntimos, else "S/ 1,234.50". From céntimos (bigint) or a decimal string.
 */
export function sayAmount(amount: bigint | string): string {
  const cents = typeof amount === 'bigint' ? amount : centsOf(amount);
  const negative = cents < 0n;
  const abs = negative ? -cents : cents;
  const whole = new Intl.NumberFormat('en-US').format(abs / 100n);
  const fraction = abs % 100n === 0n ? '' : `.${String(abs % 100n).padStart(2, '0')}`;
  return `${negative ? '-' : ''}S/ ${whole}${fraction}`;
}

function centsOf(decimal: string): bigint {
  const [whole, fraction = ''] = decimal.replace(/^-/, '').split('.');
  const cents = BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0').slice(0, 2));
  return decimal.startsWith('-') ? -cents : cents;
}
