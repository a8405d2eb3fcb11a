-- What the commissioning funnel needs of each EOI, beside its view (domain/reports, EoiFunnelFacts).
-- Rows written before this column are null until their next commit, and reports read their view instead.
ALTER TABLE "Eoi" ADD COLUMN "funnelFacts" JSONB;
