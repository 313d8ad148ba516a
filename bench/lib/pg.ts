import pg from 'pg';

/** Runs fn with a short-lived connection to the PostgreSQL server (to create and drop bench databases). */
export async function withPgAdmin<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
