import { Module } from '@nestjs/common';
import { SecurityLogModule } from '../security-log/security-log.module';
import { PlatformController } from './platform.controller';
import { PlatformService } from './platform.service';

@Module({ imports: [SecurityLogModule], controllers: [PlatformController], providers: [PlatformService] })
export class PlatformModule {}
