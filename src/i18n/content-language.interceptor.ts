import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Observable } from 'rxjs';
import { languageOf } from './language.js';

/** Every answer says the language its messages are in (Content-Language); a download may say otherwise after. */
@Injectable()
export class ContentLanguageInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() === 'http') {
      const http = context.switchToHttp();
      http.getResponse<Response>().setHeader('Content-Language', languageOf(http.getRequest<Request>()));
    }
    return next.handle();
  }
}
