import { Module } from '@nestjs/common';
import { ReminderService } from '@lib/reminders';
import { AuthModule } from '../auth/auth.module';
import { SecurityLogModule } from '../security-log/security-log.module';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';
import { InvitationsController } from './invitations.controller';
import { InvitationsService } from './invitations.service';

@Module({
  imports: [AuthModule, SecurityLogModule],
  controllers: [UsersController, InvitationsController],
  providers: [UsersService, InvitationsService, ReminderService],
})
export class UsersModule {}
