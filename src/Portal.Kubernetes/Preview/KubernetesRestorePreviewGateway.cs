using System.Text.Json;
using k8s;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Application.Abstractions.Clusters;
using Portal.Application.Common;
using Portal.Domain.Common;
using Portal.Kubernetes.Moves;

namespace Portal.Kubernetes.Preview;

/// <summary>
/// The <see cref="IRestorePreviewGateway"/> over KubernetesClient. A backup's resource list: a Velero DownloadRequest
/// (target <c>BackupResourceList</c>) is created, followed with the one wait (<see cref="ClusterWait"/>) until Velero
/// answers <c>Processed</c> with a <c>downloadURL</c>, the file fetched (<see cref="ResourceListDownload"/>) and the
/// DownloadRequest deleted (Velero also expires it). It is written by the one write path (<see cref="ServerSideApply"/>,
/// made once, anyone else's refused). RBAC: create, patch (the apply), get, watch and delete of downloadrequests, in
/// Velero's namespace only. The live target: every kind listed in the namespace with the portal's rights there, found
/// through the migration gateway's discovery (<see cref="ApiDiscovery"/>).
/// </summary>
public sealed class KubernetesRestorePreviewGateway : IRestorePreviewGateway
{
    private const string ResourceListKind = "BackupResourceList";
    private readonly IKubernetesClientFactory _clients;
    private readonly KubernetesGatewayOptions _options;
    private readonly ILogger<KubernetesRestorePreviewGateway> _logger;
    private readonly ClusterWait _wait;
    private readonly ApiDiscovery _discovery;
    private readonly BoundedCache<string, BackupResourceList> _lists;

    public KubernetesRestorePreviewGateway(IKubernetesClientFactory clients, IOptions<KubernetesGatewayOptions> options,
        ILogger<KubernetesRestorePreviewGateway> logger, TimeProvider? time = null)
    {
        _clients = clients;
        _options = options.Value;
        _logger = logger;
        var clock = time ?? TimeProvider.System;
        _wait = new ClusterWait(clients, options, logger, clock);
        _discovery = new ApiDiscovery(clients, logger, _options.DiscoveryCacheDuration, Math.Max(1, _options.ListParallelism));
        _lists = new BoundedCache<string, BackupResourceList>(_options.ResourceListCacheSize, null, clock);
    }

    public async Task<BackupResourceList?> ReadBackupResourceListAsync(ClusterConnection cluster, string veleroNamespace, string backupName,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentException.ThrowIfNullOrWhiteSpace(veleroNamespace);
        ArgumentException.ThrowIfNullOrWhiteSpace(backupName);
        var backup = await GetAsync(cluster, veleroNamespace, VeleroApi.Backups, backupName, ct).ConfigureAwait(false);
        if (backup is not { } b) return null;
        var uid = VeleroStatusParser.String(VeleroStatusParser.Child(b, "metadata"), "uid");
        var phase = VeleroStatusParser.String(VeleroStatusParser.Child(b, "status"), "phase");
        var key = $"{cluster.ClusterId}|{veleroNamespace}|{backupName}|{uid}";
        if (_lists.TryGet(key, out var kept)) return kept;

        await RefuseUnavailableLocationAsync(cluster, veleroNamespace, b, backupName, ct).ConfigureAwait(false);
        var items = await DownloadAsync(cluster, veleroNamespace, backupName, ct).ConfigureAwait(false);
        var excluded = VeleroStatusParser.Strings(VeleroStatusParser.Child(b, "spec"), "excludedResources");
        var list = new BackupResourceList(backupName, uid, phase, excluded, items);
        // A finished backup's list never changes; one still running is read again next time.
        if (phase is "Completed" or "PartiallyFailed" or "Failed") _lists.Set(key, list);
        return list;
    }

