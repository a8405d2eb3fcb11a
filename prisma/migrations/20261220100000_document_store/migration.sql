-- Where a document's bytes are: in this row (database, the default) or in an S3-compatible object
-- store under the same SHA-256 (s3), the row then holding no bytes. The row stays the index either
-- way, written in the transaction of the attachment that refers to it.
ALTER TABLE "DocumentContent" ADD COLUMN "store" TEXT NOT NULL DEFAULT 'database';
