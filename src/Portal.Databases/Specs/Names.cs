using System.Text.RegularExpressions;

namespace Portal.Databases.Specs;

/// <summary>Checks on the names a spec carries, with messages a database engineer understands.</summary>
internal static partial class Names
{
    public static IEnumerable<string> ScheduleId(string? id)
    {
        if (!ScheduleIdPattern().IsMatch(id ?? ""))
            yield return $"The schedule id \"{id}\" must be 1 to 63 lowercase letters, digits or '-', starting and ending with a letter or digit.";
    }

    public static IEnumerable<string> PostgresName(string what, string? name)
    {
        if (string.IsNullOrEmpty(name))
            yield return $"The {what} name is missing.";
        else if (!ShellQuote.IsQuotable(name))
            yield return $"The {what} name \"{name.ReplaceLineEndings(" ")}\" contains a line break or NUL character.";
        else if (System.Text.Encoding.UTF8.GetByteCount(name) > 63)
            yield return $"The {what} name \"{name}\" is longer than PostgreSQL's 63 bytes.";
    }

    public static IEnumerable<string> MySqlDatabase(string? name)
    {
        if (string.IsNullOrEmpty(name))
            yield return "The database name is missing.";
        else if (!ShellQuote.IsQuotable(name) || name.IndexOfAny(['/', '\\', '.']) >= 0 || name.StartsWith('-') || name.EndsWith(' ') || name.Length > 64)
            yield return $"The database name \"{name.ReplaceLineEndings(" ")}\" is not usable: at most 64 characters, no '/', '\\', '.', line breaks, no leading '-' or trailing space.";
    }

    public static IEnumerable<string> Patterns(string what, IReadOnlyList<string> patterns) =>
        patterns.Where(p => string.IsNullOrWhiteSpace(p) || !ShellQuote.IsQuotable(p))
            .Select(p => $"The {what} \"{p.ReplaceLineEndings(" ")}\" is empty or contains a line break.");

    public static IEnumerable<string> Sha256(string? sha)
    {
        if (!Sha256Pattern().IsMatch(sha ?? ""))
            yield return $"The expected checksum \"{sha}\" is not a sha256 (64 lowercase hex digits).";
    }

    [GeneratedRegex("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")]
    private static partial Regex ScheduleIdPattern();

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Sha256Pattern();
}
