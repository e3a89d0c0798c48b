import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { LANGS } from './messages.js';

/** `lang=es|en` on a download: the language of its messages, for a link that cannot send Accept-Language. */
export const LangParam = () =>
  applyDecorators(
    ApiPropertyOptional({
      enum: LANGS,
      example: 'en',
      description: 'Language of the messages (and of an error answer): es (default) or en. Overrides Accept-Language.',
    }),
    IsOptional(),
    IsIn(LANGS),
  );
