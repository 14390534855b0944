using Portal.Domain.Common;

namespace Portal.Domain.Recovery;

/// <summary>The name of a drill's scratch namespace: <c>&lt;namespace&gt;-drill-&lt;short id&gt;</c>, always a valid DNS label
/// of at most 63 characters. A long namespace is cut, never the suffix, so two drills of one namespace never share a name.</summary>
public static class ScratchNamespace
{
    /// <summary>What every scratch name has between the namespace and the drill's short id.</summary>
    public const string Marker = "-drill-";

    public static string For(string @namespace, Guid drillId)
    {
        if (KubernetesName.ExplainInvalidLabel(@namespace, "namespace name") is { } why) throw new DomainException(why);
        var suffix = Marker + ShortId(drillId);
        var head = @namespace.Length + suffix.Length <= 63 ? @namespace : @namespace[..(63 - suffix.Length)].TrimEnd('-');
        return head + suffix;
    }

    /// <summary>The last eight hex digits of the drill's id (ids are version-7 GUIDs: their first digits are a timestamp).</summary>
    public static string ShortId(Guid drillId) => drillId.ToString("N")[^8..];

    /// <summary>Whether <paramref name="name"/> has the shape of a scratch name (a claim of such a name is checked further).</summary>
    public static bool LooksLikeScratch(string? name) =>
        name is not null && name.Length > Marker.Length + 8 && name[..^8].EndsWith(Marker, StringComparison.Ordinal)
        && name[^8..].All(char.IsAsciiHexDigitLower);
}
