import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ROLES, type Role } from '@lib/database';

export class UserDto {
  @ApiProperty()
  id: number;

  @ApiProperty()
  username: string;

  @ApiProperty()
  fullName: string;

  @ApiProperty({ type: String, nullable: true })
  email: string | null;

  @ApiProperty()
  organisationId: number;

  @ApiProperty()
  organisationCode: string;

  @ApiProperty({ description: 'The organisation as people call it (the code is for imports).' })
  organisationName: string;

  @ApiProperty({ enum: ROLES, isArray: true })
  roles: Role[];

  @ApiProperty()
  active: boolean;

  @ApiProperty()
  mustChangePassword: boolean;

  @ApiProperty({ type: Date, nullable: true, description: 'Set while locked out after wrong passwords.' })
  lockedUntil: Date | null;

  @ApiProperty()
  createdAt: Date;
}

export class CreatedUserDto {
  @ApiProperty({ type: UserDto })
  user: UserDto;

  @ApiPropertyOptional({ description: 'Only when generated: shown once, never stored in clear.' })
  generatedPassword?: string;
}

export class UserPageDto {
  @ApiProperty({ type: UserDto, isArray: true })
  items: UserDto[];

  @ApiProperty()
  total: number;

  @ApiProperty()
  page: number;

  @ApiProperty()
  pageSize: number;
}

export class ImportedUserDto {
  @ApiProperty({ description: 'Row number in the file (the header is row 1).' })
  row: number;

  @ApiProperty()
  id: number;

  @ApiProperty()
  username: string;

  @ApiProperty({ description: 'Generated password, shown once; must be changed at first login.' })
  password: string;
}

export class UserImportResultDto {
  @ApiProperty()
  created: number;

  @ApiProperty({ type: ImportedUserDto, isArray: true })
  users: ImportedUserDto[];
}

export class ImportProblemDto {
  @ApiProperty()
  row: number;

  @ApiProperty({ enum: ['username', 'fullName', 'email', 'organisationCode', 'roles'] })
  column: string;

  @ApiProperty()
  code: string;

  @ApiProperty({ description: 'English.' })
  message: string;

  @ApiProperty({ description: 'Vietnamese.' })
  messageVi: string;
}

export class PasswordResetDto {
  @ApiProperty({ description: 'Generated password, shown once; must be changed at first login.' })
  generatedPassword: string;
}
