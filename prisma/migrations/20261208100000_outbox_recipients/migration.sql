-- Each recipient of an outbox email is delivered, refused or retried on its own.
-- DropIndex
DROP INDEX "OutboxEmail_status_idx";

-- AlterTable
ALTER TABLE "OutboxEmail" ADD COLUMN     "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- CreateTable
CREATE TABLE "OutboxRecipient" (
    "id" TEXT NOT NULL,
    "emailId" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "typed" BOOLEAN NOT NULL DEFAULT false,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastAnswer" TEXT,
    "sentAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OutboxRecipient_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "OutboxRecipient_address_status_idx" ON "OutboxRecipient"("address", "status");

-- CreateIndex
CREATE UNIQUE INDEX "OutboxRecipient_emailId_address_key" ON "OutboxRecipient"("emailId", "address");

-- CreateIndex
CREATE INDEX "OutboxEmail_status_createdAt_idx" ON "OutboxEmail"("status", "createdAt");

-- CreateIndex
CREATE INDEX "OutboxEmail_subjectId_idx" ON "OutboxEmail"("subjectId");

-- AddForeignKey
ALTER TABLE "OutboxRecipient" ADD CONSTRAINT "OutboxRecipient_emailId_fkey" FOREIGN KEY ("emailId") REFERENCES "OutboxEmail"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Existing emails: one recipient per address, in the state of the email.
INSERT INTO "OutboxRecipient" ("id", "emailId", "address", "status", "attempts", "sentAt")
SELECT e."id" || ':' || a."address", e."id", a."address", e."status", e."attempts", e."sentAt"
FROM "OutboxEmail" e, unnest(e."toAddresses") AS a("address")
ON CONFLICT DO NOTHING;
