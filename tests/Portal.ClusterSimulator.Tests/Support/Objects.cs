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

    public static string Jobs(string ns) => $"/apis/batch/v1/namespaces/{ns}/jobs";

    public static string Pods(string ns) => $"/api/v1/namespaces/{ns}/pods";

    /// <summary>A dump Job as the portal would create it: a pg_dump container, restartPolicy Never.</summary>
    public static JsonObject DumpJob(string ns, string name, int backoffLimit = 6, string image = "postgres:16.4") => new()
    {
        ["apiVersion"] = "batch/v1",
        ["kind"] = "Job",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["labels"] = new JsonObject { ["kubernetes-portal.io/schedule"] = "s1" } },
        ["spec"] = new JsonObject
        {
            ["backoffLimit"] = backoffLimit,
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = "dump" } },
                ["spec"] = new JsonObject
                {
                    ["restartPolicy"] = "Never",
                    ["containers"] = new JsonArray(new JsonObject
                    {
                        ["name"] = "dump",
                        ["image"] = image,
                        ["command"] = new JsonArray("/bin/sh", "-c"),
                        ["args"] = new JsonArray("pg_dump --format=custom --file=/backup/$(JOB_NAME).dump \"$DATABASE_URL\""),
                        ["env"] = new JsonArray(new JsonObject { ["name"] = "ARTIFACT_PREFIX", ["value"] = "pvc://dumps/shop" }),
                    }),
                },
            },
        },
    };

    /// <summary>The Job's "Complete" or "Failed" condition type, if it has one.</summary>
    public static string? Finished(JsonNode? job) =>
        job?["status"]?["conditions"]?.AsArray().Select(c => (string?)c?["type"]).FirstOrDefault(t => t is "Complete" or "Failed");

    public static string? Phase(JsonNode? obj) => (string?)obj?["status"]?["phase"];
}
