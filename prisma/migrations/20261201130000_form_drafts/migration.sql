-- Forms filled in over several pages keep their answers between pages (an expression of interest
-- before it is sent).
CREATE TABLE "FormDraft" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "answers" JSONB NOT NULL,
    "submittedId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "FormDraft_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "FormDraft_userId_idx" ON "FormDraft"("userId");
