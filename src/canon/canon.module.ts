import { Module } from '@nestjs/common';
import { CanonController } from './canon.controller.js';
import { CanonRepository } from './canon.repository.js';

@Module({ controllers: [CanonController], providers: [CanonRepository] })
export class CanonModule {}
