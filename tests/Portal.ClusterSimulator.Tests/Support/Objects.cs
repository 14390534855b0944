using System.Text.Json.Nodes;

namespace Portal.ClusterSimulator.Tests.Support;

/// <summary>Builders for the objects the tests send.</summary>
internal static class Objects
{
    public const string Backups = "/apis/velero.io/v1/namespaces/velero/backups";
    public const string Restores = "/apis/velero.io/v1/namespaces/velero/restores";

    public static JsonObject Backup(string name, params string[] namespaces) => new()
    {
        ["apiVersion"] = "velero.io/v1",
        ["kind"] = "Backup",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "velero" },
        ["spec"] = new JsonObject
        {
            ["includedNamespaces"] = new JsonArray(namespaces.Select(n => (JsonNode)n).ToArray()),
            ["ttl"] = "24h0m0s",
        },
    };

    public static JsonObject Restore(string name, string backupName, JsonObject? mapping = null, string? existingResourcePolicy = null)
    {
        var spec = new JsonObject { ["backupName"] = backupName };
        if (mapping is not null) spec["namespaceMapping"] = mapping;
        if (existingResourcePolicy is not null) spec["existingResourcePolicy"] = existingResourcePolicy;
        return new JsonObject
        {
            ["apiVersion"] = "velero.io/v1",
            ["kind"] = "Restore",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "velero" },
            ["spec"] = spec,
        };
    }

    public static JsonObject ConfigMap(string ns, string name, string value = "v") => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "ConfigMap",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["data"] = new JsonObject { ["key"] = value },
    };

    public static JsonObject Namespace(string name) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Namespace",
        ["metadata"] = new JsonObject { ["name"] = name },
    };

    public static string? Phase(JsonNode? obj) => (string?)obj?["status"]?["phase"];
}
