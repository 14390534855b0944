using System.Globalization;
using System.Text.RegularExpressions;
using Portal.Domain.Databases;

namespace Portal.Databases;

/// <summary>The client image a dump or restore Job runs, or why none is allowed.</summary>
public sealed record ClientImageChoice(string? Image, string? Refusal)
{
    public bool IsAllowed => Image is not null;
}

/// <summary>
/// Picks the official image whose client tools fit the server: the server's own major version by default.
/// A client older than the server is refused: pg_dump stops at a newer server ("aborting because of server
/// version mismatch"), and an older mysqldump misses newer syntax. A newer client is allowed.
/// </summary>
public static partial class ClientImagePolicy
{
    /// <param name="serverVersion">As the server reports it ("16.2", "8.0.36", "10.11.6-MariaDB") or just its major ("16", "8.4").</param>
    /// <param name="requestedMajor">A major the user picked ("17", "8.4", "11.4"); null for the server's.</param>
    public static ClientImageChoice For(DatabaseEngine engine, string serverVersion, string? requestedMajor = null)
    {
        var server = Major(engine, serverVersion);
        if (server is null)
            return new(null, $"The server version \"{serverVersion}\" is not a {Name(engine)} version such as {Example(engine)}.");
        var client = requestedMajor is null ? server : Major(engine, requestedMajor);
        if (client is null)
            return new(null, $"The client version \"{requestedMajor}\" is not a {Name(engine)} version such as {Example(engine)}.");
        if (client < server)
            return new(null, $"A {Name(engine)} {client} client cannot safely dump a {server} server: the client must be as new as the server or newer "
                + (engine == DatabaseEngine.PostgreSql ? "(pg_dump refuses servers newer than itself)." : "(older dump tools miss newer syntax).")
                + $" Use {Repository(engine)}:{server} or newer.");
        return new($"{Repository(engine)}:{client}", null);
    }

    /// <summary>A major version: PostgreSQL 10 and later is one number ("16"); older PostgreSQL, MySQL and MariaDB two ("8.4").</summary>
    private sealed record MajorVersion(int Major, int? Minor) : IComparable<MajorVersion>
    {
        public int CompareTo(MajorVersion? other) =>
            other is null ? 1 : (Major, Minor ?? 0).CompareTo((other.Major, other.Minor ?? 0));

        public static bool operator <(MajorVersion a, MajorVersion b) => a.CompareTo(b) < 0;

        public static bool operator >(MajorVersion a, MajorVersion b) => a.CompareTo(b) > 0;

        public override string ToString() => Minor is { } minor ? $"{Major}.{minor}" : Major.ToString(CultureInfo.InvariantCulture);
    }

    private static MajorVersion? Major(DatabaseEngine engine, string version)
    {
        var match = VersionPattern().Match(version ?? "");
        if (!match.Success)
            return null;
        var first = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        int? second = match.Groups[2].Success ? int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture) : null;
        if (engine == DatabaseEngine.PostgreSql && first >= 10)
            return new MajorVersion(first, null);
        return second is null ? null : new MajorVersion(first, second);
    }

    private static string Repository(DatabaseEngine engine) => engine switch
    {
        DatabaseEngine.PostgreSql => "postgres",
        DatabaseEngine.MariaDb => "mariadb",
        _ => "mysql",
    };

    private static string Name(DatabaseEngine engine) => engine switch
    {
        DatabaseEngine.PostgreSql => "PostgreSQL",
        DatabaseEngine.MariaDb => "MariaDB",
        _ => "MySQL",
    };

    private static string Example(DatabaseEngine engine) => engine switch
    {
        DatabaseEngine.PostgreSql => "16 or 16.2",
        DatabaseEngine.MariaDb => "11.4 or 10.11.6",
        _ => "8.4 or 8.0.36",
    };

    [GeneratedRegex(@"^\s*(\d{1,3})(?:\.(\d{1,3}))?")]
    private static partial Regex VersionPattern();
}
