namespace Portal.Web.Authentication;

/// <summary>Where the portal may send someone after sign-in: only a path of this site. An open redirect after sign-in
/// would be a phishing aid; browsers drop tabs and line breaks from URLs, so `/\t/evil.example` means `//evil.example`.</summary>
public static class LocalUrl
{
    public static bool IsLocal(string? url) =>
        url is { Length: > 0 and <= 2048 } && url[0] == '/'
        && (url.Length == 1 || url[1] is not ('/' or '\\'))
        && !url.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || c == '\\');

    public static string OrRoot(string? url) => IsLocal(url) ? url! : "/";
}
