-- The virus scan of each attached file: none, clean, scanning (held until the sweep passes it) or infected
ALTER TABLE "DocumentAttachment" ADD COLUMN "scanStatus" TEXT NOT NULL DEFAULT 'none';
ALTER TABLE "DocumentAttachment" ADD COLUMN "scannedAt" TIMESTAMP(3);
ALTER TABLE "DocumentAttachment" ADD COLUMN "scanFinding" TEXT;
CREATE INDEX "DocumentAttachment_scanStatus_idx" ON "DocumentAttachment"("scanStatus");
