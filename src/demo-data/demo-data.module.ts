import { Module } from '@nestjs/common';
import { ImportsModule } from '../imports/imports.module.js';
import { ImportsRepository } from '../imports/imports.repository.js';
import { DemoDataService } from './demo-data.service.js';

@Module({
  imports: [ImportsModule],
  providers: [DemoDataService, ImportsRepository],
})
export class DemoDataModule {}
