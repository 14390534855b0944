using System.Text.RegularExpressions;

namespace Portal.Domain.Common;

/// <summary>Kubernetes naming rules, stated once. Namespaces are DNS-1123 labels; most object
/// names are DNS-1123 subdomains.</summary>
public static partial class KubernetesName
{
    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex LabelPattern();

    /// <summary>Returns null when <paramref name="value"/> is a valid DNS-1123 label, else why not, in words.</summary>
    public static string? ExplainInvalidLabel(string? value, string what = "name")
    {
        if (string.IsNullOrWhiteSpace(value)) return $"The {what} is required.";
        if (value.Length > 63) return $"The {what} '{value}' is {value.Length} characters long; at most 63 are allowed.";
        if (!LabelPattern().IsMatch(value))
            return $"The {what} '{value}' may contain only lower-case letters, digits and '-', and must start and end with a letter or digit.";
        return null;
    }

    public static bool IsValidLabel(string? value) => ExplainInvalidLabel(value) is null;

    [GeneratedRegex("^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$")]
    private static partial Regex LabelValuePattern();

    /// <summary>A label's key as Kubernetes takes it: an optional DNS subdomain prefix and '/', then a name of at most 63
    /// letters, digits, '-', '_' and '.' (app, app.kubernetes.io/name). Null when fine, else why not.</summary>
    public static string? ExplainInvalidLabelKey(string? key)
    {
        if (string.IsNullOrWhiteSpace(key)) return "A label key is required.";
        var slash = key.LastIndexOf('/');
        var (prefix, name) = slash < 0 ? (null, key) : (key[..slash], key[(slash + 1)..]);
        if (prefix is not null && ExplainInvalidSubdomain(prefix, "label key prefix") is { } why) return why;
        if (name.Length == 0 || name.Length > 63 || !LabelValuePattern().IsMatch(name))
            return $"The label key '{key}' must end in a name of at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit.";
        return null;
    }

    /// <summary>A label's value: empty, or at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit.</summary>
    public static string? ExplainInvalidLabelValue(string? value) =>
        value is not null && value.Length <= 63 && LabelValuePattern().IsMatch(value) ? null
            : $"The label value '{value}' may hold at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit.";

    /// <summary>Object names such as Secrets and PVCs: DNS-1123 subdomains (dot-separated labels, at most 253 characters).</summary>
    public static string? ExplainInvalidSubdomain(string? value, string what = "name")
    {
        if (string.IsNullOrWhiteSpace(value)) return $"The {what} is required.";
        if (value.Length > 253) return $"The {what} is {value.Length} characters long; at most 253 are allowed.";
        return value.Split('.').All(IsValidLabel) ? null
            : $"The {what} '{value}' may contain only lower-case letters, digits, '-' and '.', and each part must start and end with a letter or digit.";
    }
}
