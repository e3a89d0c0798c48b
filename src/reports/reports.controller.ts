import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { Response } from 'express';
import { tableCsv } from '../common/table.js';
import { TopQueryDto } from '../analytics/dto/analyses.dto.js';
import { DomainError } from '../common/domain-error.js';
import { ProblemDto } from '../common/problem.dto.js';
import { csvExamples } from '../analytics/analysis-table-docs.js';
import { auditSheetList, REPORT_TABLE_DOCS } from './report-docs.js';
import { REPORT_TABLES, ReportsService } from './reports.service.js';
import { HeavyExport } from '../common/export-slots.js';
import { PricedRead } from '../prices/prices.dto.js';
import { Language } from '../i18n/language.js';
import type { Lang } from '../i18n/messages.js';

/** The report's selection: the analyses' query, in nominal soles or constant soles of a base year (every sheet's amounts alike). */
export class ReportQueryDto extends TopQueryDto {}

export class AuditCsvQueryDto extends ReportQueryDto {
  @ApiPropertyOptional({ enum: REPORT_TABLES, default: 'summary', description: 'Which of the report’s tables.' })
  @IsOptional()
  @IsIn(REPORT_TABLES)
  table?: (typeof REPORT_TABLES)[number];
}

@ApiTags('reports')
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('audit.xlsx')
  @HeavyExport()
  @ApiOperation({
    operationId: 'getAuditReport',
    summary: 'The audit report as an Excel workbook: findings in sentences, a sheet per analysis, the projects with flags, and the methodology',
    description:
      'Takes the same selection and periods as the analyses, and their soles: with prices=constant&base=YYYY every amount of every sheet is in soles of that year, ' +
      'each municipality-year converted before anything is added up, as the analyses do over several years; the Summary and the Methodology state the base year, the index and its source, ' +
      'and which columns (cost estimates, works) stay nominal. Written with a streaming writer; text cells are never formulas.',
  })
  @PricedRead()
  @ApiOkResponse({
    content: { 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', format: 'binary' } } },
    description:
      'The workbook: a sheet per table of audit.csv, in this order. In Spanish (the default) a sheet has the Spanish name listed first and is headed by ' +
      "its columns' Spanish names; with lang=en it has the English name listed last and is headed by the table's CSV header row. Amounts are numbers " +
      `shown in soles (S/ #,##0.00).\n\n${auditSheetList(REPORT_TABLES)}`,
  })
  @ApiBadRequestResponse({ type: ProblemDto, description: 'INVALID_REQUEST' })
  async xlsx(@Query() q: ReportQueryDto, @Res() res: Response, @Language() lang: Lang): Promise<void> {
    const tables = await this.reports.tables(q, lang);
    res.status(200).type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').attachment('audit-report.xlsx');
    await this.reports.writeWorkbook(tables, res, lang);
    res.end();
  }

  @Get('audit.csv')
  @HeavyExport()
  @ApiOperation({
    operationId: 'getAuditReportTable',
    summary: 'One table of the audit report as CSV (the summary by default)',
    description: 'In the soles asked for (prices, base), as the workbook.',
  })
  @PricedRead()
  @ApiOkResponse({
    content: csvExamples(Object.fromEntries(REPORT_TABLES.map((t) => [t, REPORT_TABLE_DOCS[t].header]))),
    description: 'The table (UTF-8 with a BOM): its header row, as in the example for each `table`, then a line per row.',
  })
  @ApiBadRequestResponse({ type: ProblemDto, description: 'INVALID_REQUEST' })
  async csv(@Query() q: AuditCsvQueryDto, @Res({ passthrough: true }) res: Response, @Language() lang: Lang): Promise<string> {
    const { table: name = 'summary', ...query } = q;
    const table = (await this.reports.tables(query as TopQueryDto, lang)).find((t) => t.name === name);
    if (!table) throw DomainError.of('INVALID_REQUEST.table', { name });
    res.type('text/csv; charset=utf-8').attachment(`audit-${name}.csv`);
    return tableCsv(table);
  }
}
