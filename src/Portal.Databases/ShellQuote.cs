namespace Portal.Databases;

/// <summary>Quoting for POSIX sh: every value that reaches a generated script goes through here.</summary>
public static class ShellQuote
{
    /// <summary>
    /// Wraps <paramref name="value"/> in single quotes, so sh takes it literally (no expansion, no word
    /// splitting). A single quote inside becomes <c>'\''</c>. NUL and line breaks are refused: they have no
    /// business in a name and would survive quoting only to break the tools that receive them.
    /// </summary>
    public static string Single(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!IsQuotable(value))
            throw new ArgumentException("A value passed to a shell script must not contain NUL or line breaks.", nameof(value));
        return "'" + value.Replace("'", @"'\''", StringComparison.Ordinal) + "'";
    }

    /// <summary>True when <see cref="Single"/> accepts the value.</summary>
    public static bool IsQuotable(string value) => value.IndexOfAny(['\0', '\n', '\r']) < 0;
}
