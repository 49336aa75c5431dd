-- Who hears about an instance's availability and its failed deployments (SPEC §3).
ALTER TABLE "instance" ADD COLUMN "monitoringEmails" TEXT[] DEFAULT ARRAY[]::TEXT[];
ALTER TABLE "instance" ADD COLUMN "provisioningFailureEmails" TEXT[] DEFAULT ARRAY[]::TEXT[];
