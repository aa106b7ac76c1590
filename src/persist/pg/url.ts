/** Database URLs, without loading the database client: commands on an index folder never pay for it. */
/** The environment variable that names the database when no --store is given. */
export const DATABASE_ENV = 'YAODIAN_DATABASE_URL';

export const isDatabaseUrl = (s: string | undefined): s is string => !!s && /^postgres(ql)?:\/\//i.test(s);

/** The URL without its password, for messages and logs. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://…';
  }
}
