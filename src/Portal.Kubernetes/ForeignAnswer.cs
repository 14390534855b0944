using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Portal.Kubernetes;

/// <summary>Words for an answer that did not come from a Kubernetes API server (a web page, a proxy's login form, a
/// metadata document). The far side's body is never echoed: at most its page title or first words, short and with
/// anything but plain printable characters removed.</summary>
internal static partial class ForeignAnswer
{
    public const int ExcerptLength = 60;

    public static string Describe(string? body)
    {
        var text = (body ?? "").Trim();
        if (text.Length == 0) return "it returned an empty answer";
        if (text.StartsWith('<'))
        {
            var title = TitleRegex().Match(text);
            return title.Success && Excerpt(title.Groups[1].Value) is { Length: > 0 } t
                ? $"it returned an HTML page titled \"{t}\""
                : text.StartsWith("<?xml", StringComparison.OrdinalIgnoreCase) ? "it returned an XML document" : "it returned an HTML page";
        }

        if (LooksLikeJson(text)) return "it returned JSON that is not what a Kubernetes API server sends";
        return $"it returned text starting \"{Excerpt(text)}\"";
    }

    /// <summary>At most <see cref="ExcerptLength"/> characters, whitespace collapsed, anything but letters, digits, spaces
    /// and ordinary punctuation dropped (no markup, no quotes, no control characters).</summary>
    public static string Excerpt(string text)
    {
        var sb = new StringBuilder();
        var space = false;
        foreach (var c in text)
        {
            if (sb.Length >= ExcerptLength) return sb.ToString().TrimEnd() + "…";
            if (char.IsWhiteSpace(c))
            {
                space = sb.Length > 0;
                continue;
            }

            if (!(char.IsLetterOrDigit(c) || ".,:;!?-_/()#@+=%".Contains(c))) continue;
            if (space) sb.Append(' ');
            space = false;
            sb.Append(c);
        }

        return sb.ToString();
    }

    private static bool LooksLikeJson(string text)
    {
        try
        {
            using var _ = JsonDocument.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"<title[^>]*>(.*?)</title>", RegexOptions.IgnoreCase | RegexOptions.Singleline, matchTimeoutMilliseconds: 200)]
    private static partial Regex TitleRegex();
}

/// <summary>The address answered, but not as a Kubernetes API server.</summary>
internal sealed class NotKubernetesApiException(string path, int status, string description)
    : Exception($"GET {path} answered {status}, {description}")
{
    public string Description { get; } = description;
}
