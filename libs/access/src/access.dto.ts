import { ApiProperty } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { IsPlainName } from '#qcr/platform';
import { ROLES, type Role } from './roles.js';

export class LoginDto {
  @ApiProperty({ example: 'registrar' }) @IsString() @MaxLength(64) username!: string;
  @ApiProperty() @IsString() @MaxLength(256) password!: string;
}

export class LogoutDto {
  @ApiProperty({ required: false, description: 'also void every other token of this user' })
  @IsOptional()
  @IsBoolean()
  everywhere?: boolean;
}

export class TokenDto {
  @ApiProperty() accessToken!: string;
  @ApiProperty({ description: 'seconds' }) expiresIn!: number;
  @ApiProperty({ enum: ['Bearer'] }) tokenType!: 'Bearer';
}

const AUTHORITY_CODE = /^[a-z0-9][a-z0-9_-]{1,63}$/;

export class CreateUserDto {
  @ApiProperty({ example: 'zhang.wei' })
  @IsString()
  @Matches(/^[a-z][a-z0-9_.-]{2,63}$/, { message: 'username must be 3–64 lower-case letters, digits, _ . -' })
  username!: string;
  @ApiProperty({ example: '张伟' }) @IsString() @MinLength(1) @MaxLength(100) @IsPlainName() displayName!: string;
  @ApiProperty({ minLength: 12 }) @IsString() @MinLength(12) @MaxLength(256) password!: string;
  @ApiProperty({ enum: ROLES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(6)
  @ArrayUnique()
  @IsIn(ROLES, { each: true })
  roles!: Role[];
  @ApiProperty({ required: false, example: 'fj-xm', description: "code of the authority the user acts for; default: the creating admin's own" })
  @IsOptional()
  @IsString()
  @Matches(AUTHORITY_CODE, { message: 'authority must be an authority code' })
  authority?: string;
  @ApiProperty({ required: false, example: 'fj', description: 'a second authority the user may act for' })
  @IsOptional()
  @IsString()
  @Matches(AUTHORITY_CODE, { message: 'secondAuthority must be an authority code' })
  secondAuthority?: string;
}

export class UpdateUserDto {
  @ApiProperty({ required: false, description: 'false deactivates the user and voids their tokens' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
  @ApiProperty({ enum: ROLES, isArray: true, required: false, description: "losing any role voids the user's tokens" })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(6)
  @ArrayUnique()
  @IsIn(ROLES, { each: true })
  roles?: Role[];
  @ApiProperty({ required: false, example: 'fj-xm', description: 'move the user to another authority' })
  @IsOptional()
  @IsString()
  @Matches(AUTHORITY_CODE, { message: 'authority must be an authority code' })
  authority?: string;
  @ApiProperty({ type: String, required: false, nullable: true, example: 'fj', description: 'grant a second authority; null withdraws it' })
  @IsOptional()
  @IsString()
  @Matches(AUTHORITY_CODE, { message: 'secondAuthority must be an authority code' })
  secondAuthority?: string | null;
  @ApiProperty({ example: 'left the department' }) @IsString() @MinLength(1) @MaxLength(1000) reason!: string;
}

export const PURPOSES = [
  'government_procurement',
  'public_bidding',
  'financing',
  'insurance_guarantee',
  'honours',
  'subsidies',
  'licensing',
  'state_land',
  'office_holding',
] as const;

export class CreateAgencyDto {
  @ApiProperty({ example: 'xm-procurement' })
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9_-]{1,63}$/, { message: 'code must be 2–64 lower-case letters, digits, _ -' })
  code!: string;
  @ApiProperty({ example: '厦门市政府采购中心' }) @IsString() @MinLength(1) @MaxLength(200) @IsPlainName() name!: string;
  @ApiProperty({ example: '财政局', description: 'owning department (主管部门)' }) @IsString() @MinLength(1) @MaxLength(200) @IsPlainName() department!: string;
  @ApiProperty({ required: false, example: '350200', description: 'GB/T 2260 region the agency serves; 000000 (default) = nationwide' })
  @IsOptional()
  @IsString()
  @Matches(/^\d{6}$/, { message: 'regionCode must be 6 digits' })
  regionCode?: string;
  @ApiProperty({ enum: PURPOSES, isArray: true })
  @IsArray()
  @ArrayMaxSize(PURPOSES.length)
  @ArrayUnique()
  @IsIn(PURPOSES, { each: true })
  purposes!: string[];
}

export class IssueKeyDto {
  @ApiProperty({ example: 'procurement system, production' }) @IsString() @MinLength(1) @MaxLength(200) label!: string;
  @ApiProperty({ minimum: 1, maximum: 730, example: 365 }) @IsInt() @Min(1) @Max(730) validDays!: number;
}

export class RevokeKeyDto {
  @ApiProperty({ example: 'key leaked in a log file' }) @IsString() @MinLength(1) @MaxLength(1000) reason!: string;
}
