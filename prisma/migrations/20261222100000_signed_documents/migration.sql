-- Signed documents: each signed version of a generated document (the Learning and Development
-- Agreement, a confirmation of support), what it said, its signatures and the hashes of the unsigned and the signed PDF.
CREATE TABLE "SignedDocument" (
    "id" TEXT NOT NULL,
    "subjectType" TEXT NOT NULL,
    "subjectId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "documentKey" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "terms" JSONB NOT NULL,
    "termsSha256" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "fileName" TEXT NOT NULL,
    "signatures" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SignedDocument_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "SignedDocument_subjectId_documentKey_version_key" ON "SignedDocument"("subjectId", "documentKey", "version");
CREATE INDEX "SignedDocument_sha256_idx" ON "SignedDocument"("sha256");
