using System.Text.Json.Nodes;
using Portal.ClusterSimulator.Hosting;
using Portal.ClusterSimulator.Resources;

namespace Portal.ClusterSimulator.Discovery;

/// <summary>
/// Legacy (non-aggregated) discovery: /version, /api, /api/v1, /apis, /apis/{group}/{version}. Clients that ask
/// for aggregated discovery accept these plain JSON documents (the response content type tells them which it is).
/// </summary>
internal static class DiscoveryDocuments
{
    /// <summary>The server version kubectl's dispatcher keys on; 1.30 is known to be installed here.</summary>
    public static JsonObject Version() => new()
    {
        ["major"] = "1",
        ["minor"] = "30",
        ["gitVersion"] = "v1.30.4-portal-sim",
        ["gitCommit"] = "0000000000000000000000000000000000000000",
        ["gitTreeState"] = "clean",
        ["buildDate"] = "2024-08-14T00:00:00Z",
        ["goVersion"] = "go1.22.5",
        ["compiler"] = "gc",
        ["platform"] = "linux/amd64",
    };

    public static JsonObject CoreVersions() => new()
    {
        ["kind"] = "APIVersions",
        ["versions"] = new JsonArray("v1"),
        ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = "127.0.0.1" }),
    };

    public static JsonObject Groups(SimulatorContext sim)
    {
        var groups = sim.ServedDefinitions.Where(d => d.Group.Length > 0).GroupBy(d => d.Group).OrderBy(g => g.Key, StringComparer.Ordinal);
        var array = new JsonArray();
        foreach (var g in groups)
        {
            var versions = g.Select(d => d.Version).Distinct().OrderByDescending(VersionPriority).ToList();
            array.Add(new JsonObject
            {
                ["name"] = g.Key,
                ["versions"] = new JsonArray(versions.Select(v => (JsonNode)GroupVersion(g.Key, v)).ToArray()),
                ["preferredVersion"] = GroupVersion(g.Key, versions[0]),
            });
        }
        return new JsonObject { ["kind"] = "APIGroupList", ["apiVersion"] = "v1", ["groups"] = array };
    }

    /// <summary>Null when the group/version is not served.</summary>
    public static JsonObject? Resources(SimulatorContext sim, string group, string version)
    {
        var defs = sim.ServedDefinitions.Where(d => d.Group == group && d.Version == version).OrderBy(d => d.Plural, StringComparer.Ordinal).ToList();
        if (defs.Count == 0) return null;
        var resources = new JsonArray();
        foreach (var d in defs)
        {
            resources.Add(Resource(d));
            if (d.HasStatusSubresource)
            {
                resources.Add(new JsonObject
                {
                    ["name"] = d.Plural + "/status",
                    ["singularName"] = "",
                    ["namespaced"] = d.Namespaced,
                    ["kind"] = d.Kind,
                    ["verbs"] = new JsonArray("get", "patch", "update"),
                });
            }
            if (d.HasScaleSubresource)
            {
                resources.Add(new JsonObject
                {
                    ["name"] = d.Plural + "/scale",
                    ["singularName"] = "",
                    ["namespaced"] = d.Namespaced,
                    ["group"] = "autoscaling",
                    ["version"] = "v1",
                    ["kind"] = "Scale",
                    ["verbs"] = new JsonArray("get", "patch", "update"),
                });
            }
        }
        return new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = group.Length == 0 ? version : $"{group}/{version}",
            ["resources"] = resources,
        };
    }

    private static JsonObject Resource(ResourceDefinition d)
    {
        var r = new JsonObject
        {
            ["name"] = d.Plural,
            ["singularName"] = d.Singular,
            ["namespaced"] = d.Namespaced,
            ["kind"] = d.Kind,
            ["verbs"] = new JsonArray("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"),
        };
        if (d.ShortNames.Count > 0) r["shortNames"] = new JsonArray(d.ShortNames.Select(s => (JsonNode)s).ToArray());
        if (d.Categories.Count > 0) r["categories"] = new JsonArray(d.Categories.Select(s => (JsonNode)s).ToArray());
        r["storageVersionHash"] = Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(d.StoreKey + d.Version)))[..11];
        return r;
    }

    private static JsonObject GroupVersion(string group, string version) =>
        new() { ["groupVersion"] = $"{group}/{version}", ["version"] = version };

    // v1 > v1beta2 > v1beta1 > v1alpha1, as Kubernetes orders versions
    private static int VersionPriority(string v)
    {
        var m = System.Text.RegularExpressions.Regex.Match(v, @"^v(\d+)(?:(alpha|beta)(\d+))?$");
        if (!m.Success) return 0;
        var major = int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var stage = m.Groups[2].Value switch { "" => 3, "beta" => 2, _ => 1 };
        var minor = m.Groups[3].Success ? int.Parse(m.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
        return stage * 1_000_000 + major * 1000 + minor;
    }
}
