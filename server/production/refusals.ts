/** What production needs that development supplies itself (the emulator, a SQLite file, the connection's own address). */
export interface ProductionSettings {
  /** Real WeChat apps are configured (WECHAT_APPS or WECHAT_APPID/WECHAT_SECRET). */
  wechatApps: boolean;
  publicUrl: string | undefined;
  databaseUrl: string | undefined;
}

/**
 * The missing settings as one line naming each variable, or null when production has all it needs. Development
 * falls back to the emulator, SQLite under DATA_DIR and the address a request reached; in production each of these
 * would be a silent mistake (fake logins, one instance's private database, avatar URLs naming an internal host).
 */
export function productionRefusal(settings: ProductionSettings): string | null {
  const missing: string[] = [];
  if (!settings.wechatApps) missing.push('WECHAT_APPS or WECHAT_APPID/WECHAT_SECRET (the WeChat emulator does not run in production)');
  if (settings.publicUrl === undefined) missing.push('PUBLIC_URL (the absolute URL clients reach this server at)');
  if (settings.databaseUrl === undefined) missing.push('DATABASE_URL (postgres://…; SQLite in the data folder serves one instance only)');
  return missing.length === 0 ? null : `NODE_ENV=production needs ${missing.join('; ')}`;
}
