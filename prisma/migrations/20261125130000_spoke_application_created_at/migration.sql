-- Lists of spoke applications page oldest first, like every other list (rows that exist already
-- take the time of this migration; their relative order then falls back to the id).
ALTER TABLE "SpokeApplication" ADD COLUMN "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;
CREATE INDEX "SpokeApplication_createdAt_id_idx" ON "SpokeApplication"("createdAt", "id");
