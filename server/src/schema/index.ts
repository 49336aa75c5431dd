import { builder } from './builder.ts';
import './errors.ts';
import './enums.ts';
import './user.ts';
import './instance.ts';
import './pull-request.ts';
import './app-server.ts';
import './monitoring.ts';
import './log.ts';
import './events.ts';
import './shared-servers.ts';
import './load-balancer.ts';
import './accounts.ts';
import './registration.ts';

export const schema = builder.toSchema({ sortSchema: true });
