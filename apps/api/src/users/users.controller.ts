import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseIntPipe,
  Patch,
  Post,
  Query,
  Req,
  UploadedFile,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCookieAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ApiFileUpload, requireFile } from '../common/api-file.decorator';
import { CurrentUser } from '../common/current-user.decorator';
import { Roles } from '../common/roles.decorator';
import { auditContext } from '../common/actor';
import type { AuthenticatedRequest, SessionUser } from '../common/session-user';
import { CreateUserDto } from './dto/create-user.dto';
import { ListUsersQuery } from './dto/list-users.query';
import { UpdateUserDto } from './dto/update-user.dto';
import { CreatedUserDto, PasswordResetDto, UserDto, UserImportResultDto, UserPageDto } from './dto/user-response.dto';
import { UsersService } from './users.service';

/** Import sheets are small (5,000 rows of five short columns fit in well under a megabyte). */
const IMPORT_MAX_BYTES = 5 * 1024 * 1024;

@ApiTags('admin')
@ApiCookieAuth('par_session')
@ApiForbiddenResponse({ description: 'Not an admin, or missing X-CSRF-Token.' })
@Roles('admin')
@Controller('admin/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @ApiOperation({ summary: 'Create a user in an organisation of the admin’s authority.' })
  @ApiCreatedResponse({ type: CreatedUserDto })
  create(
    @CurrentUser() admin: SessionUser,
    @Req() req: AuthenticatedRequest,
    @Body() body: CreateUserDto,
  ): Promise<CreatedUserDto> {
    return this.users.create(admin, body, auditContext(admin, req));
  }

  @Get()
  @ApiOperation({ summary: 'Users of the admin’s authority, by organisation code then username.' })
  @ApiOkResponse({ type: UserPageDto })
  list(@CurrentUser() admin: SessionUser, @Query() query: ListUsersQuery): Promise<UserPageDto> {
    return this.users.list(admin, query);
  }

  @Post('import')
  @HttpCode(HttpStatus.CREATED)
  @ApiFileUpload(IMPORT_MAX_BYTES)
  @ApiOperation({
    summary: 'Bulk import from CSV (UTF-8) or .xlsx',
    description:
      'Columns (header row, Vietnamese or English): username (tên đăng nhập), họ tên, email, mã tổ chức, vai trò ' +
      '(several separated by commas). All or nothing: any problem answers 400 with every row listed in ' +
      'error.details.problems and saves nothing. Generated passwords are in the answer, once.',
  })
  @ApiCreatedResponse({ type: UserImportResultDto })
  @ApiBadRequestResponse({ description: 'Problems with their row numbers; nothing saved.' })
  import(
    @CurrentUser() admin: SessionUser,
    @Req() req: AuthenticatedRequest,
    @UploadedFile() file: { buffer: Buffer } | undefined,
  ): Promise<UserImportResultDto> {
    return this.users.import(admin, requireFile(file).buffer, auditContext(admin, req));
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change roles, details, activation, or lift a lockout.' })
  @ApiOkResponse({ type: UserDto })
  @ApiNotFoundResponse()
  update(
    @CurrentUser() admin: SessionUser,
    @Req() req: AuthenticatedRequest,
    @Param('id', ParseIntPipe) id: number,
    @Body() body: UpdateUserDto,
  ): Promise<UserDto> {
    return this.users.update(admin, id, body, auditContext(admin, req));
  }

  @Post(':id/password-reset')
  @ApiOperation({ summary: 'Generate a new one-time password; the user’s sessions end.' })
  @ApiCreatedResponse({ type: PasswordResetDto })
  @ApiNotFoundResponse()
  resetPassword(
    @CurrentUser() admin: SessionUser,
    @Req() req: AuthenticatedRequest,
    @Param('id', ParseIntPipe) id: number,
  ): Promise<PasswordResetDto> {
    return this.users.resetPassword(admin, id, auditContext(admin, req));
  }

  @Post(':id/invitation')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary:
      'Send the invitation again (Gửi lại lời mời): a new first-sign-in link to the user’s e-mail; older links stop working.',
  })
  @ApiNoContentResponse()
  @ApiNotFoundResponse()
  resendInvitation(@CurrentUser() admin: SessionUser, @Param('id', ParseIntPipe) id: number): Promise<void> {
    return this.users.resendInvitation(admin, id);
  }
}
