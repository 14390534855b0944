namespace Portal.Domain.Databases;

/// <summary>The database engines the portal knows: the three whose native tools it runs (<see cref="DatabaseEngineNames.CanDump"/>:
/// registered databases, dump schedules, restores, a move's database dump) and two a move's inspection recognises in an
/// application without being able to dump them.</summary>
public enum DatabaseEngine { PostgreSql, MySql, MariaDb, MongoDb, Redis }

/// <summary>How the portal found the database (or that a person typed it in).</summary>
public enum DatabaseSource { Manual, CloudNativePgCluster, Workload }

public static class DatabaseEngineNames
{
    public static string Display(this DatabaseEngine engine) => engine switch
    {
        DatabaseEngine.PostgreSql => "PostgreSQL",
        DatabaseEngine.MySql => "MySQL",
        DatabaseEngine.MariaDb => "MariaDB",
        DatabaseEngine.MongoDb => "MongoDB",
        DatabaseEngine.Redis => "Redis",
        _ => engine.ToString(),
    };

    /// <summary>Whether the portal has the engine's dump and restore tools (pg_dump, mysqldump, mariadb-dump).</summary>
    public static bool CanDump(this DatabaseEngine engine) =>
        engine is DatabaseEngine.PostgreSql or DatabaseEngine.MySql or DatabaseEngine.MariaDb;

    public static int DefaultPort(this DatabaseEngine engine) => engine == DatabaseEngine.PostgreSql ? 5432 : 3306;
}
