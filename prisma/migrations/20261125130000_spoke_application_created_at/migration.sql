-- Lists of spoke applications page oldest first, like every other list. Rows that exist already
-- take the time of this migration, and their relative order then falls back to the id.
-- (No semicolons in comments: the PostgreSQL adapter splits a migration script on them.)
ALTER TABLE "SpokeApplication" ADD COLUMN "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;
CREATE INDEX "SpokeApplication_createdAt_id_idx" ON "SpokeApplication"("createdAt", "id");
