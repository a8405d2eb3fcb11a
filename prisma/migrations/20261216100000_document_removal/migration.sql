-- Removing a file attached by mistake: the attachment row stays as the record (who attached what,
-- who removed it and when), hidden from views and downloads. The bytes go when no other live
-- attachment refers to the same content.
ALTER TABLE "DocumentAttachment" ADD COLUMN "removedAt" TIMESTAMP(3);
ALTER TABLE "DocumentAttachment" ADD COLUMN "removedById" TEXT;
ALTER TABLE "DocumentAttachment" ADD COLUMN "removedByName" TEXT;
