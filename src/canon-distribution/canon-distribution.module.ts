import { Module } from '@nestjs/common';
import { CanonDistributionController } from './canon-distribution.controller.js';
import { CanonDistributionRepository } from './canon-distribution.repository.js';
import { CanonDistributionService } from './canon-distribution.service.js';
import { ProducingDistricts } from './producing-districts.js';

/** Canon by law against canon received (issue 16 §1): the rules, the producing districts, the comparison. */
@Module({ controllers: [CanonDistributionController], providers: [CanonDistributionService, CanonDistributionRepository, ProducingDistricts] })
export class CanonDistributionModule {}
