-- Documents: files attached to evidence items. The bytes are stored once per content, keyed by
-- their SHA-256 (DocumentContent, the database document store), and each attachment names its
-- subject, the evidence item, the review round, the uploader, the time, the name and the type.
CREATE TABLE "DocumentContent" (
    "sha256" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "bytes" BYTEA NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DocumentContent_pkey" PRIMARY KEY ("sha256")
);

CREATE TABLE "DocumentAttachment" (
    "id" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "subjectType" TEXT NOT NULL,
    "subjectId" TEXT NOT NULL,
    "itemKey" TEXT NOT NULL,
    "round" INTEGER NOT NULL,
    "fileName" TEXT NOT NULL,
    "mediaType" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "uploadedById" TEXT NOT NULL,
    "uploadedByName" TEXT NOT NULL,
    "uploadedAt" TIMESTAMP(3) NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "DocumentAttachment_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "DocumentAttachment_subjectType_subjectId_itemKey_idx" ON "DocumentAttachment"("subjectType", "subjectId", "itemKey");
CREATE INDEX "DocumentAttachment_sha256_idx" ON "DocumentAttachment"("sha256");
