using Portal.Domain.Databases;

namespace Portal.UnitTests.Execution;

/// <summary>Registered databases and schedules as the use cases would have made them.</summary>
internal static class DatabaseFixtures
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    public static DatabaseTarget Postgres(int? version = 16, string name = "orders-db") => new(Guid.NewGuid(), Guid.NewGuid(), "shop-frontend", name,
        DatabaseEngine.PostgreSql, "orders-pg", 5432, ["orders"], new SecretKeyReference("orders-pg", "username", "password"), DatabaseSource.Manual,
        null, version, "dana", T0);

    public static DatabaseTarget Operator() => new(Guid.NewGuid(), Guid.NewGuid(), "shop-payments", "shop-db", DatabaseEngine.PostgreSql,
        "shop-db-rw", 5432, ["app"], new SecretKeyReference("shop-db-app", "username", "password"), DatabaseSource.CloudNativePgCluster,
        "cluster/shop-db", 16, "dana", T0);

    public static DatabaseTarget MariaDb(int version) => new(Guid.NewGuid(), Guid.NewGuid(), "shop-frontend", "billing-db", DatabaseEngine.MariaDb,
        "billing", 3306, ["billing"], new SecretKeyReference("billing", "user", "pass"), DatabaseSource.Manual, null, version, "dana", T0);

    public static DumpSchedule Nightly(DatabaseTarget database, string name = "nightly", DumpDestination? destination = null, string image = "postgres:16") =>
        new(database, name, database.DatabaseNames[0], database.Engine == DatabaseEngine.PostgreSql ? new PostgresDumpOptions() : null,
            database.Engine == DatabaseEngine.PostgreSql ? null : new MySqlDumpOptions(),
            destination ?? new DumpDestination(DumpDestinationKind.PersistentVolumeClaim, "orders-dumps", CreatePvc: true, StorageClass: "standard", SizeGi: 5),
            "0 2 * * *", "Europe/Berlin", new DumpRetention(7, null), image, "dana", T0);
}
