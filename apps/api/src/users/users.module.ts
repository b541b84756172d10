import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { SecurityLogModule } from '../security-log/security-log.module';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

@Module({ imports: [AuthModule, SecurityLogModule], controllers: [UsersController], providers: [UsersService] })
export class UsersModule {}
