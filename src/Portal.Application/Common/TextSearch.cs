namespace Portal.Application.Common;

/// <summary>"Contains this text, whatever the case" as a LIKE pattern, for lists whose text filter must use an index: PostgreSQL
/// answers <c>lower(column) LIKE '%text%'</c> from a trigram index on <c>lower(column)</c> (pg_trgm), where <c>strpos</c> (what
/// string.Contains becomes) always reads every row. Use with <c>EF.Functions.Like(column.ToLower(), pattern, TextSearch.Escape)</c>.</summary>
public static class TextSearch
{
    public const string Escape = "\\";

    /// <summary>The pattern matching <paramref name="text"/> anywhere, lower-cased, its own % and _ taken literally.</summary>
    public static string ContainsPattern(string text) =>
        "%" + text.Trim().ToLowerInvariant().Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
}
