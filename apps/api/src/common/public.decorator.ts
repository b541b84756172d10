import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'par-index:public';

/** Marks a controller or route as reachable without signing in (health, login, published rankings). */
export const Public = (): ClassDecorator & MethodDecorator => SetMetadata(IS_PUBLIC, true);
