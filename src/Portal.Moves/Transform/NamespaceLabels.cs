using Portal.Domain.Moves;
using Portal.Domain.Common;

namespace Portal.Moves.Transform;

/// <summary>
/// The labels the target namespace carries from the source's (team, cost centre, Pod Security Admission levels ...):
/// all of them except those the cluster or a tool sets itself (<c>kubernetes.io/metadata.name</c>, Velero's and the
/// portal's own), with a value that names the source namespace renamed as the namespace is.
/// </summary>
public static class NamespaceLabels
{
    // The portal's prefix follows the configured label domain (PortalLabels).
    private static string[] DroppedPrefixes => ["velero.io/", PortalLabels.Prefix];
    private static readonly HashSet<string> DroppedKeys = new(StringComparer.Ordinal)
    {
        "kubernetes.io/metadata.name", // the API server sets it to the namespace's own name
        PortalLabels.ManagedBy, // the portal's (or the tool's that made the source) mark, not the application's
    };

    public static IReadOnlyDictionary<string, string> Carry(IReadOnlyDictionary<string, string> sourceLabels, MigrationMappings mappings)
    {
        ArgumentNullException.ThrowIfNull(sourceLabels);
        ArgumentNullException.ThrowIfNull(mappings);
        var carried = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in sourceLabels)
        {
            if (DroppedKeys.Contains(key) || DroppedPrefixes.Any(p => key.StartsWith(p, StringComparison.Ordinal))) continue;
            carried[key] = mappings.Namespaces.TryGetValue(value, out var renamed) ? renamed : value;
        }
        return carried;
    }
}
