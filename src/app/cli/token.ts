import { Command, Option } from 'commander';
import { loadConfig } from '../config.js';
import { localJwtSecret, signToken } from '../auth-secret.js';

// `npm run token -- --role brand_manager --brand acme`: a token for local use and scripts.
const options = new Command()
  .name('token')
  .description('Print a signed access token (HS256, AUTH_JWT_SECRET or the local secret under DATA_DIR)')
  .addOption(new Option('--role <role>', 'role claim').choices(['admin', 'brand_manager', 'viewer']).default('admin'))
  .option('--brand <id...>', 'brand the token may act on (repeatable)', [])
  .option('--sub <id>', 'subject (user id)', 'local-user')
  .option('--expires <duration>', 'lifetime, e.g. 1h, 7d', '12h')
  .parse()
  .opts<{ role: 'admin' | 'brand_manager' | 'viewer'; brand: string[]; sub: string; expires: string }>();

const config = loadConfig();
if (config.auth.jwksUrl && !config.auth.jwtSecret) {
  console.error('AUTH_JWKS_URL is set: tokens come from your identity provider; this command signs only HS256 tokens.');
  process.exit(1);
}
if (options.role !== 'admin' && options.brand.length === 0) {
  console.error(`A ${options.role} token needs at least one --brand.`);
  process.exit(1);
}
const secret = config.auth.jwtSecret ?? (await localJwtSecret(config.dataDir));
const brands = options.brand.flatMap((b) => b.split(',')).filter(Boolean);
console.log(await signToken(secret, { sub: options.sub, role: options.role, brands, expiresIn: options.expires, issuer: config.auth.issuer, audience: config.auth.audience }));
