import { Body, Controller, Get, Param, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, Allow, CurrentActor, Permission } from '#qcr/platform';
import { CategoryDto, UpdateCategoryDto } from './credit-records.dto.js';
import { CreditCatalogueService } from './credit-catalogue.service.js';

@ApiTags('credit records')
@Controller('api/v1/credit-categories')
export class CreditCategoriesController {
  constructor(private readonly catalogue: CreditCatalogueService) {}

  @Get()
  @Allow(Permission.CreditRead)
  @ApiOperation({ summary: 'Credit information categories with severity and publication/repair periods' })
  list() {
    return this.catalogue.list();
  }

  @Get(':code')
  @Allow(Permission.CreditRead)
  @ApiOperation({ summary: 'One credit information category by code' })
  get(@Param('code') code: string) {
    return this.catalogue.get(code);
  }

  @Post()
  @Allow(Permission.CreditCatalogueManage)
  @ApiOperation({ summary: 'Add a category (admin)' })
  create(@CurrentActor() actor: Actor, @Body() dto: CategoryDto) {
    return this.catalogue.create(actor, dto);
  }

  @Put(':code')
  @Allow(Permission.CreditCatalogueManage)
  @ApiOperation({ summary: 'Edit a category (admin; optimistic version)' })
  update(@CurrentActor() actor: Actor, @Param('code') code: string, @Body() dto: UpdateCategoryDto) {
    return this.catalogue.update(actor, code, dto);
  }
}
