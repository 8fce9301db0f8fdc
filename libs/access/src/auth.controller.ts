import { Body, Controller, Get, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import { type Actor, AppConfig, Authenticated, CurrentActor, Public, regionPrefix } from '#qcr/platform';
import { LoginDto, LogoutDto, TokenDto } from './access.dto.js';
import { LocalAuthGuard } from './local-auth.guard.js';
import { SessionsService, type StaffTokenClaims } from './sessions/sessions.service.js';
import type { StaffUser } from './users.service.js';

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
    private readonly sessions: SessionsService,
  ) {}

  @Post('login')
  @HttpCode(200)
  @Public()
  @UseGuards(LocalAuthGuard)
  @ApiOperation({ summary: 'Staff login → bearer token (工作人员登录)' })
  @ApiOkResponse({ type: TokenDto })
  @ApiUnauthorizedResponse({ description: 'AUTH.BAD_CREDENTIALS' })
  @ApiTooManyRequestsResponse({ description: 'AUTH.LOGIN_BACKOFF / AUTH.LOGIN_LOCKED (Retry-After)' })
  async login(@Body() _body: LoginDto, @Req() req: { user: StaffUser }): Promise<TokenDto> {
    const claims: StaffTokenClaims = { sub: req.user.id, name: req.user.username, roles: req.user.roles, iatMs: Date.now() };
    // jti: the token id logout revokes (access.revoked_tokens)
    const accessToken = await this.jwt.signAsync(claims, { expiresIn: this.config.QCR_JWT_TTL_SECONDS, jwtid: randomUUID() });
    return { accessToken, expiresIn: this.config.QCR_JWT_TTL_SECONDS, tokenType: 'Bearer' };
  }

  @Post('logout')
  @HttpCode(204)
  @Authenticated()
  @ApiOperation({ summary: 'Revoke this token (or, with everywhere, every token of this user)' })
  @ApiNoContentResponse({ description: 'the token no longer works, on every instance' })
  async logout(@CurrentActor() actor: Actor, @Body() dto: LogoutDto): Promise<void> {
    await this.sessions.logout(actor, dto.everywhere === true);
    this.sessions.forget(actor.id);
  }

  @Get('me')
  @Authenticated()
  @ApiOperation({ summary: 'The signed-in staff user, roles and the authorities they act for (primary first)' })
  me(@CurrentActor() actor: Actor) {
    // regionPrefix: what the console filters queues and statistics by default (DOMAIN.md §7: reads stay nationwide)
    const authorities = (actor.authorities ?? []).map((a) => ({ ...a, regionPrefix: regionPrefix(a) }));
    return { id: actor.id, username: actor.name, roles: actor.roles, authorities };
  }
}
