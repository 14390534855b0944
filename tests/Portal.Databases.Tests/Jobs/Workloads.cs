using Portal.Databases.Jobs;
using Portal.Databases.Scripts;
using Portal.Databases.Specs;
using Portal.Domain.Databases;

namespace Portal.Databases.Tests.Jobs;

/// <summary>Realistic workloads built from the real generated scripts.</summary>
internal static class Workloads
{
    public const string OwnerLabel = "kubernetes-portal.io/dump-schedule-id";

    public static DumpWorkload Postgres(string baseName = "shop-db-nightly") => new()
    {
        Namespace = "shop-payments",
        BaseName = baseName,
        Labels = new Dictionary<string, string> { [OwnerLabel] = "nightly", ["kubernetes-portal.io/tenant"] = "shop" },
        Engine = DatabaseEngine.PostgreSql,
        Image = "postgres:16",
        Script = PostgresScripts.Dump(new PostgresDumpSpec
        {
            ScheduleId = "nightly",
            Database = "app",
            Destination = new ArtifactDirectory("/backup", "shop"),
            Retention = RetentionPolicy.KeepLast(7),
        }).GetScriptOrThrow(),
        Host = "shop-db-rw",
        Port = 5432,
        Credentials = new SecretCredentials("shop-db-app", "username", null, "password"),
        Storage = new DumpStorage.Pvc("shop-dumps"),
        MountPath = "/backup",
        Schedule = "30 2 * * *",
        TimeZone = "Europe/Berlin",
        Resources = new ContainerResources("250m", "256Mi", "1", "1Gi"),
        ActiveDeadlineSeconds = 3600,
        BackoffLimit = 1,
    };

    public static DumpWorkload MySql() => new()
    {
        Namespace = "billing-api",
        BaseName = "billing-mysql-hourly",
        Labels = new Dictionary<string, string> { [OwnerLabel] = "hourly" },
        Engine = DatabaseEngine.MySql,
        Image = "mysql:8.4",
        Script = MySqlScripts.Dump(new MySqlDumpSpec
        {
            ScheduleId = "hourly",
            Databases = ["billing"],
            Destination = new ArtifactDirectory("/dumps"),
        }).GetScriptOrThrow(),
        Host = "billing-mysql",
        Port = 3306,
        Credentials = new SecretCredentials("billing-mysql", null, "root", "MYSQL_ROOT_PASSWORD"),
        ClaimName = "billing-dumps", // the shorthand callers written before S3 storage use
        MountPath = "/dumps",
        Schedule = "@hourly",
        TimeZone = "Etc/UTC",
    };

    public static DumpWorkload PostgresRestore() => Postgres() with
    {
        BaseName = "shop-db",
        Script = PostgresScripts.Restore(new PostgresRestoreSpec
        {
            MountPath = "/backup",
            Artifact = "shop/nightly-20250101T023000Z.dump",
            ExpectedSha256 = new string('a', 64),
            TargetDatabase = "app_restored",
        }).GetScriptOrThrow(),
        Schedule = null,
        TimeZone = null,
    };

    public static DumpWorkload PostgresVerify() => Postgres() with
    {
        BaseName = "shop-db",
        Script = PostgresScripts.Verify(new VerifySpec
        {
            MountPath = "/backup",
            Artifact = "shop/nightly-20250101T023000Z.dump",
            Database = "app_restored",
        }).GetScriptOrThrow(),
        Schedule = null,
        TimeZone = null,
    };

    public static readonly DumpStorage.S3 Bucket = new("http://minio.storage:9000", "shop-backups", "prod/databases", "shop-s3-keys");

    /// <summary>The nightly PostgreSQL dump to S3: the script keeps everything, the upload applies the retention.</summary>
    public static DumpWorkload PostgresToS3() => Postgres() with
    {
        Script = PostgresScripts.Dump(new PostgresDumpSpec
        {
            ScheduleId = "nightly",
            Database = "app",
            Destination = new ArtifactDirectory("/backup", "shop"),
        }).GetScriptOrThrow(),
        Storage = Bucket,
        Retention = RetentionPolicy.KeepLast(7),
    };

    public static DumpWorkload MySqlToS3() => MySql() with
    {
        Storage = Bucket with { Region = "eu-central-1", Image = "amazon/aws-cli:2.17.0" },
        Retention = RetentionPolicy.OlderThanDays(14),
    };

    public static DumpWorkload PostgresRestoreFromS3() => PostgresRestore() with
    {
        Storage = Bucket,
        Artifact = new StoredArtifact("shop/nightly-20250101T023000Z.dump", new string('a', 64)),
    };

    public static DumpWorkload PostgresVerifyFromS3() => PostgresVerify() with
    {
        Storage = Bucket,
        Artifact = new StoredArtifact("shop/nightly-20250101T023000Z.dump", new string('a', 64)),
    };
}
