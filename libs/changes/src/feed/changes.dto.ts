import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

const CURSOR = /^\d{1,18}$/;

export class ChangesQueryDto {
  @ApiPropertyOptional({ description: 'the last cursor you processed (0 or absent: from the oldest kept)', example: '0' })
  @IsOptional()
  @Matches(CURSOR, { message: 'since must be a cursor: 1 to 18 digits' })
  since?: string;

  @ApiPropertyOptional({ description: 'events per page (1–1000, default 100)', example: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}

export class ChangeStreamQueryDto {
  @ApiPropertyOptional({ description: 'resume after this cursor when no Last-Event-ID header is sent', example: '0' })
  @IsOptional()
  @Matches(CURSOR, { message: 'since must be a cursor: 1 to 18 digits' })
  since?: string;
}

export const isCursor = (s: string): boolean => CURSOR.test(s);