    private async Task<IReadOnlyDictionary<BackupKind, IReadOnlyList<string>>> DownloadAsync(ClusterConnection cluster, string veleroNamespace,
        string backupName, CancellationToken ct)
    {
        var name = $"portal-list-{Guid.NewGuid():N}";
        var body = VeleroObjectBuilder.DownloadRequest(name, veleroNamespace, ResourceListKind, backupName,
            new Dictionary<string, string>());
        var target = new ApplyTarget(VeleroApi.Group, VeleroApi.Version, VeleroApi.DownloadRequests, "DownloadRequest", veleroNamespace, name,
            "a Velero DownloadRequest");
        var owner = new ApplyOwnership(PortalLabels.ManagedBy, PortalLabels.ManagedByValue, "the portal for a restore preview");
        try
        {
            // The one write path: a throwaway with a fresh name is made once and never written again.
            await ServerSideApply.ApplyAsync(_clients, _logger, cluster, target, body, owner, ApplyPolicy.CreateOnceRefuseForeign, ct)
                .ConfigureAwait(false);
        }
        catch (ClusterAccessException e) when (e.Fault == ClusterFault.NotFound)
        {
            throw await MissingAsync(cluster, veleroNamespace, e, ct).ConfigureAwait(false);
        }

        try
        {
            var awaited = new AwaitedObject(VeleroApi.Group, VeleroApi.Version, VeleroApi.DownloadRequests, veleroNamespace, name,
                $"DownloadRequest {name} (the resource list of backup {backupName})");
            await _wait.UntilAsync(cluster, [awaited], Processed, "processed by Velero", _options.DownloadRequestTimeout, null, ct)
                .ConfigureAwait(false);
            var processed = await GetAsync(cluster, veleroNamespace, VeleroApi.DownloadRequests, name, ct).ConfigureAwait(false);
            var url = VeleroStatusParser.String(VeleroStatusParser.Child(processed, "status"), "downloadURL")
                ?? throw new ClusterAccessException(ClusterFault.ServerError, $"Velero on {cluster} processed the DownloadRequest but gave no address.");
            return await ResourceListDownload.FetchAsync(cluster, url, _options, ct).ConfigureAwait(false);
        }
        finally
        {
            await DeleteQuietlyAsync(cluster, veleroNamespace, name).ConfigureAwait(false);
        }
    }

    private static Readiness Processed(JsonElement? request)
    {
        if (request is not { } r) return Readiness.NotYet("does not exist (any more)");
        var status = VeleroStatusParser.Child(r, "status");
        var phase = VeleroStatusParser.String(status, "phase") ?? "New";
        return phase == "Processed" && !string.IsNullOrEmpty(VeleroStatusParser.String(status, "downloadURL"))
            ? Readiness.Ready("processed")
            : Readiness.NotYet($"phase {phase}, Velero has not handed out the file yet");
    }

    /// <summary>Velero cannot hand out a file from a location it cannot reach: say so instead of waiting.</summary>
    private async Task RefuseUnavailableLocationAsync(ClusterConnection cluster, string veleroNamespace, JsonElement backup, string backupName,
        CancellationToken ct)
    {
        var location = VeleroStatusParser.String(VeleroStatusParser.Child(backup, "spec"), "storageLocation")
            ?? (VeleroStatusParser.Child(VeleroStatusParser.Child(backup, "metadata"), "labels") is { } labels
                ? VeleroStatusParser.String(labels, "velero.io/storage-location") : null);
        if (location is null) return;
        JsonElement? bsl;
        try
        {
            bsl = await GetAsync(cluster, veleroNamespace, VeleroApi.BackupStorageLocations, location, ct).ConfigureAwait(false);
        }
        catch (ClusterAccessException e) when (e.Fault == ClusterFault.Forbidden)
        {
            return; // Velero will say it by not processing the request
        }

        var status = VeleroStatusParser.Child(bsl, "status");
        if (bsl is null)
            throw new ClusterAccessException(ClusterFault.ServerError,
                $"The backup storage location '{location}' of backup {backupName} no longer exists on {cluster}, so Velero cannot read the backup's files.");
        if (VeleroStatusParser.String(status, "phase") == "Unavailable")
            throw new ClusterAccessException(ClusterFault.ServerError,
                $"The backup storage location '{location}' of backup {backupName} is Unavailable on {cluster}" +
                (VeleroStatusParser.String(status, "message") is { Length: > 0 } m ? $" ({m})" : "") +
                ", so Velero cannot read the backup's files. Once the location is Available again, read the preview again.");
    }

