import { rm } from 'node:fs/promises';
import { Body, Controller, Get, HttpStatus, Post, Query, Req, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiForbiddenResponse,
  ApiSecurity,
  ApiUnauthorizedResponse,
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type {} from 'multer';
import { type Caller, callerName, Roles } from '../common/roles.js';
import { DomainError } from '../common/domain-error.js';
import { ProblemDto } from '../common/problem.dto.js';
import { toCsv } from '../common/csv.js';
import { IdPath, PageDto } from '../common/query-params.js';
import { type HashedFile } from './hashing-storage.js';
import { CreateImportDto, DownloadQueryDto, ImportDto, ImportPageDto, TemplateQueryDto } from './dto/import.dto.js';
import { languageOf } from '../i18n/language.js';
import { localizedRow } from '../i18n/localize.js';
import type { Import } from './import.entity.js';
import { ImportsService } from './imports.service.js';
import { TemplateService } from './template.service.js';
import { isRealDate, limaDate } from './snapshot-date.js';
import { DATE_RANGE } from '../common/query-params.js';
import { HeavyExport } from '../common/export-slots.js';

/**
 * Whether the caller may read an import's rows (its errors, with the file's cell values): the key that
 * uploaded it, admins and auditors. A planner's rejected file may hold what it was not meant to publish.
 */
const ROWS_NOTE = "`errors` (the file's cell values) is null unless the key sent is the one that uploaded the file, an admin's or an auditor's.";

function mayReadRows(caller: Caller | undefined, imported: Import): boolean {
  return caller !== undefined && (caller.role === 'admin' || caller.role === 'auditor' || callerName(caller) === imported.createdBy);
}

@ApiTags('imports')
@Controller('imports')
export class ImportsController {
  constructor(
    private readonly imports: ImportsService,
    private readonly templates: TemplateService,
  ) {}

  @Post()
  @Roles('admin', 'planner')
  @ApiSecurity('apiKey')
  @ApiUnauthorizedResponse({ type: ProblemDto, description: 'API_KEY_REQUIRED or API_KEY_INVALID' })
  @ApiForbiddenResponse({ type: ProblemDto, description: 'ROLE_NOT_ALLOWED (an auditor key)' })
  @UseInterceptors(FileInterceptor('file'))
  @ApiOperation({
    operationId: 'createImport',
    summary: 'Upload a budget file (.xlsx or .csv): Consulta Amigable export, MEF open-data expense CSV or canon transfers; or a BCRPData series (.json)',
    description:
      'The layout is recognised from the header (`format` overrides). All or nothing: a file with any invalid row ' +
      'writes nothing and is answered with every bad row. Uploading the same file with the same filters again changes ' +
      'nothing and returns the earlier import (200). `dryRun=true` answers with what would change and writes nothing (200).',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: CreateImportDto })
  @ApiCreatedResponse({ type: ImportDto, description: 'Imported.' })
  @ApiAcceptedResponse({
    type: ImportDto,
    description: 'A large file (over BACKGROUND_IMPORT_MB) or background=true: the import runs on; follow it with GET /imports/{id}.',
  })
  @ApiOkResponse({ type: ImportDto, description: 'A dry run, or the same file was imported before: nothing changed.' })
  @ApiBadRequestResponse({
    type: ProblemDto,
    description:
      'FILE_REQUIRED, INVALID_REQUEST, INVALID_SNAPSHOT_DATE, MALFORMED_UPLOAD or RUBRO_NOT_READ (rubro given for a layout that has no rubro to state).',
  })
  @ApiPayloadTooLargeResponse({
    type: ProblemDto,
    description:
      'FILE_TOO_LARGE: over the MAX_UPLOAD_MB limit. JSON_TOO_LARGE: a JSON document over 16 MB. XLSX_TOO_LARGE: a workbook that unpacks past the limits (a zip bomb). SHARED_STRINGS_TOO_LARGE: more shared strings than are read (32 MB, 500,000).',
  })
  @ApiUnsupportedMediaTypeResponse({ type: ProblemDto, description: 'UNSUPPORTED_FILE_TYPE: not .xlsx, text CSV or JSON (e.g. an old .xls).' })
  @ApiUnprocessableEntityResponse({
    type: ProblemDto,
    description:
      'IMPORT_REJECTED (rows at fault in `errors`, e.g. CELL_TOO_LONG), RUBRO_SCOPE_REQUIRED, SNAPSHOT_DATE_REQUIRED (the file states no cut-off date: send snapshotDate), UNRECOGNIZED_LAYOUT, EMPTY_FILE, NO_DATA_ROWS, NO_MATCHING_ROWS, MALFORMED_CSV, INVALID_XLSX, ZIP_STRUCTURE_MISMATCH, NO_WORKSHEET, INVALID_ENCODING, MALFORMED_JSON, UNRECOGNIZED_JSON.',
  })
  async create(
    @Req() req: Request & { caller?: Caller },
    @UploadedFile() file: HashedFile | undefined,
    @Body() body: CreateImportDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ImportDto> {
    if (!file) throw DomainError.of('FILE_REQUIRED');
    // (a date before DATE_RANGE could be imported but never asked for with snapshot=)
    if (body.snapshotDate && (!isRealDate(body.snapshotDate) || body.snapshotDate < DATE_RANGE.from || body.snapshotDate > limaDate(new Date()))) {
      await rm(file.path, { force: true });
      throw DomainError.of('INVALID_SNAPSHOT_DATE');
    }
    // From here the service owns the uploaded file and removes it when the import ends.
    const outcome = await this.imports.importFile(
      { path: file.path, originalName: file.originalname, size: file.size, temporary: true, sha256: file.sha256 },
      {
        format: body.format,
        snapshotDate: body.snapshotDate,
        filters: { department: body.department, province: body.province, municipalities: body.municipality?.split(',') },
        dryRun: body.dryRun,
        background: body.background,
        onError: body.onError,
        createdBy: callerName(req.caller),
        allowedMunicipalities: req.caller?.role === 'planner' ? req.caller.municipalities : undefined,
        rubro: body.rubro,
      },
    );
    res.status(outcome.background ? HttpStatus.ACCEPTED : outcome.created ? HttpStatus.CREATED : HttpStatus.OK);
    return ImportDto.from(outcome.import, {
      duplicate: outcome.duplicate,
      askedDate: body.snapshotDate,
      dryRun: outcome.dryRun,
      rows: mayReadRows(req.caller, outcome.import),
      lang: languageOf(req),
    });
  }

  @Get()
  @ApiOperation({ operationId: 'listImports', summary: 'Imports, newest first', description: ROWS_NOTE })
  @ApiOkResponse({ type: ImportPageDto })
  @ApiBadRequestResponse({ type: ProblemDto })
  async list(@Query() page: PageDto, @Req() req: Request & { caller?: Caller }): Promise<ImportPageDto> {
    const limit = page.limit ?? 50;
    const offset = page.offset ?? 0;
    const [items, total] = await this.imports.list(limit, offset);
    const lang = languageOf(req);
    return { total, limit, offset, items: items.map((i) => ImportDto.from(i, { rows: mayReadRows(req.caller, i), lang })) };
  }

  @Get('template.xlsx')
  @HeavyExport()
  @ApiOperation({
    operationId: 'getImportTemplate',
    summary: "The planner's template: a data sheet with drop-down lists and examples, instructions and the code lists",
    description:
      "With municipality (and year) the data sheet holds that municipality's current budget lines, to edit and upload back; when it has none, its " +
      'Invierte.pe projects (by registry location) as rows to fill, which are skipped on upload while they have no classifier and no amount. ' +
      'A fourth sheet, Referencia, then shows its Consulta Amigable totals and its PIM and devengado by función when they were imported (never imported back).',
  })
  @ApiOkResponse({
    content: { 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', format: 'binary' } } },
    description:
      'The workbook, its sheets in this order:\n\n' +
      '1. Datos: the data sheet, the one the import reads; its header row is Año, Ubigeo, Tipo, Código (CUI o actividad), Nombre del proyecto o actividad, ' +
      'Función, División funcional, Grupo funcional, Rubro, PIA, PIM, Certificación, Compromiso anual, Devengado, Girado, Área\n' +
      '2. Instrucciones: how to fill it in, in Spanish and English\n' +
      '3. Listas: the code lists behind the drop-downs',
  })
  @ApiBadRequestResponse({ type: ProblemDto, description: 'INVALID_REQUEST' })
  async template(@Query() q: TemplateQueryDto, @Res() res: Response): Promise<void> {
    res.setHeader('Content-Language', 'es, en'); // its instructions are in both languages; `lang` words an error answer
    res.status(200).type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.attachment(q.municipality ? `presupuesto-${q.municipality}${q.year ? `-${q.year}` : ''}.xlsx` : 'plantilla-presupuesto.xlsx');
    await this.templates.write(res, q.municipality, q.year);
  }

  @Get(':id/errors.csv')
  @HeavyExport()
  @Roles('admin', 'auditor', 'planner')
  @ApiSecurity('apiKey')
  @ApiOperation({
    operationId: 'getImportErrorsCsv',
    summary: 'Every row problem of an import (skipped rows, or a rejected background import) and every warning, as CSV',
    description: "They hold the file's cell values: for the key that uploaded it, admins and auditors, even where reads are public.",
  })
  @ApiOkResponse({
    content: {
      'text/csv': {
        schema: { type: 'string' },
        example:
          'sheet,row,column,code,message,value,severity\r\nDatos,7,PIM,INVALID_AMOUNT,no es un número,12x4,error\r\nDatos,9,Devengado,DEVENGADO_OVER_PIM,el devengado (1200.00) supera el PIM (1000.00); la fila se importó tal como está,1200.00,warning\r\n',
      },
    },
    description:
      'UTF-8 with a BOM: the header row sheet,row,column,code,message,value,severity, then a line per problem (severity error), then a line per warning ' +
      '(severity warning: imported, but looks wrong); sheet is empty for a CSV file. ' +
      'Messages in Spanish unless `lang=en` (or Accept-Language prefers English).',
  })
  @ApiUnauthorizedResponse({ type: ProblemDto, description: 'API_KEY_REQUIRED or API_KEY_INVALID' })
  @ApiForbiddenResponse({ type: ProblemDto, description: 'IMPORT_NOT_ALLOWED: a planner key that did not upload the file' })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'IMPORT_NOT_FOUND' })
  @ApiBadRequestResponse({ type: ProblemDto })
  async errorsCsv(@IdPath() id: number, @Query() _download: DownloadQueryDto, @Req() req: Request & { caller: Caller }, @Res() res: Response): Promise<void> {
    const found = id > 0 && id < 2 ** 31 ? await this.imports.get(id) : null;
    if (!found) throw DomainError.of('IMPORT_NOT_FOUND', { id });
    if (!mayReadRows(req.caller, found)) {
      throw DomainError.of('IMPORT_NOT_ALLOWED', { id });
    }
    const lang = languageOf(req);
    const errors = (await this.imports.errorsOf(id)).map((e) => ({ ...localizedRow(e, lang), severity: e.severity }));
    res.status(200).type('text/csv; charset=utf-8').attachment(`import-${id}-errors.csv`).setHeader('Content-Language', lang);
    res.send(
      toCsv(
        ['sheet', 'row', 'column', 'code', 'message', 'value', 'severity'],
        errors.map((e) => [e.sheet ?? null, e.row, e.column, e.code, e.message, e.value ?? null, e.severity]),
      ),
    );
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getImport', summary: 'One import: file, SHA-256, snapshot, row counts, warnings', description: ROWS_NOTE })
  @ApiOkResponse({ type: ImportDto })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'IMPORT_NOT_FOUND' })
  @ApiBadRequestResponse({ type: ProblemDto })
  async get(@IdPath() id: number, @Req() req: Request & { caller?: Caller }): Promise<ImportDto> {
    const found = id > 0 && id < 2 ** 31 ? await this.imports.get(id) : null;
    if (!found) throw DomainError.of('IMPORT_NOT_FOUND', { id });
    return ImportDto.from(found, { rows: mayReadRows(req.caller, found), lang: languageOf(req) });
  }
}
