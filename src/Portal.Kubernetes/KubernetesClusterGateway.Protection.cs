using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Portal.Application.Abstractions.Clusters;
using Portal.Domain.Common;
using k8s;

namespace Portal.Kubernetes;

/// <summary>The <see cref="IProtectionGateway"/>: a protection's one Velero Schedule, written through the one apply
/// path. The Schedule is the portal's when it carries the protection-id label its spec asks for.</summary>
public sealed partial class KubernetesClusterGateway : IProtectionGateway
{
    private const string Schedules = "schedules";

    public async Task<VeleroScheduleInfo?> GetScheduleAsync(ClusterConnection cluster, string veleroNamespace, string name, CancellationToken ct)
    {
        var obj = await GetVeleroAsync(cluster, veleroNamespace, Schedules, name, ct).ConfigureAwait(false);
        return obj is { } o ? Protection.VeleroFollowParser.Schedule(o) : null;
    }

    public async Task<VeleroScheduleInfo> ApplyScheduleAsync(ClusterConnection cluster, string veleroNamespace, VeleroScheduleSpec spec, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentException.ThrowIfNullOrWhiteSpace(veleroNamespace);
        var protectionId = spec.Labels.GetValueOrDefault(PortalLabels.ProtectionId)
            ?? throw new ArgumentException("A protection's Schedule carries its protection-id label.", nameof(spec));
        var target = new ApplyTarget(VeleroApi.Group, VeleroApi.Version, Schedules, "Schedule", veleroNamespace, spec.Name, "a Velero Schedule");
        var owner = new ApplyOwnership(PortalLabels.ProtectionId, protectionId, "the portal for this protection",
            "Rename or delete that Schedule, then ask again.");
        try
        {
            // The portal's own is applied again (a changed policy, a pause, a put-back); anyone else's is refused.
            await ServerSideApply.ApplyAsync(clients, logger, cluster, target, VeleroObjectBuilder.Schedule(spec, veleroNamespace), owner,
                ApplyPolicy.AdoptOwnRefuseForeign, ct).ConfigureAwait(false);
        }
        catch (ClusterAccessException e) when (e.Fault == ClusterFault.NotFound)
        {
            throw await VeleroNotFoundAsync(cluster, veleroNamespace, e, ct).ConfigureAwait(false);
        }

        // Read back, so the fingerprint holds what the server stored (its defaults included), as the follower will see it.
        return await GetScheduleAsync(cluster, veleroNamespace, spec.Name, ct).ConfigureAwait(false)
            ?? throw new ClusterAccessException(ClusterFault.Conflict,
                $"The Velero Schedule {spec.Name} on {cluster} was gone right after it was written; someone deleted it. Try again.");
    }

    public async Task DeleteScheduleAsync(ClusterConnection cluster, string veleroNamespace, string name, CancellationToken ct)
    {
        var existing = await GetVeleroAsync(cluster, veleroNamespace, Schedules, name, ct).ConfigureAwait(false);
        if (existing is not { } found) return;
        var labels = VeleroStatusParser.Labels(found);
        if (labels.GetValueOrDefault(PortalLabels.ProtectionId) is not { Length: > 0 } id || !name.EndsWith(id, StringComparison.Ordinal))
        {
            throw new ClusterAccessException(ClusterFault.Conflict,
                $"On {cluster}, the Velero Schedule {name} in namespace '{veleroNamespace}' was not made by the portal for this protection " +
                $"(it carries no matching {PortalLabels.ProtectionId} label); the portal will not delete it.");
        }

        try
        {
            await CallAsync(cluster, new KubeOperation("delete", "schedules.velero.io", veleroNamespace, name),
                (k, c) => k.CustomObjects.DeleteNamespacedCustomObjectAsync(VeleroApi.Group, VeleroApi.Version, veleroNamespace, Schedules, name,
                    cancellationToken: c), ct).ConfigureAwait(false);
            logger.LogInformation("Deleted Velero Schedule {Name} in {Namespace} on {Cluster}", name, veleroNamespace, cluster.ClusterName);
        }
        catch (ClusterAccessException e) when (e.Fault == ClusterFault.NotFound)
        {
            logger.LogDebug("Velero Schedule {Name} was already gone", name); // what the caller wanted
        }
    }

