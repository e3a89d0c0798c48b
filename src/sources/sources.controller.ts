import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SourceListDto } from './dto/source.dto.js';
import { SourcesService } from './sources.service.js';

@ApiTags('sources')
@Controller('sources')
export class SourcesController {
  constructor(private readonly sources: SourcesService) {}

  @Get()
  @ApiOperation({
    operationId: 'listSources',
    summary: 'The bundled public datasets: publisher, where the copy was taken from and when, licence, files (data/PROVENANCE.md)',
  })
  @ApiOkResponse({ type: SourceListDto })
  list(): SourceListDto {
    return this.sources.all();
  }
}
