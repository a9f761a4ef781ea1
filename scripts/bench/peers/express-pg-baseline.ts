// The peer of the read benchmark: the least an Express 5 service can do to serve one campaign
// row from PostgreSQL (no auth, no validation, no mapping). Our service is measured against it.
import express from 'express';
import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DB_POOL_SIZE ?? 20) });
const app = express();
app.get('/health/live', (_req, res) => {
  res.json({ status: 'ok' });
});
app.get('/api/v1/campaigns/:id', async (req, res) => {
  const { rows } = await pool.query('SELECT * FROM campaigns WHERE id = $1', [req.params.id]);
  if (rows.length === 0) res.status(404).end();
  else res.json(rows[0]);
});
app.listen(Number(process.env.PORT));
