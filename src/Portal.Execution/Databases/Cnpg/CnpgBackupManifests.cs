using System.Text.Json.Nodes;

namespace Portal.Execution.Databases.Cnpg;

/// <summary>
/// STAND-IN until the <c>dblib</c> branch lands <c>Portal.Databases.Jobs.CnpgBackupManifests</c>: the same two builders
/// with the same signatures, so the swap is deleting this folder and importing the library's namespace. The library's
/// version also checks the input (names, six-field cron, method) and is tested against the operator's CRDs; here the
/// input comes from an already validated schedule, and the integration tests validate what reaches the simulator.
/// </summary>
internal static class CnpgBackupManifests
{
    public const string ApiVersion = "postgresql.cnpg.io/v1";
    public const string BarmanObjectStore = "barmanObjectStore";
    public const string VolumeSnapshot = "volumeSnapshot";

    /// <summary><c>backupOwnerReference: self</c>, so the Backups it makes go with it; <c>immediate: false</c>, so
    /// creating or changing a schedule does not start a backup by itself.</summary>
    public static JsonObject ScheduledBackup(string name, string @namespace, string clusterName, string sixFieldCron,
        string method, bool suspend, IReadOnlyDictionary<string, string> labels) => new()
    {
        ["apiVersion"] = ApiVersion,
        ["kind"] = "ScheduledBackup",
        ["metadata"] = Metadata(name, @namespace, labels),
        ["spec"] = new JsonObject
        {
            ["cluster"] = new JsonObject { ["name"] = clusterName },
            ["schedule"] = sixFieldCron.Trim(),
            ["method"] = method,
            ["suspend"] = suspend,
            ["immediate"] = false,
            ["backupOwnerReference"] = "self",
        },
    };

    public static JsonObject Backup(string name, string @namespace, string clusterName, string method, IReadOnlyDictionary<string, string> labels) => new()
    {
        ["apiVersion"] = ApiVersion,
        ["kind"] = "Backup",
        ["metadata"] = Metadata(name, @namespace, labels),
        ["spec"] = new JsonObject
        {
            ["cluster"] = new JsonObject { ["name"] = clusterName },
            ["method"] = method,
        },
    };

    private static JsonObject Metadata(string name, string @namespace, IReadOnlyDictionary<string, string> labels)
    {
        var l = new JsonObject();
        foreach (var (key, value) in labels.OrderBy(x => x.Key, StringComparer.Ordinal))
            l[key] = value;
        return new JsonObject { ["name"] = name, ["namespace"] = @namespace, ["labels"] = l };
    }
}
