#!/usr/bin/env node
// `yarn db:deploy`: brings the database DATABASE_URL names up to date with the
// migrations of its provider (SQLite: api/db/migrations/, PostgreSQL:
// api/db/postgresql/migrations/) and generates the Prisma clients. Run it at
// set-up and on every deploy, before `yarn rw serve`.
import { deployDatabase } from './lib/databases.mjs'

deployDatabase()
