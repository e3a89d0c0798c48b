import { Injectable } from '@nestjs/common';

/** The time the alerts' clock evaluation takes as "now": the system's; a test sets the day it wants instead of waiting for it. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
