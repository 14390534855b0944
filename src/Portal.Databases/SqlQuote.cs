namespace Portal.Databases;

/// <summary>Quoting of names inside SQL text and libpq connection strings.</summary>
public static class SqlQuote
{
    /// <summary>A PostgreSQL identifier: <c>"a""b"</c>.</summary>
    public static string PostgresIdentifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>A libpq keyword/value connection string naming only the database, so a name holding
    /// <c>=</c> is never taken for a connection string of its own: <c>dbname='a\'b'</c>.</summary>
    public static string PostgresConnInfo(string database) =>
        "dbname='" + database.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("'", @"\'", StringComparison.Ordinal) + "'";

    /// <summary>A MySQL/MariaDB identifier: <c>`a``b`</c>.</summary>
    public static string MySqlIdentifier(string name) => "`" + name.Replace("`", "``", StringComparison.Ordinal) + "`";

    /// <summary>A MySQL/MariaDB string literal. Names with backslashes are refused by validation, so doubling
    /// the quote is enough whatever the server's NO_BACKSLASH_ESCAPES mode.</summary>
    public static string MySqlLiteral(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}
