using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Portal.Application.Abstractions.Clusters;
using Portal.Domain.Common;
using k8s;

namespace Portal.Kubernetes;

public sealed partial class KubernetesClusterGateway
{
    public async Task<IReadOnlyList<VeleroBackupInfo>> ListBackupsAsync(ClusterConnection cluster, string veleroNamespace, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(veleroNamespace);
        var op = new KubeOperation("list", "backups.velero.io", veleroNamespace);
        try
        {
            var list = AsJson(await CallAsync(cluster, op,
                (k, c) => k.CustomObjects.ListNamespacedCustomObjectAsync(VeleroApi.Group, VeleroApi.Version, veleroNamespace,
                    VeleroApi.Backups, cancellationToken: c), ct).ConfigureAwait(false));
            return VeleroStatusParser.Items(list).Select(VeleroStatusParser.ParseBackup).ToList();
        }
        catch (ClusterAccessException e) when (e.Fault == ClusterFault.NotFound)
        {
            // Listing a served resource in any namespace answers 200 (maybe empty); 404 means the type is not served.
            throw VeleroMissing(cluster, e);
        }
    }

    public async Task<VeleroBackupInfo?> GetBackupAsync(ClusterConnection cluster, string veleroNamespace, string name, CancellationToken ct)
    {
        var obj = await GetVeleroObjectAsync(cluster, veleroNamespace, VeleroObjectKind.Backup, name, ct).ConfigureAwait(false);
        return obj is { } o ? VeleroStatusParser.ParseBackup(o) : null;
    }

    public Task<VeleroObjectStatus> EnsureBackupAsync(ClusterConnection cluster, string veleroNamespace, VeleroBackupSpec spec, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return EnsureAsync(cluster, veleroNamespace, VeleroObjectKind.Backup, spec.Name, spec.Labels,
            VeleroObjectBuilder.Backup(spec, veleroNamespace), ct);
    }

    public Task<VeleroObjectStatus> EnsureRestoreAsync(ClusterConnection cluster, string veleroNamespace, VeleroRestoreSpec spec, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.Modifiers is { Count: > 0 } rules ? WithModifiersAsync(rules) : Restore();

        Task<VeleroObjectStatus> Restore() => EnsureAsync(cluster, veleroNamespace, VeleroObjectKind.Restore, spec.Name, spec.Labels,
            VeleroObjectBuilder.Restore(spec, veleroNamespace), ct);

        // The modifiers' ConfigMap exists before the Restore that names it: Velero reads it when it starts the restore.
        async Task<VeleroObjectStatus> WithModifiersAsync(IReadOnlyList<RestoreModifierRule> rules)
        {
            var map = VeleroObjectBuilder.RestoreModifiersConfigMap(rules, veleroNamespace);
            var name = VeleroObjectBuilder.RestoreModifiersName(rules);
            var target = new ApplyTarget("", "v1", "configmaps", "ConfigMap", veleroNamespace, name, "a ConfigMap of Velero restore resource modifiers");
            var owner = new ApplyOwnership(PortalLabels.ManagedBy, PortalLabels.ManagedByValue, "the portal for its restore modifiers");
            await ServerSideApply.ApplyAsync(clients, logger, cluster, target, map, owner, ApplyPolicy.CreateOnceRefuseForeign, ct).ConfigureAwait(false);
            return await Restore().ConfigureAwait(false);
        }
    }

    /// <summary>Create by server-side apply, or adopt the existing object as it is when it was made by the same request
    /// (a retry after a lost answer); anything else of that name is a conflict the portal must not overwrite.</summary>
    private async Task<VeleroObjectStatus> EnsureAsync(ClusterConnection cluster, string veleroNamespace, VeleroObjectKind kind,
        string name, IReadOnlyDictionary<string, string> labels, JsonObject body, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(veleroNamespace);
        var target = new ApplyTarget(VeleroApi.Group, VeleroApi.Version, VeleroApi.Plural(kind), kind.ToString(), veleroNamespace, name,
            $"a Velero {kind}");
        var owner = new ApplyOwnership(PortalLabels.RequestId, labels.GetValueOrDefault(PortalLabels.RequestId), "this request");
        try
        {
            // A Backup or Restore runs once: the request's own is adopted as it is, never written again.
            var result = await ServerSideApply.ApplyAsync(clients, logger, cluster, target, body, owner,
                ApplyPolicy.CreateOnceRefuseForeign, ct).ConfigureAwait(false);
            return VeleroStatusParser.ParseStatus(result.Object, kind);
        }
        catch (ClusterAccessException e) when (e.Fault == ClusterFault.NotFound)
        {
            // 404 on apply: either Velero's API is not served, or the Velero namespace does not exist.
            if (!(await ServedGroupsAsync(cluster, ct).ConfigureAwait(false)).Contains(VeleroApi.Group))
            {
                throw VeleroMissing(cluster, e);
            }

            throw new ClusterAccessException(ClusterFault.NotFound,
                $"The Velero namespace '{veleroNamespace}' does not exist on {cluster}; run discovery again to find where Velero runs.", e);
        }
    }

    /// <summary>Null when the object does not exist; <see cref="ClusterFault.ToolMissing"/> when Velero is not served at all.</summary>
    private async Task<JsonElement?> GetVeleroObjectAsync(ClusterConnection cluster, string veleroNamespace, VeleroObjectKind kind,
        string name, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(veleroNamespace);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var plural = VeleroApi.Plural(kind);
        try
        {
            return AsJson(await CallAsync(cluster, new KubeOperation("get", $"{plural}.velero.io", veleroNamespace, name),
                (k, c) => k.CustomObjects.GetNamespacedCustomObjectAsync(VeleroApi.Group, VeleroApi.Version, veleroNamespace,
                    plural, name, c), ct).ConfigureAwait(false));
        }
        catch (ClusterAccessException e) when (e.Fault == ClusterFault.NotFound)
        {
            if (!(await ServedGroupsAsync(cluster, ct).ConfigureAwait(false)).Contains(VeleroApi.Group))
            {
                throw VeleroMissing(cluster, e);
            }

            return null;
        }
    }

    private static ClusterAccessException VeleroMissing(ClusterConnection cluster, Exception? inner) =>
        new(ClusterFault.ToolMissing,
            $"Velero is not installed on {cluster} (the velero.io API is not served). Install Velero on the cluster, " +
            "then run discovery again.", inner);
}
