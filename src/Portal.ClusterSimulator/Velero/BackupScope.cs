using System.Text.Json.Nodes;
using Portal.ClusterSimulator.Hosting;
using Portal.ClusterSimulator.Json;

namespace Portal.ClusterSimulator.Velero;

/// <summary>
/// Decides which objects a Backup spec captures: included/excluded namespaces ("*" or empty = all),
/// included/excluded resources (by plural, plural.group or kind), and labelSelector.matchLabels.
/// Namespaces themselves are captured too. Events and Velero's own objects are never captured, as in Velero.
/// </summary>
internal static class BackupScope
{
    public static List<BackupItem> Collect(SimulatorContext sim, JsonObject? spec)
    {
        var included = Strings(spec?["includedNamespaces"]);
        var excluded = Strings(spec?["excludedNamespaces"]);
        var includedResources = Strings(spec?["includedResources"]);
        var excludedResources = Strings(spec?["excludedResources"]);
        var matchLabels = spec?["labelSelector"]?["matchLabels"] as JsonObject;
        var all = included.Count == 0 || included.Contains("*");

        var namespaces = sim.Store.List(sim.NamespaceDefinition, null).Items
            .Select(JsonHelpers.NameOf).OfType<string>()
            .Where(n => (all || included.Contains(n)) && !excluded.Contains(n))
            .ToList();

        var items = new List<BackupItem>();
        foreach (var ns in namespaces)
        {
            var nsObj = sim.Store.Get(sim.NamespaceDefinition, null, ns);
            if (nsObj is not null && ResourceWanted(sim.NamespaceDefinition.StoreKey, "Namespace", includedResources, excludedResources))
                items.Add(new BackupItem(sim.NamespaceDefinition.StoreKey, null, nsObj.ToJsonString()));
            foreach (var (storeKey, obj) in sim.Store.AllInNamespace(ns).OrderBy(x => x.StoreKey, StringComparer.Ordinal))
            {
                if (storeKey.StartsWith(SimulatorContext.VeleroGroup + "/", StringComparison.Ordinal) || storeKey is "/events") continue;
                if (!ResourceWanted(storeKey, obj.StringProperty("kind") ?? "", includedResources, excludedResources)) continue;
                if (matchLabels is not null && !matchLabels.All(l => obj.Labels().TryGetValue(l.Key, out var v) && v == l.Value.ScalarText())) continue;
                items.Add(new BackupItem(storeKey, ns, obj.ToJsonString()));
            }
        }
        return items;
    }

    internal static bool ResourceWanted(string storeKey, string kind, List<string> included, List<string> excluded)
    {
        var slash = storeKey.IndexOf('/', StringComparison.Ordinal);
        var group = storeKey[..slash];
        var plural = storeKey[(slash + 1)..];
        bool Matches(string r) =>
            r == "*" || string.Equals(r, plural, StringComparison.OrdinalIgnoreCase)
            || string.Equals(r, $"{plural}.{group}", StringComparison.OrdinalIgnoreCase)
            || string.Equals(r, kind, StringComparison.OrdinalIgnoreCase);
        if (excluded.Any(Matches)) return false;
        return included.Count == 0 || included.Any(Matches);
    }

    internal static List<string> Strings(JsonNode? node) =>
        node is JsonArray a ? a.Select(x => x.ScalarText()).OfType<string>().ToList() : [];
}
