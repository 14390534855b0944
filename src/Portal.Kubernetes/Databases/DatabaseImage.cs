using System.Globalization;
using Portal.Domain.Databases;

namespace Portal.Kubernetes.Databases;

/// <summary>What a container image says about the database inside: the engine (from the repository's last path
/// segment, so <c>postgres</c>, <c>bitnami/postgresql</c> and <c>ghcr.io/cloudnative-pg/postgresql</c> all count) and
/// the server's major version (the leading number of the tag: <c>16.4-bookworm</c> → 16).</summary>
public sealed record DatabaseImage(string Repository, string? Tag, DatabaseEngine Engine, int? MajorVersion)
{
    // Exact last segments only: sidecars such as postgres-exporter or mysqld-exporter must not look like servers.
    private static readonly Dictionary<string, DatabaseEngine> Engines = new(StringComparer.OrdinalIgnoreCase)
    {
        ["postgres"] = DatabaseEngine.PostgreSql,
        ["postgresql"] = DatabaseEngine.PostgreSql,
        ["postgis"] = DatabaseEngine.PostgreSql,
        ["mysql"] = DatabaseEngine.MySql,
        ["mysql-server"] = DatabaseEngine.MySql,
        ["percona-server"] = DatabaseEngine.MySql,
        ["mariadb"] = DatabaseEngine.MariaDb,
    };

    /// <summary>Null when the image is not a known database server image.</summary>
    public static DatabaseImage? Parse(string? image)
    {
        if (string.IsNullOrWhiteSpace(image))
        {
            return null;
        }

        var (repository, tag) = Split(image.Trim());
        var lastSegment = repository[(repository.LastIndexOf('/') + 1)..];
        return Engines.TryGetValue(lastSegment, out var engine)
            ? new DatabaseImage(repository, tag, engine, MajorVersionOfTag(tag))
            : null;
    }

    /// <summary>The major version a tag starts with (<c>15</c>, <c>8.4</c>, <c>16.2.0-debian-12-r5</c>); null for
    /// <c>latest</c>, <c>alpine</c> or no tag at all.</summary>
    public static int? MajorVersionOfTag(string? tag)
    {
        if (string.IsNullOrEmpty(tag))
        {
            return null;
        }

        var digits = 0;
        while (digits < tag.Length && char.IsAsciiDigit(tag[digits]))
        {
            digits++;
        }

        return digits is > 0 and <= 4 && int.TryParse(tag.AsSpan(0, digits), NumberStyles.None, CultureInfo.InvariantCulture, out var major)
            ? major
            : null;
    }

    /// <summary>Repository and tag of <c>registry:5000/ns/name:tag@sha256:…</c>. A colon before the last slash belongs
    /// to the registry's port, not to a tag; a digest is dropped.</summary>
    internal static (string Repository, string? Tag) Split(string image)
    {
        var at = image.IndexOf('@', StringComparison.Ordinal);
        var withoutDigest = at >= 0 ? image[..at] : image;
        var colon = withoutDigest.LastIndexOf(':');
        return colon > withoutDigest.LastIndexOf('/')
            ? (withoutDigest[..colon], withoutDigest[(colon + 1)..])
            : (withoutDigest, null);
    }
}
