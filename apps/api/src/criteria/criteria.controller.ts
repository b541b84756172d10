import { Controller, HttpCode, Post, Query, UploadedFile } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCookieAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ApiFileUpload, requireFile } from '../common/api-file.decorator';
import { CurrentUser } from '../common/current-user.decorator';
import { Roles } from '../common/roles.decorator';
import type { SessionUser } from '../common/session-user';
import { CriteriaImportService, type UploadedCriteriaFile } from './criteria-import.service';
import { CriteriaImportQuery, CriteriaImportView } from './dto/criteria.dto';

/** A criteria workbook of a few hundred rows is well under a megabyte. */
const IMPORT_MAX_BYTES = 5 * 1024 * 1024;

@ApiTags('admin')
@ApiCookieAuth('par_session')
@Roles('admin')
@Controller('admin/criteria')
export class CriteriaController {
  constructor(private readonly criteria: CriteriaImportService) {}

  @Post('import')
  @HttpCode(200)
  @ApiFileUpload(IMPORT_MAX_BYTES)
  @ApiOperation({
    summary: 'Import a criteria set from .xlsx or .yaml (dry run by default)',
    description:
      'Answers the tree, the totals and every problem with its Excel row or YAML line (Vietnamese and English). ' +
      'With campaignId, content areas and appraisers are resolved against that campaign’s routing table. ' +
      'dryRun=false stores a new version when there is no error; with errors it answers 400 with the problems ' +
      'in error.details.problems and stores nothing.',
  })
  @ApiOkResponse({ type: CriteriaImportView })
  @ApiBadRequestResponse({ description: 'dryRun=false with problems: nothing stored.' })
  @ApiNotFoundResponse({ description: 'No such campaign in the caller’s authority.' })
  import(
    @CurrentUser() user: SessionUser,
    @Query() query: CriteriaImportQuery,
    @UploadedFile() file: UploadedCriteriaFile | undefined,
  ): Promise<CriteriaImportView> {
    return this.criteria.import(user, requireFile(file), query);
  }
}
