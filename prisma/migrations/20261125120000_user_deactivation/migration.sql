-- A user who has left: kept for the audit trail, signs in no more, receives no email.
ALTER TABLE "User" ADD COLUMN "deactivatedAt" TIMESTAMP(3);
