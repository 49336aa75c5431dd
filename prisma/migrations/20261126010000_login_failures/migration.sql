-- Failed sign-ins, to block a username+IP pair after 10 failures in 15 minutes (SPEC.md §2).
CREATE TABLE "login_failure" (
    "id" BIGSERIAL NOT NULL,
    "login" TEXT NOT NULL,
    "ip" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "login_failure_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "login_failure_login_ip_createdAt_idx" ON "login_failure"("login", "ip", "createdAt");
