import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: 'admin', description: 'Case-insensitive.' })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  username: string;

  // No minimum here: a wrong password of any length gets the same generic answer as any other.
  @ApiProperty({ format: 'password', maxLength: 128 })
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  password: string;
}
