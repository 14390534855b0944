namespace Portal.Databases;

/// <summary>The database engines whose native tools the portal runs.</summary>
public enum DatabaseEngine
{
    PostgreSql,
    MySql,
    MariaDb,
}
