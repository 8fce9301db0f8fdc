import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMinSize, IsArray, IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { CHECK_PURPOSES, type CheckPurpose } from '#qcr/joint-measures';

export const WATCHLIST_NAME = /^[A-Za-z0-9_-]{1,64}$/;
/** issue 20: an agency registers up to 100,000 codes per list */
export const MAX_WATCHED_CODES = 100_000;

export class PutWatchlistDto {
  @ApiProperty({ enum: CHECK_PURPOSES, description: 'the purpose the agency watches these enterprises for (one of its own)' })
  @IsIn(CHECK_PURPOSES)
  purpose!: CheckPurpose;

  @ApiProperty({ type: [String], description: `USCCs or organisation codes, any normalisable form; at most ${MAX_WATCHED_CODES}` })
  @IsArray()
  @ArrayMinSize(1)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  codes!: string[];
}

export class WatchlistAgencyQueryDto {
  @ApiPropertyOptional({
    format: 'uuid',
    maxLength: 36,
    description: 'staff (agency.manage) only: whose watchlists; a partner key always means its own agency',
  })
  @IsOptional()
  @IsUUID()
  agency?: string;
}
