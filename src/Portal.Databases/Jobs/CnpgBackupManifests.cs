using Portal.Domain.Common;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Portal.Databases.Jobs;

/// <summary>
/// Builds the CloudNativePG objects (<c>postgresql.cnpg.io/v1</c>) that ask the operator for a physical backup of
/// one of its clusters: a <c>ScheduledBackup</c> for a schedule, a <c>Backup</c> for "back up now". The operator does
/// the work (barman to object storage, or a CSI volume snapshot); the portal only creates and reads these objects.
/// Pure functions like <see cref="DumpJobManifests"/>; invalid input throws <see cref="ArgumentException"/> in words.
/// </summary>
public static partial class CnpgBackupManifests
{
    public const string ApiVersion = ClusterApis.CloudNativePg;

    /// <summary>Base backup and WAL to an object store, as configured in the Cluster's <c>spec.backup.barmanObjectStore</c>.</summary>
    public const string BarmanObjectStore = "barmanObjectStore";

    /// <summary>CSI volume snapshots of the instance's volumes, as configured in the Cluster's <c>spec.backup.volumeSnapshot</c>.</summary>
    public const string VolumeSnapshot = "volumeSnapshot";

    /// <summary>
    /// A schedule the operator runs: <c>backupOwnerReference: self</c>, so the Backups it creates are deleted with it
    /// (deleting the schedule in the portal cleans up its Backup objects, not the data in the object store), and
    /// <c>immediate: false</c>, so creating or changing a schedule does not start a backup by itself.
    /// </summary>
    public static JsonObject ScheduledBackup(string name, string @namespace, string clusterName, string sixFieldCron,
        string method, bool suspend, IReadOnlyDictionary<string, string> labels)
    {
        var errors = Problems(name, @namespace, clusterName, method, labels);
        errors.AddRange(CronProblems(sixFieldCron));
        Throw(errors);
        return new JsonObject
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
    }

    /// <summary>One backup now. Its spec is immutable once created (the CRD says so), so a retry is a new Backup.</summary>
    public static JsonObject Backup(string name, string @namespace, string clusterName, string method, IReadOnlyDictionary<string, string> labels)
    {
        Throw(Problems(name, @namespace, clusterName, method, labels));
        return new JsonObject
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
    }

    /// <summary>
    /// Why a schedule is not one CloudNativePG accepts, in words; null when it is. Six fields, seconds first
    /// (robfig/cron), unlike a CronJob's five: a five-field expression would be read with the minutes as seconds.
    /// </summary>
    public static string? ScheduleProblem(string? sixFieldCron) => CronProblems(sixFieldCron).FirstOrDefault();

    private static List<string> Problems(string name, string @namespace, string clusterName, string method, IReadOnlyDictionary<string, string> labels)
    {
        var errors = new List<string>();
        // Backups made by a schedule carry its name as the label cnpg.io/scheduled-backup: at most 63 characters.
        if (!DnsLabel().IsMatch(name ?? ""))
            errors.Add($"The name \"{name}\" must be at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit.");
        if (!DnsLabel().IsMatch(@namespace ?? ""))
            errors.Add($"The namespace \"{@namespace}\" is not a valid Kubernetes namespace name.");
        if (!DnsLabel().IsMatch(clusterName ?? ""))
            errors.Add($"The database cluster name \"{clusterName}\" is not a valid CloudNativePG cluster name.");
        if (method is not (BarmanObjectStore or VolumeSnapshot))
            errors.Add($"The backup method \"{method}\" is not one the portal starts: choose {BarmanObjectStore} or {VolumeSnapshot}.");
        foreach (var (key, value) in labels ?? new Dictionary<string, string>())
            if (!KubeNames.IsValidLabel(key, value))
                errors.Add($"The label {key}={value} is not a valid Kubernetes label.");
        return errors;
    }

    private static IEnumerable<string> CronProblems(string? cron)
    {
        var fields = (cron ?? "").Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length == 5)
            yield return $"The schedule \"{cron}\" has 5 fields, but CloudNativePG wants 6 with the seconds first: \"0 {string.Join(' ', fields)}\".";
        else if (fields.Length != 6)
            yield return $"The schedule \"{cron}\" must have 6 fields, seconds first (e.g. \"0 30 2 * * *\" for 02:30 every day).";
        else if (!fields.All(f => CronField().IsMatch(f)))
            yield return $"The schedule \"{cron}\" contains characters a cron field cannot hold.";
    }

    private static JsonObject Metadata(string name, string @namespace, IReadOnlyDictionary<string, string> labels)
    {
        var l = new JsonObject();
        foreach (var (key, value) in labels.OrderBy(x => x.Key, StringComparer.Ordinal))
            l[key] = value;
        return new JsonObject { ["name"] = name, ["namespace"] = @namespace, ["labels"] = l };
    }

    private static void Throw(List<string> errors)
    {
        if (errors.Count > 0)
            throw new ArgumentException(string.Join(" ", errors));
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")]
    private static partial Regex DnsLabel();

    [GeneratedRegex("^[0-9A-Za-z*?/,-]+$")]
    private static partial Regex CronField();
}
