-- Fair share of placement provision: professions (reference data) and, per academic year
-- ("2025-26"), each provider's workforce in WTE, the region's required placement weeks and each
-- provider's offered weeks, per profession. The three professions of the placement partnership
-- are always present: this migration creates them.
-- CreateTable
CREATE TABLE "Profession" (
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Profession_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "FairShareWorkforce" (
    "period" TEXT NOT NULL,
    "organisationId" TEXT NOT NULL,
    "profession" TEXT NOT NULL,
    "wte" DOUBLE PRECISION NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "FairShareWorkforce_pkey" PRIMARY KEY ("period","organisationId","profession")
);

-- CreateTable
CREATE TABLE "FairShareRequiredWeeks" (
    "period" TEXT NOT NULL,
    "profession" TEXT NOT NULL,
    "weeks" DOUBLE PRECISION NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "FairShareRequiredWeeks_pkey" PRIMARY KEY ("period","profession")
);

-- CreateTable
CREATE TABLE "FairShareOfferedWeeks" (
    "period" TEXT NOT NULL,
    "organisationId" TEXT NOT NULL,
    "profession" TEXT NOT NULL,
    "weeks" DOUBLE PRECISION NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "FairShareOfferedWeeks_pkey" PRIMARY KEY ("period","organisationId","profession")
);

-- CreateIndex
CREATE INDEX "FairShareWorkforce_organisationId_idx" ON "FairShareWorkforce"("organisationId");

-- CreateIndex
CREATE INDEX "FairShareOfferedWeeks_organisationId_idx" ON "FairShareOfferedWeeks"("organisationId");

-- AddForeignKey
ALTER TABLE "FairShareWorkforce" ADD CONSTRAINT "FairShareWorkforce_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FairShareWorkforce" ADD CONSTRAINT "FairShareWorkforce_profession_fkey" FOREIGN KEY ("profession") REFERENCES "Profession"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FairShareRequiredWeeks" ADD CONSTRAINT "FairShareRequiredWeeks_profession_fkey" FOREIGN KEY ("profession") REFERENCES "Profession"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FairShareOfferedWeeks" ADD CONSTRAINT "FairShareOfferedWeeks_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FairShareOfferedWeeks" ADD CONSTRAINT "FairShareOfferedWeeks_profession_fkey" FOREIGN KEY ("profession") REFERENCES "Profession"("code") ON DELETE RESTRICT ON UPDATE CASCADE;


-- The professions of the placement partnership
INSERT INTO "Profession" ("code", "name") VALUES
    ('physiotherapy', 'Physiotherapy'),
    ('occupational_therapy', 'Occupational therapy'),
    ('speech_and_language_therapy', 'Speech and language therapy');
