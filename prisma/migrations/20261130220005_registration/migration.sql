-- Self-service registration (SPEC §11): one beta-test application per applicant, and the email
-- verifications whose links (random tokens, stored as SHA-256) confirm each address.
CREATE TYPE "BetaTestApplicationStatus" AS ENUM ('PENDING', 'ACCEPTED', 'REJECTED');
CREATE TABLE "beta_test_application" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "userId" UUID NOT NULL,
    "subdomain" TEXT NOT NULL,
    "instanceName" TEXT NOT NULL,
    "publicContactEmail" TEXT NOT NULL,
    "projectDescription" TEXT NOT NULL DEFAULT '',
    "status" "BetaTestApplicationStatus" NOT NULL DEFAULT 'PENDING',
    "instanceId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "beta_test_application_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "beta_test_application_userId_key" ON "beta_test_application"("userId");
CREATE UNIQUE INDEX "beta_test_application_subdomain_key" ON "beta_test_application"("subdomain");
CREATE UNIQUE INDEX "beta_test_application_instanceId_key" ON "beta_test_application"("instanceId");
ALTER TABLE "beta_test_application" ADD CONSTRAINT "beta_test_application_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "beta_test_application" ADD CONSTRAINT "beta_test_application_instanceId_fkey" FOREIGN KEY ("instanceId") REFERENCES "instance"("id") ON DELETE SET NULL ON UPDATE CASCADE;

CREATE TABLE "email_verification" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "userId" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "verifiedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "email_verification_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "email_verification_tokenHash_key" ON "email_verification"("tokenHash");
CREATE INDEX "email_verification_userId_idx" ON "email_verification"("userId");
ALTER TABLE "email_verification" ADD CONSTRAINT "email_verification_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;
