import { Body, Controller, Get, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { type Actor, AppConfig, Authenticated, CurrentActor, Public } from '#qcr/platform';
import { LoginDto, TokenDto } from './access.dto.js';
import { LocalAuthGuard } from './local-auth.guard.js';
import type { StaffTokenClaims } from './strategies/jwt.strategy.js';
import type { StaffUser } from './users.service.js';

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(private readonly jwt: JwtService, private readonly config: AppConfig) {}

  @Post('login')
  @HttpCode(200)
  @Public()
  @UseGuards(LocalAuthGuard)
  @ApiOperation({ summary: 'Staff login → bearer token (工作人员登录)' })
  @ApiOkResponse({ type: TokenDto })
  @ApiUnauthorizedResponse({ description: 'AUTH.BAD_CREDENTIALS' })
  async login(@Body() _body: LoginDto, @Req() req: { user: StaffUser }): Promise<TokenDto> {
    const claims: StaffTokenClaims = { sub: req.user.id, name: req.user.username, roles: req.user.roles };
    const accessToken = await this.jwt.signAsync(claims, { expiresIn: this.config.QCR_JWT_TTL_SECONDS });
    return { accessToken, expiresIn: this.config.QCR_JWT_TTL_SECONDS, tokenType: 'Bearer' };
  }

  @Get('me')
  @Authenticated()
  @ApiOperation({ summary: 'The signed-in staff user and roles' })
  me(@CurrentActor() actor: Actor) {
    return { id: actor.id, username: actor.name, roles: actor.roles };
  }
}