    private async Task DeleteQuietlyAsync(ClusterConnection cluster, string veleroNamespace, string name)
    {
        try
        {
            using var limit = new CancellationTokenSource(_options.RequestTimeout);
            await KubeCalls.RunAsync(_clients, _logger, cluster, new KubeOperation("delete", "downloadrequests.velero.io", veleroNamespace, name),
                (k, c) => k.CustomObjects.DeleteNamespacedCustomObjectAsync(VeleroApi.Group, VeleroApi.Version, veleroNamespace,
                    VeleroApi.DownloadRequests, name, cancellationToken: c), limit.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ClusterAccessException or OperationCanceledException)
        {
            // Velero deletes expired DownloadRequests itself; nothing is lost by leaving this one to it.
            _logger.LogInformation("Could not delete DownloadRequest {Name} on {Cluster}: {Reason}", name, cluster.ClusterName, e.Message);
        }
    }

    /// <summary>Null on 404 of a served Velero; Velero not served at all is <see cref="ClusterFault.ToolMissing"/>.</summary>
    private async Task<JsonElement?> GetAsync(ClusterConnection cluster, string veleroNamespace, string plural, string name, CancellationToken ct)
    {
        try
        {
            return KubeCalls.AsJson(await KubeCalls.RunAsync(_clients, _logger, cluster, new KubeOperation("get", $"{plural}.velero.io", veleroNamespace, name),
                (k, c) => k.CustomObjects.GetNamespacedCustomObjectAsync(VeleroApi.Group, VeleroApi.Version, veleroNamespace, plural, name, c), ct)
                .ConfigureAwait(false));
        }
        catch (ClusterAccessException e) when (e.Fault == ClusterFault.NotFound)
        {
            var served = await _discovery.ResolveAsync(cluster, VeleroApi.ApiVersion, "Backup", ct).ConfigureAwait(false);
            if (served is null) throw VeleroMissing(cluster, e);
            return null;
        }
    }

    private async Task<ClusterAccessException> MissingAsync(ClusterConnection cluster, string veleroNamespace, Exception e, CancellationToken ct) =>
        await _discovery.ResolveAsync(cluster, VeleroApi.ApiVersion, "DownloadRequest", ct).ConfigureAwait(false) is null
            ? VeleroMissing(cluster, e)
            : new ClusterAccessException(ClusterFault.NotFound,
                $"The Velero namespace '{veleroNamespace}' does not exist on {cluster}; run discovery again to find where Velero runs.", e);

    private static ClusterAccessException VeleroMissing(ClusterConnection cluster, Exception? inner) =>
        new(ClusterFault.ToolMissing,
            $"Velero is not installed on {cluster} (the velero.io API is not served). Install Velero on the cluster, then run discovery again.", inner);

    public async Task<LiveNamespaceContents> ReadNamespaceContentsAsync(ClusterConnection cluster, string @namespace,
        IReadOnlyCollection<BackupKind> kinds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentException.ThrowIfNullOrWhiteSpace(@namespace);
        ArgumentNullException.ThrowIfNull(kinds);
        var names = new System.Collections.Concurrent.ConcurrentDictionary<BackupKind, IReadOnlySet<string>>();
        var unknown = new System.Collections.Concurrent.ConcurrentDictionary<BackupKind, string>();
        await Parallel.ForEachAsync(kinds.Distinct(), new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _options.ListParallelism), CancellationToken = ct },
            async (kind, token) =>
            {
                var resource = await _discovery.ResolveAsync(cluster, kind.ApiVersion, kind.Kind, token).ConfigureAwait(false)
                    ?? (await _discovery.GetAsync(cluster, token).ConfigureAwait(false)).FindPreferred(kind.Group, kind.Kind);
                if (resource is null)
                {
                    unknown[kind] = $"cluster {cluster.ClusterName} does not serve {kind.Kind} ({kind.ApiVersion}); Velero cannot restore it there";
                    return;
                }

                if (!resource.Namespaced) return;
                try
                {
                    names[kind] = await ListNamesAsync(cluster, resource, @namespace, token).ConfigureAwait(false);
                }
                catch (ClusterAccessException e) when (e.Fault is ClusterFault.Forbidden or ClusterFault.NotFound)
                {
                    unknown[kind] = e.Fault == ClusterFault.Forbidden
                        ? $"the portal may not list {resource.Describe()} in namespace {@namespace}"
                        : $"{resource.Describe()} could not be listed ({e.Message})";
                }
            }).ConfigureAwait(false);
        return new LiveNamespaceContents(true, names, unknown);
    }

    /// <summary>The names of one kind in the namespace, page by page (a namespace may hold thousands).</summary>
    private async Task<IReadOnlySet<string>> ListNamesAsync(ClusterConnection cluster, ApiResource resource, string @namespace, CancellationToken ct)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        string? next = null;
        do
        {
            var token = next;
            var page = KubeCalls.AsJson(await KubeCalls.RunAsync(_clients, _logger, cluster, new KubeOperation("list", resource.Describe(), @namespace),
                (k, c) => k.CustomObjects.ListNamespacedCustomObjectAsync(resource.Group, resource.Version, @namespace, resource.Plural,
                    continueParameter: token, limit: 500, cancellationToken: c), ct).ConfigureAwait(false));
            if (page.ValueKind == JsonValueKind.Object && page.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in items.EnumerateArray())
                {
                    if (VeleroStatusParser.String(VeleroStatusParser.Child(item, "metadata"), "name") is { } n) names.Add(n);
                }
            }

            next = VeleroStatusParser.String(VeleroStatusParser.Child(page, "metadata"), "continue");
        }
        while (!string.IsNullOrEmpty(next));
        return names;
    }
}
