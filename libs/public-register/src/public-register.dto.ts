import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

export class PublicSearchQueryDto {
  @ApiProperty({ example: '恒达', description: 'Name or fragment (Chinese fragments and small typos match)' })
  @IsString() @MaxLength(100) @Matches(/\S/, { message: 'q must not be blank' }) q!: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 50, default: 20 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(50) limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional() @IsString() @MaxLength(2000) cursor?: string;
}
