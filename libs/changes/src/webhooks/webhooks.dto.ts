import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

export class CreateWebhookDto {
  @ApiProperty({
    description: 'https URL of the receiver (no credentials; private and loopback addresses are refused)',
    example: 'https://bank.example/qcr/hooks',
  })
  @IsString()
  @MaxLength(2000)
  url!: string;
}
