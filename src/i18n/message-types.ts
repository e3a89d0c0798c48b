/** A message in each language the service speaks: templates with `{name}` parameters. */
export interface MessageText {
  es: string;
  en: string;
}

/** A problem a request is answered with: its HTTP status and its message. */
export interface ProblemText extends MessageText {
  status: number;
}
