import { applyDecorators } from '@nestjs/common';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';

/** Control characters but tab and line breaks (C0, DEL, C1): invisible on a page, they hide or garble what a reader sees. */
const NO_CONTROLS = /^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]*$/u;
/** A character that shows: not a space, control or format character. */
const VISIBLE = /[^\s\p{Cc}\p{Cf}]/u;

/**
 * Text a person writes and others read (a key's or subscription's name, a reason, a description): a
 * string of `min` to `max` characters, with no control characters but tabs and line breaks, and, when
 * required (`min` > 0), at least one character that shows: a name of spaces alone was stored and then
 * listed as blank. Nothing is trimmed or removed: what is kept is what was sent.
 */
export function WrittenText({ min, max }: { min: number; max: number }): PropertyDecorator {
  return applyDecorators(
    IsString(),
    MinLength(min),
    MaxLength(max),
    Matches(NO_CONTROLS, { message: '$property must not hold control characters (tabs and line breaks are fine)' }),
    ...(min > 0 ? [Matches(VISIBLE, { message: '$property must hold at least one visible character, not only spaces' })] : []),
  );
}
