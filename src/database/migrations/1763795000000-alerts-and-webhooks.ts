import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Alerts and webhooks (src/alerts):
 * - alert_subscription: an API key's own subscription: a place set (departments, provinces or
 *   municipalities by code), its rules (kind and parameters, as JSON) and an optional webhook URL with
 *   the secret its deliveries are signed with (kept as it is: signing needs it).
 * - alert: each firing, once: unique on the subscription, the rule (its kind and parameters as a key),
 *   the municipality, the period and a fingerprint of the figures that fired it.
 * - alert_evaluation: the imports whose alerts were evaluated after they committed; one that a stop
 *   left out is evaluated at the next start. Every import made before this migration counts as evaluated.
 * - webhook_delivery: the outbox: one row per alert and subscription with a URL, with its JSON body as
 *   it is signed and sent on every attempt, its state and when it is due; claimed by any instance with
 *   FOR UPDATE SKIP LOCKED. webhook_attempt: each attempt, for the delivery log.
 */
export class AlertsAndWebhooks1763795000000 implements MigrationInterface {
  name = 'AlertsAndWebhooks1763795000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "alert_subscription" (
      "id" serial PRIMARY KEY, "key_id" integer NOT NULL REFERENCES "api_key"("id") ON DELETE CASCADE, "name" text NOT NULL,
      "places" varchar(6)[] NOT NULL, "rules" jsonb NOT NULL, "webhook_url" text, "secret" varchar(64) NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now(), "updated_at" timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE INDEX "alert_subscription_key_idx" ON "alert_subscription" ("key_id", "id")`);
    await q.query(`CREATE TABLE "alert" (
      "id" bigserial PRIMARY KEY, "subscription_id" integer NOT NULL REFERENCES "alert_subscription"("id") ON DELETE CASCADE,
      "rule_kind" varchar(40) NOT NULL, "rule_key" text NOT NULL, "rule_params" jsonb NOT NULL,
      "ubigeo" varchar(6) COLLATE "C" NOT NULL, "period" varchar(16) NOT NULL, "fingerprint" char(64) NOT NULL,
      "figures" jsonb NOT NULL, "as_of" date, "import_id" integer, "fired_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "alert_once" UNIQUE ("subscription_id", "rule_key", "ubigeo", "period", "fingerprint"))`);
    await q.query(`CREATE INDEX "alert_subscription_fired_idx" ON "alert" ("subscription_id", "fired_at" DESC, "id" DESC)`);
    await q.query(
      `CREATE TABLE "alert_evaluation" ("import_id" integer PRIMARY KEY, "evaluated_at" timestamptz NOT NULL DEFAULT now(), "fired" integer NOT NULL)`,
    );
    await q.query(`INSERT INTO "alert_evaluation" ("import_id", "fired") SELECT "id", 0 FROM "import"`);
    await q.query(`CREATE TABLE "webhook_delivery" (
      "id" uuid PRIMARY KEY, "subscription_id" integer NOT NULL REFERENCES "alert_subscription"("id") ON DELETE CASCADE,
      "alert_id" bigint NOT NULL REFERENCES "alert"("id") ON DELETE CASCADE, "body" text NOT NULL,
      "status" varchar(10) NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT 0, "next_attempt_at" timestamptz NOT NULL,
      "claim" uuid, "replay_of" uuid REFERENCES "webhook_delivery"("id") ON DELETE SET NULL,
      "created_at" timestamptz NOT NULL DEFAULT now(), "delivered_at" timestamptz, "last_status" integer, "last_error" text,
      CONSTRAINT "webhook_delivery_status_check" CHECK ("status" IN ('pending', 'delivered', 'failed')))`);
    await q.query(`CREATE INDEX "webhook_delivery_due_idx" ON "webhook_delivery" ("next_attempt_at", "id") WHERE "status" = 'pending'`);
    await q.query(`CREATE INDEX "webhook_delivery_subscription_idx" ON "webhook_delivery" ("subscription_id", "created_at" DESC)`);
    await q.query(`CREATE INDEX "webhook_delivery_alert_idx" ON "webhook_delivery" ("alert_id")`);
    await q.query(`CREATE TABLE "webhook_attempt" (
      "delivery_id" uuid NOT NULL REFERENCES "webhook_delivery"("id") ON DELETE CASCADE, "attempt" integer NOT NULL,
      "at" timestamptz NOT NULL, "status_code" integer, "error" text, "duration_ms" integer NOT NULL,
      PRIMARY KEY ("delivery_id", "attempt"))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "webhook_attempt", "webhook_delivery", "alert_evaluation", "alert", "alert_subscription"`);
  }
}
