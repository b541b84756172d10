import { Body, Controller, HttpCode, HttpStatus, Post, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { Request } from 'express';
import { Public } from '../common/public.decorator';
import { clientOf } from '../security-log/security-events';
import { AcceptInvitationDto, InvitationAcceptedView, InvitationTokenDto, InvitationView } from './dto/invitation.dto';
import { InvitationsService } from './invitations.service';

/**
 * The first sign-in of an invited person (no session yet): check a link, then set the password through it. The token
 * travels in a body, never in a path or query, so access logs do not keep it.
 */
@ApiTags('auth')
@Public()
@Controller('auth/invitations')
export class InvitationsController {
  constructor(private readonly invitations: InvitationsService) {}

  @Post('check')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Whom an invitation link is for; 422 (used, expired, replaced) says what to do.' })
  @ApiOkResponse({ type: InvitationView })
  @ApiUnprocessableEntityResponse({ description: 'INVITATION_USED, INVITATION_EXPIRED or INVITATION_INVALID.' })
  check(@Body() body: InvitationTokenDto): Promise<InvitationView> {
    return this.invitations.check(body.token);
  }

  @Post('accept')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Set the first password through an invitation link (once, before it expires).' })
  @ApiOkResponse({ type: InvitationAcceptedView })
  @ApiUnprocessableEntityResponse({ description: 'INVITATION_USED, INVITATION_EXPIRED or INVITATION_INVALID.' })
  accept(@Body() body: AcceptInvitationDto, @Req() req: Request): Promise<InvitationAcceptedView> {
    return this.invitations.accept(body.token, body.password, { client: clientOf(req) });
  }
}
