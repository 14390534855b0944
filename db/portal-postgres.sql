CREATE TABLE IF NOT EXISTS "__EFMigrationsHistory" (
    "MigrationId" character varying(150) NOT NULL,
    "ProductVersion" character varying(32) NOT NULL,
    CONSTRAINT "PK___EFMigrationsHistory" PRIMARY KEY ("MigrationId")
);

START TRANSACTION;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261124011312_Initial') THEN
    CREATE TABLE "ApprovalPolicies" (
        "Id" uuid NOT NULL,
        "TenantId" uuid NOT NULL,
        "Kind" character varying(40) NOT NULL,
        "RequiresApproval" boolean NOT NULL,
        "ApproverPersona" character varying(40) NOT NULL,
        CONSTRAINT "PK_ApprovalPolicies" PRIMARY KEY ("Id")
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261124011312_Initial') THEN
    CREATE TABLE "AuditEvents" (
        "Id" uuid NOT NULL,
        "At" timestamp with time zone NOT NULL,
        "Actor" character varying(200) NOT NULL,
        "Action" character varying(100) NOT NULL,
        "TargetType" character varying(50) NOT NULL,
        "TargetId" character varying(200) NOT NULL,
        "Summary" text NOT NULL,
        "TenantId" uuid,
        CONSTRAINT "PK_AuditEvents" PRIMARY KEY ("Id")
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261124011312_Initial') THEN
    CREATE TABLE "Clusters" (
        "Id" uuid NOT NULL,
        "Name" character varying(63) NOT NULL,
        "Description" text,
        "ApiServerUrl" character varying(500) NOT NULL,
        "EncryptedKubeconfig" text NOT NULL,
        "AuthKind" character varying(30) NOT NULL,
        "RegisteredBy" text NOT NULL,
        "RegisteredAt" timestamp with time zone NOT NULL,
        "Health" character varying(30) NOT NULL,
        "HealthMessage" text,
        "HealthCheckedAt" timestamp with time zone,
        "ServerVersion" text,
        "Capabilities" text NOT NULL,
        CONSTRAINT "PK_Clusters" PRIMARY KEY ("Id")
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261124011312_Initial') THEN
    CREATE TABLE "RequestEvents" (
        "Id" uuid NOT NULL,
        "RequestId" uuid NOT NULL,
        "TenantId" uuid NOT NULL,
        "ClusterId" uuid NOT NULL,
        "Kind" character varying(30) NOT NULL,
        "Title" character varying(500) NOT NULL,
        "Detail" text,
        "Actor" character varying(200) NOT NULL,
        "At" timestamp with time zone NOT NULL,
        CONSTRAINT "PK_RequestEvents" PRIMARY KEY ("Id")
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261124011312_Initial') THEN
    CREATE TABLE "Requests" (
        "Id" uuid NOT NULL,
        "TenantId" uuid NOT NULL,
        "ClusterId" uuid NOT NULL,
        "Namespace" character varying(63) NOT NULL,
        "Kind" character varying(40) NOT NULL,
        "ParametersJson" text NOT NULL,
        "RequestedById" character varying(200) NOT NULL,
        "RequestedByName" character varying(200) NOT NULL,
        "Reason" text,
        "CreatedAt" timestamp with time zone NOT NULL,
        "UpdatedAt" timestamp with time zone NOT NULL,
        "Status" character varying(30) NOT NULL,
        "Version" uuid NOT NULL,
        "LeaseOwner" character varying(200),
        "LeaseExpiresAt" timestamp with time zone,
        "Attempt" integer NOT NULL,
        "StartedAt" timestamp with time zone,
        "CompletedAt" timestamp with time zone,
        "ObjectName" character varying(253),
        "ObjectKind" character varying(100),
        "Phase" character varying(60),
        "ItemsTotal" integer,
        "ItemsDone" integer,
        "Warnings" integer NOT NULL,
        "Errors" integer NOT NULL,
        "FailureReason" text,
        "DecidedById" character varying(200),
        "DecidedByName" character varying(200),
        "DecidedAt" timestamp with time zone,
        "DecisionComment" text,
        CONSTRAINT "PK_Requests" PRIMARY KEY ("Id")
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261124011312_Initial') THEN
    CREATE TABLE "ScopeBindings" (
        "Id" uuid NOT NULL,
        "PrincipalKind" character varying(20) NOT NULL,
        "PrincipalId" character varying(200) NOT NULL,
        "Persona" character varying(40) NOT NULL,
        "ScopeKind" character varying(20) NOT NULL,
        "TenantId" uuid,
        "ClusterId" uuid,
        CONSTRAINT "PK_ScopeBindings" PRIMARY KEY ("Id")
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261124011312_Initial') THEN
    CREATE TABLE "TenantNamespaces" (
        "Id" uuid NOT NULL,
        "TenantId" uuid NOT NULL,
        "ClusterId" uuid NOT NULL,
        "Namespace" character varying(63) NOT NULL,
        "ClaimedAt" timestamp with time zone NOT NULL,
        "ClaimedBy" character varying(200) NOT NULL,
        CONSTRAINT "PK_TenantNamespaces" PRIMARY KEY ("Id")
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261124011312_Initial') THEN
    CREATE TABLE "Tenants" (
        "Id" uuid NOT NULL,
        "Slug" character varying(63) NOT NULL,
        "DisplayName" character varying(200) NOT NULL,
        CONSTRAINT "PK_Tenants" PRIMARY KEY ("Id")
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261124011312_Initial') THEN
    CREATE TABLE "Users" (
        "Id" uuid NOT NULL,
        "ExternalId" character varying(200) NOT NULL,
        "DisplayName" character varying(200) NOT NULL,
        "Email" character varying(320) NOT NULL,
        CONSTRAINT "PK_Users" PRIMARY KEY ("Id")
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261124011312_Initial') THEN
    CREATE UNIQUE INDEX "IX_ApprovalPolicies_TenantId_Kind" ON "ApprovalPolicies" ("TenantId", "Kind");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261124011312_Initial') THEN
    CREATE INDEX "IX_AuditEvents_Action" ON "AuditEvents" ("Action");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261124011312_Initial') THEN
    CREATE INDEX "IX_AuditEvents_At" ON "AuditEvents" ("At");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261124011312_Initial') THEN
    CREATE INDEX "IX_AuditEvents_TenantId_At" ON "AuditEvents" ("TenantId", "At");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261124011312_Initial') THEN
    CREATE UNIQUE INDEX "IX_Clusters_Name" ON "Clusters" ("Name");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261124011312_Initial') THEN
    CREATE INDEX "IX_RequestEvents_RequestId_At" ON "RequestEvents" ("RequestId", "At");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261124011312_Initial') THEN
    CREATE INDEX "IX_Requests_CreatedAt" ON "Requests" ("CreatedAt");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261124011312_Initial') THEN
    CREATE INDEX "IX_Requests_Status_LeaseExpiresAt" ON "Requests" ("Status", "LeaseExpiresAt");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261124011312_Initial') THEN
    CREATE INDEX "IX_Requests_TenantId_CreatedAt" ON "Requests" ("TenantId", "CreatedAt");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261124011312_Initial') THEN
    CREATE INDEX "IX_ScopeBindings_PrincipalKind_PrincipalId" ON "ScopeBindings" ("PrincipalKind", "PrincipalId");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261124011312_Initial') THEN
    CREATE UNIQUE INDEX "IX_TenantNamespaces_ClusterId_Namespace" ON "TenantNamespaces" ("ClusterId", "Namespace");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261124011312_Initial') THEN
    CREATE INDEX "IX_TenantNamespaces_TenantId" ON "TenantNamespaces" ("TenantId");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261124011312_Initial') THEN
    CREATE UNIQUE INDEX "IX_Tenants_Slug" ON "Tenants" ("Slug");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261124011312_Initial') THEN
    CREATE UNIQUE INDEX "IX_Users_ExternalId" ON "Users" ("ExternalId");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261124011312_Initial') THEN
    INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
    VALUES ('20261124011312_Initial', '10.0.15');
    END IF;
END $EF$;
COMMIT;

START TRANSACTION;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261124021641_DatabaseDumps') THEN
    CREATE TABLE "DatabaseTargets" (
        "Id" uuid NOT NULL,
        "TenantId" uuid NOT NULL,
        "ClusterId" uuid NOT NULL,
        "Namespace" character varying(63) NOT NULL,
        "Name" character varying(63) NOT NULL,
        "Engine" character varying(20) NOT NULL,
        "ServiceName" character varying(63) NOT NULL,
        "Port" integer NOT NULL,
        "DatabaseNames" text NOT NULL,
        "Credentials" text NOT NULL,
        "Source" character varying(30) NOT NULL,
        "SourceObject" character varying(253),
        "ServerMajorVersion" integer,
        "RpoTarget" interval,
        "RegisteredBy" character varying(200) NOT NULL,
        "RegisteredAt" timestamp with time zone NOT NULL,
        CONSTRAINT "PK_DatabaseTargets" PRIMARY KEY ("Id")
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261124021641_DatabaseDumps') THEN
    CREATE TABLE "DumpArtifacts" (
        "Id" uuid NOT NULL,
        "TenantId" uuid NOT NULL,
        "ClusterId" uuid NOT NULL,
        "ScheduleId" uuid NOT NULL,
        "DatabaseTargetId" uuid NOT NULL,
        "JobName" character varying(63) NOT NULL,
        "Trigger" character varying(20) NOT NULL,
        "Status" character varying(20) NOT NULL,
        "StartedAt" timestamp with time zone NOT NULL,
        "CompletedAt" timestamp with time zone,
        "SizeBytes" bigint,
        "Sha256" character varying(64),
        "Location" character varying(1000),
        "ToolVersion" character varying(100),
        "Error" text,
        CONSTRAINT "PK_DumpArtifacts" PRIMARY KEY ("Id")
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261124021641_DatabaseDumps') THEN
    CREATE TABLE "DumpSchedules" (
        "Id" uuid NOT NULL,
        "TenantId" uuid NOT NULL,
        "ClusterId" uuid NOT NULL,
        "DatabaseTargetId" uuid NOT NULL,
        "Name" character varying(63) NOT NULL,
        "Postgres" text,
        "MySql" text,
        "Destination" text NOT NULL,
        "Cron" character varying(100) NOT NULL,
        "TimeZone" character varying(64) NOT NULL,
        "Retention" text NOT NULL,
        "ClientImage" character varying(200) NOT NULL,
        "Suspended" boolean NOT NULL,
        "CreatedBy" character varying(200) NOT NULL,
        "CreatedAt" timestamp with time zone NOT NULL,
        "UpdatedAt" timestamp with time zone NOT NULL,
        CONSTRAINT "PK_DumpSchedules" PRIMARY KEY ("Id")
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261124021641_DatabaseDumps') THEN
    CREATE UNIQUE INDEX "IX_DatabaseTargets_ClusterId_Namespace_Name" ON "DatabaseTargets" ("ClusterId", "Namespace", "Name");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261124021641_DatabaseDumps') THEN
    CREATE INDEX "IX_DatabaseTargets_TenantId" ON "DatabaseTargets" ("TenantId");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261124021641_DatabaseDumps') THEN
    CREATE UNIQUE INDEX "IX_DumpArtifacts_ClusterId_JobName" ON "DumpArtifacts" ("ClusterId", "JobName");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261124021641_DatabaseDumps') THEN
    CREATE INDEX "IX_DumpArtifacts_DatabaseTargetId_StartedAt" ON "DumpArtifacts" ("DatabaseTargetId", "StartedAt");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261124021641_DatabaseDumps') THEN
    CREATE INDEX "IX_DumpSchedules_DatabaseTargetId" ON "DumpSchedules" ("DatabaseTargetId");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261124021641_DatabaseDumps') THEN
    INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
    VALUES ('20261124021641_DatabaseDumps', '10.0.15');
    END IF;
END $EF$;
COMMIT;

START TRANSACTION;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261124032141_DatabaseOperations') THEN
    ALTER TABLE "Requests" ADD "DatabaseId" uuid;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261124032141_DatabaseOperations') THEN
    ALTER TABLE "Requests" ADD "ResultJson" text;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261124032141_DatabaseOperations') THEN
    ALTER TABLE "DumpSchedules" ADD "AppliedAt" timestamp with time zone;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261124032141_DatabaseOperations') THEN
    ALTER TABLE "DumpSchedules" ADD "CnpgMethod" character varying(30);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261124032141_DatabaseOperations') THEN
    ALTER TABLE "DumpSchedules" ADD "DatabaseName" character varying(64);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261124032141_DatabaseOperations') THEN
    ALTER TABLE "DumpSchedules" ADD "Method" character varying(20) NOT NULL DEFAULT '';
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261124032141_DatabaseOperations') THEN
    ALTER TABLE "DumpSchedules" ADD "Namespace" character varying(63) NOT NULL DEFAULT '';
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261124032141_DatabaseOperations') THEN
    ALTER TABLE "DumpSchedules" ADD "State" character varying(20) NOT NULL DEFAULT '';
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261124032141_DatabaseOperations') THEN
    ALTER TABLE "DumpArtifacts" ADD "Method" character varying(20) NOT NULL DEFAULT '';
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261124032141_DatabaseOperations') THEN
    ALTER TABLE "DumpArtifacts" ADD "RequestId" uuid;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261124032141_DatabaseOperations') THEN
    CREATE INDEX "IX_Requests_DatabaseId_CreatedAt" ON "Requests" ("DatabaseId", "CreatedAt");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261124032141_DatabaseOperations') THEN
    CREATE INDEX "IX_DumpSchedules_ClusterId_State" ON "DumpSchedules" ("ClusterId", "State");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261124032141_DatabaseOperations') THEN
    INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
    VALUES ('20261124032141_DatabaseOperations', '10.0.15');
    END IF;
END $EF$;
COMMIT;

START TRANSACTION;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261124060259_MigrationWaves') THEN
    CREATE TABLE "MigrationPlans" (
        "Id" uuid NOT NULL,
        "Name" character varying(100) NOT NULL,
        "Description" character varying(2000),
        "SourceClusterId" uuid NOT NULL,
        "TargetClusterId" uuid NOT NULL,
        "AuthorId" character varying(200) NOT NULL,
        "AuthorName" character varying(200) NOT NULL,
        "CreatedAt" timestamp with time zone NOT NULL,
        "UpdatedAt" timestamp with time zone NOT NULL,
        CONSTRAINT "PK_MigrationPlans" PRIMARY KEY ("Id")
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261124060259_MigrationWaves') THEN
    CREATE TABLE "MigrationWaves" (
        "Id" uuid NOT NULL,
        "PlanId" uuid NOT NULL,
        "Order" integer NOT NULL,
        "Name" character varying(100) NOT NULL,
        "NotBefore" timestamp with time zone NOT NULL,
        "NotAfter" timestamp with time zone NOT NULL,
        "ConcurrencyLimit" integer NOT NULL,
        "Status" character varying(30) NOT NULL,
        "SubmittedById" character varying(200),
        "SubmittedByName" character varying(200),
        "SubmittedAt" timestamp with time zone,
        "DecidedById" character varying(200),
        "DecidedByName" character varying(200),
        "DecidedAt" timestamp with time zone,
        "DecisionComment" character varying(2000),
        "StartedAt" timestamp with time zone,
        "EndedAt" timestamp with time zone,
        "ClosedByName" character varying(200),
        "ClosedAt" timestamp with time zone,
        "UpdatedAt" timestamp with time zone NOT NULL,
        "Version" uuid NOT NULL,
        CONSTRAINT "PK_MigrationWaves" PRIMARY KEY ("Id"),
        CONSTRAINT "FK_MigrationWaves_MigrationPlans_PlanId" FOREIGN KEY ("PlanId") REFERENCES "MigrationPlans" ("Id") ON DELETE CASCADE
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261124060259_MigrationWaves') THEN
    CREATE TABLE "MigrationApplications" (
        "Id" uuid NOT NULL,
        "PlanId" uuid NOT NULL,
        "WaveId" uuid NOT NULL,
        "TenantId" uuid NOT NULL,
        "ClusterId" uuid NOT NULL,
        "SourceNamespace" character varying(63) NOT NULL,
        "TargetNamespace" character varying(63) NOT NULL,
        "GitOps" text NOT NULL,
        "Classification" text NOT NULL,
        "RecommendedPlaybook" character varying(40) NOT NULL,
        "RecommendationReason" character varying(4000) NOT NULL,
        "Alternatives" text NOT NULL,
        "Playbook" character varying(40) NOT NULL,
        "Mappings" text NOT NULL,
        "Findings" text NOT NULL,
        "PreflightAt" timestamp with time zone,
        "PreflightStale" boolean NOT NULL,
        "PreviewYaml" text,
        "PreviewObjectCount" integer NOT NULL,
        "TransformSkipped" text NOT NULL,
        "TransformNotes" text NOT NULL,
        "WarningsAcknowledgedByName" character varying(200),
        "WarningsAcknowledgedAt" timestamp with time zone,
        "OwnerAcknowledgedById" character varying(200),
        "OwnerAcknowledgedByName" character varying(200),
        "OwnerAcknowledgedAt" timestamp with time zone,
        "Status" character varying(30) NOT NULL,
        "StatusDetail" character varying(4000),
        "MigrationRequestId" uuid,
        "RollbackRequestId" uuid,
        "RollbackRequestedByName" character varying(200),
        "Steps" text NOT NULL,
        "RollbackSteps" text NOT NULL,
        "RunState" text NOT NULL,
        "CreatedAt" timestamp with time zone NOT NULL,
        "UpdatedAt" timestamp with time zone NOT NULL,
        "Version" uuid NOT NULL,
        CONSTRAINT "PK_MigrationApplications" PRIMARY KEY ("Id"),
        CONSTRAINT "FK_MigrationApplications_MigrationWaves_WaveId" FOREIGN KEY ("WaveId") REFERENCES "MigrationWaves" ("Id") ON DELETE CASCADE
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261124060259_MigrationWaves') THEN
    CREATE INDEX "IX_MigrationApplications_ClusterId_SourceNamespace" ON "MigrationApplications" ("ClusterId", "SourceNamespace");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261124060259_MigrationWaves') THEN
    CREATE INDEX "IX_MigrationApplications_PlanId_WaveId" ON "MigrationApplications" ("PlanId", "WaveId");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261124060259_MigrationWaves') THEN
    CREATE INDEX "IX_MigrationApplications_TenantId" ON "MigrationApplications" ("TenantId");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261124060259_MigrationWaves') THEN
    CREATE INDEX "IX_MigrationApplications_WaveId" ON "MigrationApplications" ("WaveId");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261124060259_MigrationWaves') THEN
    CREATE INDEX "IX_MigrationPlans_CreatedAt" ON "MigrationPlans" ("CreatedAt");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261124060259_MigrationWaves') THEN
    CREATE INDEX "IX_MigrationWaves_PlanId_Order" ON "MigrationWaves" ("PlanId", "Order");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261124060259_MigrationWaves') THEN
    CREATE INDEX "IX_MigrationWaves_Status" ON "MigrationWaves" ("Status");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261124060259_MigrationWaves') THEN
    INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
    VALUES ('20261124060259_MigrationWaves', '10.0.15');
    END IF;
END $EF$;
COMMIT;

START TRANSACTION;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261124072401_MigrationWavePlanners') THEN
    ALTER TABLE "MigrationWaves" ADD "PlannerIds" text NOT NULL DEFAULT '[]';
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261124072401_MigrationWavePlanners') THEN
    INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
    VALUES ('20261124072401_MigrationWavePlanners', '10.0.15');
    END IF;
END $EF$;
COMMIT;

START TRANSACTION;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207030501_TrustClusters') THEN
    DROP INDEX "IX_Clusters_Name";
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207030501_TrustClusters') THEN
    ALTER TABLE "Clusters" ADD "AllowInsecureHttp" boolean NOT NULL DEFAULT FALSE;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207030501_TrustClusters') THEN
    ALTER TABLE "Clusters" ADD "InsecureSkipTlsVerify" boolean NOT NULL DEFAULT FALSE;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207030501_TrustClusters') THEN
    ALTER TABLE "Clusters" ADD "RetiredAt" timestamp with time zone;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207030501_TrustClusters') THEN
    ALTER TABLE "Clusters" ADD "RetiredBy" character varying(200);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207030501_TrustClusters') THEN
    CREATE UNIQUE INDEX "IX_Clusters_Name" ON "Clusters" ("Name") WHERE "RetiredAt" IS NULL;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207030501_TrustClusters') THEN
    INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
    VALUES ('20261207030501_TrustClusters', '10.0.15');
    END IF;
END $EF$;
COMMIT;

START TRANSACTION;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207031002_TrustSecurity') THEN
    ALTER TABLE "AuditEvents" ADD "ActorUserId" character varying(100);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207031002_TrustSecurity') THEN
    ALTER TABLE "AuditEvents" ADD "Outcome" character varying(20) NOT NULL DEFAULT 'Succeeded';
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207031002_TrustSecurity') THEN
    ALTER TABLE "AuditEvents" ADD "SourceAddress" character varying(100);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207031002_TrustSecurity') THEN
    CREATE TABLE "DataProtectionKeys" (
        "Id" integer GENERATED BY DEFAULT AS IDENTITY,
        "FriendlyName" character varying(200),
        "Xml" text,
        CONSTRAINT "PK_DataProtectionKeys" PRIMARY KEY ("Id")
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207031002_TrustSecurity') THEN
    CREATE TABLE "UserSessions" (
        "Id" uuid NOT NULL,
        "UserId" uuid NOT NULL,
        "StartedAt" timestamp with time zone NOT NULL,
        "SourceAddress" character varying(100) NOT NULL,
        "RevokedAt" timestamp with time zone,
        "RevokedReason" character varying(200),
        CONSTRAINT "PK_UserSessions" PRIMARY KEY ("Id")
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207031002_TrustSecurity') THEN
    CREATE INDEX "IX_UserSessions_UserId" ON "UserSessions" ("UserId");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207031002_TrustSecurity') THEN
    INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
    VALUES ('20261207031002_TrustSecurity', '10.0.15');
    END IF;
END $EF$;
COMMIT;

START TRANSACTION;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207031046_TrustSecurityAuditAppendOnly') THEN
    CREATE OR REPLACE FUNCTION portal_audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
        RAISE EXCEPTION 'Audit events are append-only: % on "AuditEvents" is refused.', TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END
    $fn$;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207031046_TrustSecurityAuditAppendOnly') THEN
    DROP TRIGGER IF EXISTS audit_events_append_only ON "AuditEvents";
    CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON "AuditEvents"
        FOR EACH ROW EXECUTE FUNCTION portal_audit_events_append_only();
    DROP TRIGGER IF EXISTS audit_events_no_truncate ON "AuditEvents";
    CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON "AuditEvents"
        FOR EACH STATEMENT EXECUTE FUNCTION portal_audit_events_append_only();
    REVOKE UPDATE, DELETE, TRUNCATE ON "AuditEvents" FROM PUBLIC, CURRENT_USER;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207031046_TrustSecurityAuditAppendOnly') THEN
    INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
    VALUES ('20261207031046_TrustSecurityAuditAppendOnly', '10.0.15');
    END IF;
END $EF$;
COMMIT;

START TRANSACTION;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207031627_TrustEventSequence') THEN
    DROP INDEX "IX_RequestEvents_RequestId_At";
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207031627_TrustEventSequence') THEN
    CREATE SEQUENCE "EventSequence" START WITH 1 INCREMENT BY 1 NO CYCLE;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207031627_TrustEventSequence') THEN
    ALTER TABLE "RequestEvents" ADD "Sequence" bigint NOT NULL DEFAULT 0;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207031627_TrustEventSequence') THEN
    ALTER TABLE "AuditEvents" ADD "Sequence" bigint NOT NULL DEFAULT 0;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207031627_TrustEventSequence') THEN
    CREATE INDEX "IX_RequestEvents_RequestId_Sequence" ON "RequestEvents" ("RequestId", "Sequence");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207031627_TrustEventSequence') THEN
    CREATE INDEX "IX_AuditEvents_Sequence" ON "AuditEvents" ("Sequence");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207031627_TrustEventSequence') THEN
    INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
    VALUES ('20261207031627_TrustEventSequence', '10.0.15');
    END IF;
END $EF$;
COMMIT;

START TRANSACTION;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207031819_TrustForms') THEN
    ALTER TABLE "Requests" ADD "SubmissionFingerprint" character varying(64);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207031819_TrustForms') THEN
    CREATE TABLE "RequestSubmissionKeys" (
        "Key" character varying(100) NOT NULL,
        "RequestId" uuid NOT NULL,
        "CreatedAt" timestamp with time zone NOT NULL,
        CONSTRAINT "PK_RequestSubmissionKeys" PRIMARY KEY ("Key")
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207031819_TrustForms') THEN
    CREATE INDEX "IX_Requests_SubmissionFingerprint_CreatedAt" ON "Requests" ("SubmissionFingerprint", "CreatedAt");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207031819_TrustForms') THEN
    CREATE INDEX "IX_RequestSubmissionKeys_CreatedAt" ON "RequestSubmissionKeys" ("CreatedAt");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207031819_TrustForms') THEN
    CREATE INDEX "IX_RequestSubmissionKeys_RequestId" ON "RequestSubmissionKeys" ("RequestId");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207031819_TrustForms') THEN
    INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
    VALUES ('20261207031819_TrustForms', '10.0.15');
    END IF;
END $EF$;
COMMIT;

START TRANSACTION;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207125457_ContinuousProtection') THEN
    ALTER TABLE "Tenants" ADD "MinimumProtectionPolicyId" uuid;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207125457_ContinuousProtection') THEN
    CREATE TABLE "ClusterFollowLeases" (
        "ClusterId" uuid NOT NULL,
        "Holder" character varying(200) NOT NULL,
        "AcquiredAt" timestamp with time zone NOT NULL,
        "ExpiresAt" timestamp with time zone NOT NULL,
        "Version" uuid NOT NULL,
        CONSTRAINT "PK_ClusterFollowLeases" PRIMARY KEY ("ClusterId")
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207125457_ContinuousProtection') THEN
    CREATE TABLE "ComplianceDays" (
        "Id" uuid NOT NULL,
        "Day" date NOT NULL,
        "TenantId" uuid NOT NULL,
        "ClusterId" uuid NOT NULL,
        "Protected" integer NOT NULL,
        "AtRisk" integer NOT NULL,
        "Unprotected" integer NOT NULL,
        "NonCompliant" integer NOT NULL,
        "RecordedAt" timestamp with time zone NOT NULL,
        CONSTRAINT "PK_ComplianceDays" PRIMARY KEY ("Id")
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207125457_ContinuousProtection') THEN
    CREATE TABLE "NamespaceProtections" (
        "Id" uuid NOT NULL,
        "TenantId" uuid NOT NULL,
        "ClusterId" uuid NOT NULL,
        "Namespace" character varying(63) NOT NULL,
        "Target" character varying(20) NOT NULL,
        "PolicyId" uuid NOT NULL,
        "PolicyName" character varying(63) NOT NULL,
        "State" character varying(20) NOT NULL,
        "Paused" boolean NOT NULL,
        "PausedBy" character varying(200),
        "PauseReason" character varying(500),
        "PausedUntil" timestamp with time zone,
        "LastRequestId" uuid,
        "AppliedAt" timestamp with time zone,
        "AppliedSpecHash" character varying(64),
        "Drift" character varying(20) NOT NULL,
        "DriftDetail" character varying(1000),
        "DriftSeenAt" timestamp with time zone,
        "CreatedBy" character varying(200) NOT NULL,
        "CreatedAt" timestamp with time zone NOT NULL,
        "UpdatedAt" timestamp with time zone NOT NULL,
        "Version" uuid NOT NULL,
        CONSTRAINT "PK_NamespaceProtections" PRIMARY KEY ("Id")
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207125457_ContinuousProtection') THEN
    CREATE TABLE "NamespaceRpoStates" (
        "Id" uuid NOT NULL,
        "TenantId" uuid NOT NULL,
        "ClusterId" uuid NOT NULL,
        "Namespace" character varying(63) NOT NULL,
        "LastGoodBackup" character varying(253),
        "LastGoodAt" timestamp with time zone,
        "LastGoodSource" character varying(20),
        "LastRunBackup" character varying(253),
        "LastRunPhase" character varying(40),
        "LastRunAt" timestamp with time zone,
        "FailedRunsInRow" integer NOT NULL,
        "FailureSummary" character varying(2000),
        "StorageLocation" character varying(63),
        "UpdatedAt" timestamp with time zone NOT NULL,
        CONSTRAINT "PK_NamespaceRpoStates" PRIMARY KEY ("Id")
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207125457_ContinuousProtection') THEN
    CREATE TABLE "ObservedBackups" (
        "Id" uuid NOT NULL,
        "TenantId" uuid NOT NULL,
        "ClusterId" uuid NOT NULL,
        "Name" character varying(253) NOT NULL,
        "Uid" character varying(64),
        "Phase" character varying(40),
        "ScheduleName" character varying(253),
        "ProtectionId" uuid,
        "RequestId" uuid,
        "IncludedNamespaces" text NOT NULL,
        "ExcludedNamespaces" text NOT NULL,
        "ClusterResourcesOnly" boolean NOT NULL,
        "StorageLocation" character varying(63),
        "StartedAt" timestamp with time zone,
        "CompletedAt" timestamp with time zone,
        "Expiration" timestamp with time zone,
        "Errors" integer NOT NULL,
        "Warnings" integer NOT NULL,
        "FailureReason" character varying(2000),
        "ObservedAt" timestamp with time zone NOT NULL,
        CONSTRAINT "PK_ObservedBackups" PRIMARY KEY ("Id")
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207125457_ContinuousProtection') THEN
    CREATE TABLE "ObservedLocations" (
        "Id" uuid NOT NULL,
        "ClusterId" uuid NOT NULL,
        "Kind" character varying(20) NOT NULL,
        "Name" character varying(253) NOT NULL,
        "Provider" character varying(200),
        "Phase" character varying(40),
        "IsDefault" boolean NOT NULL,
        "AccessMode" character varying(40),
        "LastValidated" timestamp with time zone,
        "Message" character varying(2000),
        "UnavailableSince" timestamp with time zone,
        "ObservedAt" timestamp with time zone NOT NULL,
        CONSTRAINT "PK_ObservedLocations" PRIMARY KEY ("Id")
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207125457_ContinuousProtection') THEN
    CREATE TABLE "ProtectionPolicies" (
        "Id" uuid NOT NULL,
        "Name" character varying(63) NOT NULL,
        "Description" character varying(500),
        "Target" character varying(20) NOT NULL,
        "Cron" character varying(100) NOT NULL,
        "TimeZone" character varying(64) NOT NULL,
        "Retention" interval NOT NULL,
        "TargetRpo" interval NOT NULL,
        "Volumes" character varying(40) NOT NULL,
        "StorageLocation" character varying(63),
        "ExcludedResources" text NOT NULL,
        "Hooks" text NOT NULL,
        "CreatedBy" character varying(200) NOT NULL,
        "CreatedAt" timestamp with time zone NOT NULL,
        "UpdatedAt" timestamp with time zone NOT NULL,
        "RetiredAt" timestamp with time zone,
        "Version" uuid NOT NULL,
        CONSTRAINT "PK_ProtectionPolicies" PRIMARY KEY ("Id")
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207125457_ContinuousProtection') THEN
    CREATE TABLE "ProtectionPolicyGrants" (
        "Id" uuid NOT NULL,
        "TenantId" uuid NOT NULL,
        "PolicyId" uuid NOT NULL,
        "GrantedBy" character varying(200) NOT NULL,
        "GrantedAt" timestamp with time zone NOT NULL,
        CONSTRAINT "PK_ProtectionPolicyGrants" PRIMARY KEY ("Id")
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207125457_ContinuousProtection') THEN
    CREATE UNIQUE INDEX "IX_ComplianceDays_Day_TenantId_ClusterId" ON "ComplianceDays" ("Day", "TenantId", "ClusterId");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207125457_ContinuousProtection') THEN
    CREATE INDEX "IX_ComplianceDays_TenantId_Day" ON "ComplianceDays" ("TenantId", "Day");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207125457_ContinuousProtection') THEN
    CREATE UNIQUE INDEX "IX_NamespaceProtections_ClusterId_Target_Namespace" ON "NamespaceProtections" ("ClusterId", "Target", "Namespace") WHERE "State" <> 'Removed';
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207125457_ContinuousProtection') THEN
    CREATE INDEX "IX_NamespaceProtections_PolicyId" ON "NamespaceProtections" ("PolicyId");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207125457_ContinuousProtection') THEN
    CREATE INDEX "IX_NamespaceProtections_TenantId" ON "NamespaceProtections" ("TenantId");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207125457_ContinuousProtection') THEN
    CREATE UNIQUE INDEX "IX_NamespaceRpoStates_ClusterId_Namespace" ON "NamespaceRpoStates" ("ClusterId", "Namespace");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207125457_ContinuousProtection') THEN
    CREATE INDEX "IX_NamespaceRpoStates_TenantId" ON "NamespaceRpoStates" ("TenantId");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207125457_ContinuousProtection') THEN
    CREATE UNIQUE INDEX "IX_ObservedBackups_ClusterId_Name" ON "ObservedBackups" ("ClusterId", "Name");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207125457_ContinuousProtection') THEN
    CREATE INDEX "IX_ObservedBackups_ClusterId_ScheduleName" ON "ObservedBackups" ("ClusterId", "ScheduleName");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207125457_ContinuousProtection') THEN
    CREATE INDEX "IX_ObservedBackups_TenantId" ON "ObservedBackups" ("TenantId");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207125457_ContinuousProtection') THEN
    CREATE UNIQUE INDEX "IX_ObservedLocations_ClusterId_Kind_Name" ON "ObservedLocations" ("ClusterId", "Kind", "Name");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207125457_ContinuousProtection') THEN
    CREATE UNIQUE INDEX "IX_ProtectionPolicies_Name" ON "ProtectionPolicies" ("Name");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207125457_ContinuousProtection') THEN
    CREATE INDEX "IX_ProtectionPolicyGrants_PolicyId" ON "ProtectionPolicyGrants" ("PolicyId");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207125457_ContinuousProtection') THEN
    CREATE UNIQUE INDEX "IX_ProtectionPolicyGrants_TenantId_PolicyId" ON "ProtectionPolicyGrants" ("TenantId", "PolicyId");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207125457_ContinuousProtection') THEN
    INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
    VALUES ('20261207125457_ContinuousProtection', '10.0.15');
    END IF;
END $EF$;
COMMIT;

START TRANSACTION;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207171900_ProvenRecovery') THEN
    ALTER TABLE "TenantNamespaces" ADD "TargetRto" interval;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207171900_ProvenRecovery') THEN
    ALTER TABLE "MigrationPlans" ADD "Purpose" character varying(20) NOT NULL DEFAULT 'Migration';
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207171900_ProvenRecovery') THEN
    ALTER TABLE "MigrationPlans" ADD "Unrecoverable" text NOT NULL DEFAULT '[]';
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207171900_ProvenRecovery') THEN
    ALTER TABLE "MigrationApplications" ADD "Recovery" text;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207171900_ProvenRecovery') THEN
    CREATE TABLE "DrillSchedules" (
        "Id" uuid NOT NULL,
        "TenantId" uuid NOT NULL,
        "ClusterId" uuid NOT NULL,
        "Namespace" character varying(63) NOT NULL,
        "PolicyId" uuid,
        "Cron" character varying(100) NOT NULL,
        "TimeZone" character varying(64) NOT NULL,
        "TargetClusterId" uuid,
        "Checks" text NOT NULL,
        "KeepForInspection" interval,
        "Enabled" boolean NOT NULL,
        "LastRunAt" timestamp with time zone,
        "NextDueAt" timestamp with time zone NOT NULL,
        "CreatedBy" character varying(200) NOT NULL,
        "CreatedAt" timestamp with time zone NOT NULL,
        "UpdatedAt" timestamp with time zone NOT NULL,
        "Version" uuid NOT NULL,
        CONSTRAINT "PK_DrillSchedules" PRIMARY KEY ("Id")
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207171900_ProvenRecovery') THEN
    CREATE TABLE "GitOpsFreezes" (
        "Id" uuid NOT NULL,
        "TenantId" uuid NOT NULL,
        "ClusterId" uuid NOT NULL,
        "Namespace" character varying(63) NOT NULL,
        "RequestId" uuid NOT NULL,
        "ObjectApiVersion" character varying(120) NOT NULL,
        "ObjectKind" character varying(63) NOT NULL,
        "ObjectNamespace" character varying(63) NOT NULL,
        "ObjectName" character varying(253) NOT NULL,
        "PriorArgoAutomatedJson" character varying(4000),
        "PriorFluxSuspend" boolean,
        "FrozenBy" character varying(300) NOT NULL,
        "Reason" character varying(1000) NOT NULL,
        "Until" timestamp with time zone,
        "KeepFrozen" boolean NOT NULL,
        "FrozenAt" timestamp with time zone NOT NULL,
        "UnfrozenAt" timestamp with time zone,
        "UnfrozenBy" character varying(200),
        CONSTRAINT "PK_GitOpsFreezes" PRIMARY KEY ("Id")
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207171900_ProvenRecovery') THEN
    CREATE TABLE "RestoreDrills" (
        "Id" uuid NOT NULL,
        "TenantId" uuid NOT NULL,
        "ClusterId" uuid NOT NULL,
        "Namespace" character varying(63) NOT NULL,
        "TargetClusterId" uuid NOT NULL,
        "ScratchNamespaceName" character varying(63) NOT NULL,
        "BackupName" character varying(253),
        "BackupChosen" boolean NOT NULL,
        "BackupTakenAt" timestamp with time zone,
        "Trigger" character varying(20) NOT NULL,
        "ScheduleId" uuid,
        "RequestId" uuid NOT NULL,
        "Status" character varying(20) NOT NULL,
        "Step" character varying(500) NOT NULL,
        "RestoreName" character varying(253),
        "StartedAt" timestamp with time zone,
        "RestoreStartedAt" timestamp with time zone,
        "VerifiedAt" timestamp with time zone,
        "FinishedAt" timestamp with time zone,
        "MeasuredRto" interval,
        "TargetRto" interval NOT NULL,
        "Failure" character varying(2000),
        "Checks" text NOT NULL,
        "CheckResults" text NOT NULL,
        "KeepForInspection" interval,
        "KeepUntil" timestamp with time zone,
        "CleanupState" character varying(20) NOT NULL,
        "CleanedUpAt" timestamp with time zone,
        "CleanupError" character varying(2000),
        "RequestedBy" character varying(200) NOT NULL,
        "CreatedAt" timestamp with time zone NOT NULL,
        "UpdatedAt" timestamp with time zone NOT NULL,
        "Version" uuid NOT NULL,
        CONSTRAINT "PK_RestoreDrills" PRIMARY KEY ("Id")
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207171900_ProvenRecovery') THEN
    CREATE UNIQUE INDEX "IX_DrillSchedules_ClusterId_Namespace" ON "DrillSchedules" ("ClusterId", "Namespace") WHERE "PolicyId" IS NULL;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207171900_ProvenRecovery') THEN
    CREATE INDEX "IX_DrillSchedules_NextDueAt" ON "DrillSchedules" ("NextDueAt");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207171900_ProvenRecovery') THEN
    CREATE UNIQUE INDEX "IX_DrillSchedules_PolicyId" ON "DrillSchedules" ("PolicyId") WHERE "PolicyId" IS NOT NULL;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207171900_ProvenRecovery') THEN
    CREATE INDEX "IX_DrillSchedules_TenantId" ON "DrillSchedules" ("TenantId");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207171900_ProvenRecovery') THEN
    CREATE INDEX "IX_GitOpsFreezes_ClusterId_Namespace" ON "GitOpsFreezes" ("ClusterId", "Namespace");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207171900_ProvenRecovery') THEN
    CREATE INDEX "IX_GitOpsFreezes_RequestId" ON "GitOpsFreezes" ("RequestId");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207171900_ProvenRecovery') THEN
    CREATE INDEX "IX_RestoreDrills_CleanupState_TargetClusterId" ON "RestoreDrills" ("CleanupState", "TargetClusterId");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207171900_ProvenRecovery') THEN
    CREATE INDEX "IX_RestoreDrills_ClusterId_Namespace_CreatedAt" ON "RestoreDrills" ("ClusterId", "Namespace", "CreatedAt");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207171900_ProvenRecovery') THEN
    CREATE UNIQUE INDEX "IX_RestoreDrills_RequestId" ON "RestoreDrills" ("RequestId");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207171900_ProvenRecovery') THEN
    CREATE INDEX "IX_RestoreDrills_ScheduleId" ON "RestoreDrills" ("ScheduleId");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207171900_ProvenRecovery') THEN
    CREATE UNIQUE INDEX "IX_RestoreDrills_TargetClusterId_ScratchNamespaceName" ON "RestoreDrills" ("TargetClusterId", "ScratchNamespaceName");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207171900_ProvenRecovery') THEN
    CREATE INDEX "IX_RestoreDrills_TenantId" ON "RestoreDrills" ("TenantId");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207171900_ProvenRecovery') THEN
    INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
    VALUES ('20261207171900_ProvenRecovery', '10.0.15');
    END IF;
END $EF$;
COMMIT;

START TRANSACTION;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207200551_StorageSnapshotsAndGitOpsRecords') THEN
    ALTER TABLE "ObservedLocations" ADD "Bucket" character varying(253);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207200551_StorageSnapshotsAndGitOpsRecords') THEN
    ALTER TABLE "ObservedLocations" ADD "Prefix" character varying(1024);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207200551_StorageSnapshotsAndGitOpsRecords') THEN
    ALTER TABLE "ObservedLocations" ADD "Url" character varying(2048);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207200551_StorageSnapshotsAndGitOpsRecords') THEN
    CREATE TABLE "ObservedGitOpsObjects" (
        "Id" uuid NOT NULL,
        "TenantId" uuid NOT NULL,
        "ClusterId" uuid NOT NULL,
        "ManagedNamespace" character varying(63) NOT NULL,
        "Kind" character varying(40) NOT NULL,
        "Name" character varying(253) NOT NULL,
        "Namespace" character varying(63) NOT NULL,
        "ObjectJson" text NOT NULL,
        "SourceJson" text,
        "ObservedAt" timestamp with time zone NOT NULL,
        CONSTRAINT "PK_ObservedGitOpsObjects" PRIMARY KEY ("Id")
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207200551_StorageSnapshotsAndGitOpsRecords') THEN
    CREATE TABLE "SnapshotSchedules" (
        "Id" uuid NOT NULL,
        "TenantId" uuid NOT NULL,
        "ClusterId" uuid NOT NULL,
        "Namespace" character varying(63) NOT NULL,
        "Claims" text NOT NULL,
        "WorkloadKind" character varying(20),
        "WorkloadName" character varying(253),
        "SnapshotClass" character varying(253),
        "Consistency" character varying(30) NOT NULL,
        "Cron" character varying(100) NOT NULL,
        "TimeZone" character varying(64) NOT NULL,
        "KeepLast" integer,
        "KeepDays" integer,
        "Enabled" boolean NOT NULL,
        "LastRunAt" timestamp with time zone,
        "NextDueAt" timestamp with time zone NOT NULL,
        "CreatedBy" character varying(200) NOT NULL,
        "CreatedAt" timestamp with time zone NOT NULL,
        "UpdatedAt" timestamp with time zone NOT NULL,
        "Version" uuid NOT NULL,
        CONSTRAINT "PK_SnapshotSchedules" PRIMARY KEY ("Id")
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207200551_StorageSnapshotsAndGitOpsRecords') THEN
    CREATE UNIQUE INDEX "IX_ObservedGitOpsObjects_ClusterId_ManagedNamespace_Kind_Names~" ON "ObservedGitOpsObjects" ("ClusterId", "ManagedNamespace", "Kind", "Namespace", "Name");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207200551_StorageSnapshotsAndGitOpsRecords') THEN
    CREATE INDEX "IX_SnapshotSchedules_ClusterId_Namespace" ON "SnapshotSchedules" ("ClusterId", "Namespace");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207200551_StorageSnapshotsAndGitOpsRecords') THEN
    CREATE INDEX "IX_SnapshotSchedules_NextDueAt" ON "SnapshotSchedules" ("NextDueAt");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207200551_StorageSnapshotsAndGitOpsRecords') THEN
    CREATE INDEX "IX_SnapshotSchedules_TenantId" ON "SnapshotSchedules" ("TenantId");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207200551_StorageSnapshotsAndGitOpsRecords') THEN
    INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
    VALUES ('20261207200551_StorageSnapshotsAndGitOpsRecords', '10.0.15');
    END IF;
END $EF$;
COMMIT;

START TRANSACTION;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207231353_SnapshotPointsTokensNotifications') THEN
    ALTER TABLE "Tenants" ADD "MaxTokenLifetimeDays" integer;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207231353_SnapshotPointsTokensNotifications') THEN
    ALTER TABLE "SnapshotSchedules" ADD "DatabaseId" uuid;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207231353_SnapshotPointsTokensNotifications') THEN
    ALTER TABLE "ProtectionPolicies" ADD "CountsSnapshots" boolean NOT NULL DEFAULT FALSE;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207231353_SnapshotPointsTokensNotifications') THEN
    ALTER TABLE "NamespaceRpoStates" ADD "SnapshotGap" character varying(1000);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207231353_SnapshotPointsTokensNotifications') THEN
    ALTER TABLE "NamespaceRpoStates" ADD "SnapshotPointAt" timestamp with time zone;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207231353_SnapshotPointsTokensNotifications') THEN
    CREATE TABLE "AccessTokens" (
        "Id" uuid NOT NULL,
        "Name" character varying(100) NOT NULL,
        "OwnerUserId" uuid NOT NULL,
        "OwnerName" character varying(200) NOT NULL,
        "OwnerGroupIds" text NOT NULL,
        "Scopes" text NOT NULL,
        "CreatedAt" timestamp with time zone NOT NULL,
        "ExpiresAt" timestamp with time zone NOT NULL,
        "LastUsedAt" timestamp with time zone,
        "RevokedAt" timestamp with time zone,
        "RevokedBy" character varying(200),
        "SecretHash" character varying(64) NOT NULL,
        "Hint" character varying(20) NOT NULL,
        CONSTRAINT "PK_AccessTokens" PRIMARY KEY ("Id")
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207231353_SnapshotPointsTokensNotifications') THEN
    CREATE TABLE "IdempotentAnswers" (
        "Id" uuid NOT NULL,
        "CallerKey" character varying(100) NOT NULL,
        "Key" character varying(200) NOT NULL,
        "RequestHash" character varying(64) NOT NULL,
        "CreatedAt" timestamp with time zone NOT NULL,
        "StatusCode" integer,
        "ContentType" character varying(100),
        "Body" text,
        "Location" character varying(500),
        CONSTRAINT "PK_IdempotentAnswers" PRIMARY KEY ("Id")
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207231353_SnapshotPointsTokensNotifications') THEN
    CREATE TABLE "NotificationChannels" (
        "Id" uuid NOT NULL,
        "TenantId" uuid,
        "OwnerUserId" character varying(200),
        "OwnerGroupIds" character varying(8000) NOT NULL,
        "Name" character varying(100) NOT NULL,
        "Kind" character varying(20) NOT NULL,
        "EncryptedTarget" character varying(8000) NOT NULL,
        "TargetHint" character varying(300) NOT NULL,
        "EncryptedSecret" character varying(8000),
        "EventTypes" character varying(1000) NOT NULL,
        "PausedAt" timestamp with time zone,
        "PausedReason" character varying(2000),
        "ConsecutiveFailures" integer NOT NULL,
        "CreatedAt" timestamp with time zone NOT NULL,
        "UpdatedAt" timestamp with time zone NOT NULL,
        "Version" uuid NOT NULL,
        CONSTRAINT "PK_NotificationChannels" PRIMARY KEY ("Id")
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207231353_SnapshotPointsTokensNotifications') THEN
    CREATE TABLE "NotificationDeliveries" (
        "Id" uuid NOT NULL,
        "EventId" uuid,
        "ChannelId" uuid NOT NULL,
        "TenantId" uuid,
        "OwnerUserId" character varying(200),
        "EventType" character varying(40) NOT NULL,
        "Title" character varying(300) NOT NULL,
        "Status" character varying(20) NOT NULL,
        "Attempts" integer NOT NULL,
        "NextAttemptAt" timestamp with time zone NOT NULL,
        "LeaseOwner" character varying(200),
        "LeaseExpiresAt" timestamp with time zone,
        "LastStatusCode" integer,
        "LastError" character varying(1000),
        "LastAttemptAt" timestamp with time zone,
        "DeliveredAt" timestamp with time zone,
        "CreatedAt" timestamp with time zone NOT NULL,
        "Version" uuid NOT NULL,
        CONSTRAINT "PK_NotificationDeliveries" PRIMARY KEY ("Id")
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207231353_SnapshotPointsTokensNotifications') THEN
    CREATE TABLE "NotificationEvents" (
        "Id" uuid NOT NULL,
        "Type" character varying(40) NOT NULL,
        "TenantId" uuid,
        "ClusterId" uuid,
        "SubjectId" uuid,
        "Title" character varying(300) NOT NULL,
        "Detail" character varying(2000) NOT NULL,
        "LinkPath" character varying(500) NOT NULL,
        "OccurredAt" timestamp with time zone NOT NULL,
        "DispatchedAt" timestamp with time zone,
        "LeaseOwner" character varying(200),
        "LeaseExpiresAt" timestamp with time zone,
        "Version" uuid NOT NULL,
        CONSTRAINT "PK_NotificationEvents" PRIMARY KEY ("Id")
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207231353_SnapshotPointsTokensNotifications') THEN
    CREATE TABLE "ObservedClaims" (
        "Id" uuid NOT NULL,
        "TenantId" uuid NOT NULL,
        "ClusterId" uuid NOT NULL,
        "Namespace" character varying(63) NOT NULL,
        "Name" character varying(253) NOT NULL,
        "ObservedAt" timestamp with time zone NOT NULL,
        CONSTRAINT "PK_ObservedClaims" PRIMARY KEY ("Id")
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207231353_SnapshotPointsTokensNotifications') THEN
    CREATE TABLE "ObservedSnapshots" (
        "Id" uuid NOT NULL,
        "TenantId" uuid NOT NULL,
        "ClusterId" uuid NOT NULL,
        "Namespace" character varying(63) NOT NULL,
        "Name" character varying(253) NOT NULL,
        "ClaimName" character varying(253) NOT NULL,
        "TakenAt" timestamp with time zone NOT NULL,
        "ReadySeenAt" timestamp with time zone NOT NULL,
        "SnapshotClass" character varying(253),
        "ScheduleId" uuid,
        "ObservedAt" timestamp with time zone NOT NULL,
        CONSTRAINT "PK_ObservedSnapshots" PRIMARY KEY ("Id")
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207231353_SnapshotPointsTokensNotifications') THEN
    CREATE INDEX "IX_AccessTokens_OwnerUserId" ON "AccessTokens" ("OwnerUserId");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207231353_SnapshotPointsTokensNotifications') THEN
    CREATE UNIQUE INDEX "IX_AccessTokens_SecretHash" ON "AccessTokens" ("SecretHash");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207231353_SnapshotPointsTokensNotifications') THEN
    CREATE UNIQUE INDEX "IX_IdempotentAnswers_CallerKey_Key" ON "IdempotentAnswers" ("CallerKey", "Key");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207231353_SnapshotPointsTokensNotifications') THEN
    CREATE INDEX "IX_IdempotentAnswers_CreatedAt" ON "IdempotentAnswers" ("CreatedAt");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207231353_SnapshotPointsTokensNotifications') THEN
    CREATE INDEX "IX_NotificationChannels_OwnerUserId" ON "NotificationChannels" ("OwnerUserId");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207231353_SnapshotPointsTokensNotifications') THEN
    CREATE INDEX "IX_NotificationChannels_TenantId" ON "NotificationChannels" ("TenantId");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207231353_SnapshotPointsTokensNotifications') THEN
    CREATE INDEX "IX_NotificationDeliveries_ChannelId_CreatedAt" ON "NotificationDeliveries" ("ChannelId", "CreatedAt");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207231353_SnapshotPointsTokensNotifications') THEN
    CREATE UNIQUE INDEX "IX_NotificationDeliveries_EventId_ChannelId" ON "NotificationDeliveries" ("EventId", "ChannelId");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207231353_SnapshotPointsTokensNotifications') THEN
    CREATE INDEX "IX_NotificationDeliveries_Status_NextAttemptAt" ON "NotificationDeliveries" ("Status", "NextAttemptAt");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207231353_SnapshotPointsTokensNotifications') THEN
    CREATE INDEX "IX_NotificationDeliveries_TenantId" ON "NotificationDeliveries" ("TenantId");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207231353_SnapshotPointsTokensNotifications') THEN
    CREATE INDEX "IX_NotificationEvents_DispatchedAt_OccurredAt" ON "NotificationEvents" ("DispatchedAt", "OccurredAt");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207231353_SnapshotPointsTokensNotifications') THEN
    CREATE INDEX "IX_NotificationEvents_TenantId" ON "NotificationEvents" ("TenantId");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207231353_SnapshotPointsTokensNotifications') THEN
    CREATE UNIQUE INDEX "IX_ObservedClaims_ClusterId_Namespace_Name" ON "ObservedClaims" ("ClusterId", "Namespace", "Name");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207231353_SnapshotPointsTokensNotifications') THEN
    CREATE INDEX "IX_ObservedClaims_TenantId" ON "ObservedClaims" ("TenantId");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207231353_SnapshotPointsTokensNotifications') THEN
    CREATE UNIQUE INDEX "IX_ObservedSnapshots_ClusterId_Namespace_Name" ON "ObservedSnapshots" ("ClusterId", "Namespace", "Name");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207231353_SnapshotPointsTokensNotifications') THEN
    CREATE INDEX "IX_ObservedSnapshots_TenantId" ON "ObservedSnapshots" ("TenantId");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261207231353_SnapshotPointsTokensNotifications') THEN
    INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
    VALUES ('20261207231353_SnapshotPointsTokensNotifications', '10.0.15');
    END IF;
END $EF$;
COMMIT;

START TRANSACTION;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261208010908_ProtectionStatusNotified') THEN
    ALTER TABLE "NamespaceRpoStates" ADD "LastStatus" character varying(20);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261208010908_ProtectionStatusNotified') THEN
    INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
    VALUES ('20261208010908_ProtectionStatusNotified', '10.0.15');
    END IF;
END $EF$;
COMMIT;

START TRANSACTION;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261208011008_BigTablesPagingIndexes') THEN
    CREATE INDEX "IX_Requests_Kind_CreatedAt" ON "Requests" ("Kind", "CreatedAt");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261208011008_BigTablesPagingIndexes') THEN
    CREATE INDEX "IX_Requests_Status_CreatedAt" ON "Requests" ("Status", "CreatedAt");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261208011008_BigTablesPagingIndexes') THEN
    CREATE INDEX "IX_RequestEvents_At" ON "RequestEvents" ("At");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261208011008_BigTablesPagingIndexes') THEN
    CREATE INDEX "IX_AuditEvents_TenantId_Sequence" ON "AuditEvents" ("TenantId", "Sequence");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261208011008_BigTablesPagingIndexes') THEN
    INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
    VALUES ('20261208011008_BigTablesPagingIndexes', '10.0.15');
    END IF;
END $EF$;
COMMIT;

START TRANSACTION;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261208011031_AuditTextSearchAndRetention') THEN
    DO $do$
    BEGIN
        IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm') THEN
            CREATE EXTENSION IF NOT EXISTS pg_trgm;
            CREATE INDEX IF NOT EXISTS "IX_AuditEvents_Summary_Trigram" ON "AuditEvents" USING gin (lower("Summary") gin_trgm_ops);
            CREATE INDEX IF NOT EXISTS "IX_AuditEvents_Actor_Trigram" ON "AuditEvents" USING gin (lower("Actor") gin_trgm_ops);
        END IF;
    END
    $do$;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261208011031_AuditTextSearchAndRetention') THEN
    CREATE OR REPLACE FUNCTION portal_audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
        IF TG_OP = 'DELETE' AND TG_LEVEL = 'ROW' THEN
            IF OLD."At" < now() - interval '365 days' THEN
                RETURN OLD;
            END IF;
        END IF;
        RAISE EXCEPTION 'Audit events are append-only: % on "AuditEvents" is refused.', TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END
    $fn$;
    GRANT DELETE ON "AuditEvents" TO CURRENT_USER;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261208011031_AuditTextSearchAndRetention') THEN
    INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
    VALUES ('20261208011031_AuditTextSearchAndRetention', '10.0.15');
    END IF;
END $EF$;
COMMIT;

