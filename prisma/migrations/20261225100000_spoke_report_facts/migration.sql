-- What the accreditation picture needs of each application, beside its view (domain/reports, AccreditationFacts).
-- Rows written before this column are null until their next commit, and reports read their view instead.
ALTER TABLE "SpokeApplication" ADD COLUMN "reportFacts" JSONB;
