import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ProblemDto } from '../common/problem.dto.js';
import { ConflictsService } from './conflicts.service.js';
import { ConflictPageDto, ConflictQueryDto } from './dto/conflict.dto.js';

@ApiTags('conflicts')
@Controller('conflicts')
export class ConflictsController {
  constructor(private readonly conflicts: ConflictsService) {}

  @Get()
  @ApiOperation({
    operationId: 'listConflicts',
    summary: "The Defensoría del Pueblo's mining social-conflict cases of the latest imported report, by place",
    description:
      'Imported with format defensoria-conflicts (the bundled report of March 2024 is loaded at first start). Each case is placed at the deepest ' +
      'level the report names, resolved from its department, province and district names. With `place`, the cases of that place, of the places ' +
      'inside it, and of the places that contain it (a case the report places only in province 0808 is shown for district 080801 too, with relation `contains`).',
  })
  @ApiOkResponse({ type: ConflictPageDto })
  @ApiBadRequestResponse({ type: ProblemDto, description: 'INVALID_REQUEST, or UNKNOWN_PLACE: `place` is no department, province or district code' })
  list(@Query() q: ConflictQueryDto): Promise<ConflictPageDto> {
    return this.conflicts.list(q);
  }
}
