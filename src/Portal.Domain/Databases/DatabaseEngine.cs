namespace Portal.Domain.Databases;

public enum DatabaseEngine { PostgreSql, MySql, MariaDb }

/// <summary>How the portal found the database (or that a person typed it in).</summary>
public enum DatabaseSource { Manual, CloudNativePgCluster, Workload }

public static class DatabaseEngineNames
{
    public static string Display(this DatabaseEngine engine) => engine switch
    {
        DatabaseEngine.PostgreSql => "PostgreSQL",
        DatabaseEngine.MySql => "MySQL",
        DatabaseEngine.MariaDb => "MariaDB",
        _ => engine.ToString(),
    };

    public static int DefaultPort(this DatabaseEngine engine) => engine == DatabaseEngine.PostgreSql ? 5432 : 3306;
}
