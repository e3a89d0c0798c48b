/** A message in each language the service speaks: templates with `{name}` parameters. */
export interface MessageText {
  es: string;
  en: string;
}

/** A problem a request is answered with: its HTTP status and its message. */
export interface ProblemText extends MessageText {
  status: number;
}

/** A sentence, and its singular form when the count it states (the parameter `of`, `count` unless said) is one. */
export interface SentenceText extends MessageText {
  one?: MessageText & { of?: string };
}

/**
 * `unknown` when no two of a registry's parts hold the same key, else a type naming the keys held twice: one
 * object literal refuses a key written twice, while spreading the parts would quietly keep the later one. A
 * registry checks itself with `satisfies Record<string, …> & KeysOnce<[typeof PART_A, typeof PART_B, …]>`.
 */
export type KeysOnce<Parts extends readonly object[], Seen extends PropertyKey = never> = Parts extends readonly [
  infer Head,
  ...infer Rest extends readonly object[],
]
  ? [keyof Head & Seen] extends [never]
    ? KeysOnce<Rest, Seen | keyof Head>
    : { keysHeldTwice: keyof Head & Seen }
  : unknown;
