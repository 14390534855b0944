using Portal.Domain.Databases;
using ToolEngine = Portal.Databases.DatabaseEngine;

namespace Portal.Application.Features.Databases;

/// <summary>The domain's engine as the script and manifest library (Portal.Databases) names it. The library
/// keeps its own enum so it stays usable without the domain (its tests run it against real servers).</summary>
public static class EngineMapping
{
    public static ToolEngine ToTool(this DatabaseEngine engine) => engine switch
    {
        DatabaseEngine.PostgreSql => ToolEngine.PostgreSql,
        DatabaseEngine.MySql => ToolEngine.MySql,
        DatabaseEngine.MariaDb => ToolEngine.MariaDb,
        _ => throw new ArgumentOutOfRangeException(nameof(engine), engine, null),
    };

    /// <summary>The server's version as <see cref="Portal.Databases.ClientImagePolicy"/> reads it: PostgreSQL 10+ has a
    /// one-number major ("16"); MySQL and MariaDB majors have two parts, and a registered "8" means 8.0.</summary>
    public static string ServerVersionText(DatabaseEngine engine, int major) =>
        engine == DatabaseEngine.PostgreSql && major >= 10 ? major.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{major}.0";
}
