namespace Portal.Databases;

public enum ArtifactKind
{
    PgCustom,
    PgDirectory,
    PgPlain,
    PgPlainGz,
    PgGlobals,
    MySqlSql,
    MySqlSqlGz,
}

/// <summary>
/// How artifacts are named: <c>&lt;scheduleId&gt;-&lt;yyyyMMddTHHmmssZ&gt;&lt;extension&gt;</c>. The extension says
/// what the file is, so a restore needs nothing but the name; retention matches only this exact shape.
/// </summary>
public static class ArtifactNames
{
    private static readonly (string Extension, ArtifactKind Kind)[] Extensions =
    [
        (".mysql.sql.gz", ArtifactKind.MySqlSqlGz),
        (".mysql.sql", ArtifactKind.MySqlSql),
        (".globals.sql", ArtifactKind.PgGlobals),
        (".sql.gz", ArtifactKind.PgPlainGz),
        (".sql", ArtifactKind.PgPlain),
        (".dump", ArtifactKind.PgCustom),
        (".dir", ArtifactKind.PgDirectory),
    ];

    /// <summary>The sh glob (the 8+6 digits of the timestamp spelled out) matching this schedule's artifacts only.</summary>
    public static string Glob(string scheduleId, ArtifactKind kind) =>
        scheduleId + "-" + new string('D', 8).Replace("D", "[0-9]") + "T" + new string('D', 6).Replace("D", "[0-9]") + "Z" + Extension(kind);

    public static string Extension(ArtifactKind kind) => Extensions.First(e => e.Kind == kind).Extension;

    /// <summary>What an artifact is, from its name; null for names this portal does not write.</summary>
    public static ArtifactKind? KindOf(string path)
    {
        foreach (var (extension, kind) in Extensions)
            if (path.EndsWith(extension, StringComparison.Ordinal))
                return kind;
        return null;
    }

    public static bool IsPostgres(ArtifactKind kind) => kind is not (ArtifactKind.MySqlSql or ArtifactKind.MySqlSqlGz);
}