    public async Task<VeleroObjectStatus> EnsureBackupFromScheduleAsync(ClusterConnection cluster, string veleroNamespace, string scheduleName,
        string backupName, IReadOnlyDictionary<string, string> labels, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var schedule = await GetVeleroAsync(cluster, veleroNamespace, Schedules, scheduleName, ct).ConfigureAwait(false)
            ?? throw new ClusterAccessException(ClusterFault.NotFound,
                $"There is no Velero Schedule {scheduleName} on {cluster} to back up from; put the protection's Schedule back first.");
        var template = VeleroStatusParser.Child(VeleroStatusParser.Child(schedule, "spec"), "template") is { ValueKind: JsonValueKind.Object } t
            ? (JsonObject)JsonNode.Parse(t.GetRawText())!
            : new JsonObject();
        // As `velero backup create --from-schedule`: the template's spec, its labels, and the schedule's name as a label.
        var backupLabels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (template["metadata"]?["labels"] is JsonObject templateLabels)
        {
            foreach (var (key, value) in templateLabels)
            {
                if (value is JsonValue v && v.TryGetValue<string>(out var text)) backupLabels[key] = text;
            }
        }

        template.Remove("metadata");
        foreach (var (key, value) in labels) backupLabels[key] = value;
        backupLabels[VeleroApi.ScheduleNameLabel] = scheduleName;
        backupLabels.TryAdd(PortalLabels.ManagedBy, PortalLabels.ManagedByValue);
        var labelObject = new JsonObject();
        foreach (var (key, value) in backupLabels.OrderBy(l => l.Key, StringComparer.Ordinal)) labelObject[key] = value;
        var body = new JsonObject
        {
            ["apiVersion"] = VeleroApi.ApiVersion,
            ["kind"] = "Backup",
            ["metadata"] = new JsonObject { ["name"] = backupName, ["namespace"] = veleroNamespace, ["labels"] = labelObject },
            ["spec"] = template,
        };
        return await EnsureAsync(cluster, veleroNamespace, VeleroObjectKind.Backup, backupName, backupLabels, body, ct).ConfigureAwait(false);
    }

    /// <summary>Null when there is no object of that name; <see cref="ClusterFault.ToolMissing"/> when Velero is not served.</summary>
    private async Task<JsonElement?> GetVeleroAsync(ClusterConnection cluster, string veleroNamespace, string plural, string name, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(veleroNamespace);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        try
        {
            return AsJson(await CallAsync(cluster, new KubeOperation("get", $"{plural}.velero.io", veleroNamespace, name),
                (k, c) => k.CustomObjects.GetNamespacedCustomObjectAsync(VeleroApi.Group, VeleroApi.Version, veleroNamespace, plural, name, c),
                ct).ConfigureAwait(false));
        }
        catch (ClusterAccessException e) when (e.Fault == ClusterFault.NotFound)
        {
            if (!(await ServedGroupsAsync(cluster, ct).ConfigureAwait(false)).Contains(VeleroApi.Group)) throw VeleroMissing(cluster, e);
            return null;
        }
    }

    private async Task<ClusterAccessException> VeleroNotFoundAsync(ClusterConnection cluster, string veleroNamespace, ClusterAccessException e,
        CancellationToken ct) =>
        !(await ServedGroupsAsync(cluster, ct).ConfigureAwait(false)).Contains(VeleroApi.Group)
            ? VeleroMissing(cluster, e)
            : new ClusterAccessException(ClusterFault.NotFound,
                $"The Velero namespace '{veleroNamespace}' does not exist on {cluster}; run discovery again to find where Velero runs.", e);
}
