using Portal.Domain.Databases;

namespace Portal.Application.Features.Databases;

/// <summary>The server's version as the script and manifest library (Portal.Databases) reads it.</summary>
public static class EngineMapping
{
    /// <summary>The server's version as <see cref="Portal.Databases.ClientImagePolicy"/> reads it: PostgreSQL 10+ has a
    /// one-number major ("16"); MySQL and MariaDB majors have two parts, and a registered "8" means 8.0.</summary>
    public static string ServerVersionText(DatabaseEngine engine, int major) =>
        engine == DatabaseEngine.PostgreSql && major >= 10 ? major.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{major}.0";
}
