using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Portal.Application.Abstractions.Clusters;

namespace Portal.Kubernetes.Moves;

/// <summary>
/// Finds where each kind lives on a cluster by discovery (<c>/api</c>, <c>/api/v1</c>, <c>/apis</c>,
/// <c>/apis/&lt;group&gt;/&lt;version&gt;</c>) and keeps the answer per cluster for a short time. A kind that is not found
/// makes it read discovery again once, so a CRD installed a moment ago is found without waiting for the cache to expire.
/// A group/version whose discovery fails (an aggregated API such as metrics.k8s.io that is down answers 503) is left
/// out rather than failing the whole read; an unreachable server or a rejected credential fails it.
/// </summary>
internal sealed class ApiDiscovery(IKubernetesClientFactory clients, ILogger logger, TimeSpan cacheDuration, int parallelism)
{
    private readonly ConcurrentDictionary<Guid, Task<ServedResources>> _cache = new();

    /// <summary>What the cluster serves, from the cache when it is fresh.</summary>
    public async Task<ServedResources> GetAsync(ClusterConnection cluster, CancellationToken ct)
    {
        if (_cache.TryGetValue(cluster.ClusterId, out var cached) && cached.IsCompletedSuccessfully
            && DateTimeOffset.UtcNow - cached.Result.ReadAt < cacheDuration)
        {
            return cached.Result;
        }

        return await RefreshAsync(cluster, ct).ConfigureAwait(false);
    }

    /// <summary>Resolves apiVersion + kind; a miss reads discovery again once. Null when the cluster does not serve it.</summary>
    public async Task<ApiResource?> ResolveAsync(ClusterConnection cluster, string apiVersion, string kind, CancellationToken ct)
    {
        var served = await GetAsync(cluster, ct).ConfigureAwait(false);
        if (served.Find(apiVersion, kind) is { } found)
        {
            return found;
        }

        served = await RefreshAsync(cluster, ct).ConfigureAwait(false);
        return served.Find(apiVersion, kind);
    }

    /// <summary>Forgets what was read about a cluster (its credential changed, or a type went away).</summary>
    public void Forget(ClusterConnection cluster) => _cache.TryRemove(cluster.ClusterId, out _);

    private async Task<ServedResources> RefreshAsync(ClusterConnection cluster, CancellationToken ct)
    {
        var read = ReadAsync(cluster, ct);
        _cache[cluster.ClusterId] = read;
        try
        {
            return await read.ConfigureAwait(false);
        }
        catch
        {
            // never keep a failed read: the next call tries again
            _cache.TryRemove(new KeyValuePair<Guid, Task<ServedResources>>(cluster.ClusterId, read));
            throw;
        }
    }

    private async Task<ServedResources> ReadAsync(ClusterConnection cluster, CancellationToken ct)
    {
        var core = await GetAsync(cluster, "/api", "the core API versions (/api)", ct).ConfigureAwait(false);
        var groups = await GetAsync(cluster, "/apis", "API groups (/apis)", ct).ConfigureAwait(false);
        var versions = new List<(string Group, string Version, bool Preferred)>();
        var coreVersions = Strings(core, "versions");
        versions.AddRange(coreVersions.Select((v, i) => ("", v, i == 0)));
        foreach (var group in Array(groups, "groups"))
        {
            var name = Text(group, "name");
            if (string.IsNullOrEmpty(name))
            {
                continue;
            }

            var preferred = group.TryGetProperty("preferredVersion", out var p) ? Text(p, "version") : null;
            foreach (var version in Array(group, "versions"))
            {
                if (Text(version, "version") is { Length: > 0 } v)
                {
                    versions.Add((name, v, preferred is null ? versions.All(x => x.Group != name) : v == preferred));
                }
            }
        }

        var resources = new ConcurrentBag<(int Order, ApiResource Resource)>();
        var answered = new ConcurrentBag<(int Order, string GroupVersion)>();
        var indexed = versions.Select((v, i) => (v, i)).ToList();
        await Parallel.ForEachAsync(indexed, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = ct },
            async (item, token) =>
            {
                var ((group, version, preferred), order) = item;
                var groupVersion = group.Length == 0 ? version : $"{group}/{version}";
                var path = group.Length == 0 ? $"/api/{version}" : $"/apis/{group}/{version}";
                JsonElement list;
                try
                {
                    list = await GetAsync(cluster, path, $"the resources of {groupVersion} ({path})", token).ConfigureAwait(false);
                }
                catch (ClusterAccessException e) when (e.Fault is ClusterFault.NotFound or ClusterFault.ServerError or ClusterFault.Forbidden)
                {
                    logger.LogInformation("Discovery of {GroupVersion} on {Cluster} failed, leaving it out: {Reason}",
                        groupVersion, cluster.ClusterName, e.Message);
                    return;
                }

                answered.Add((order, groupVersion));
                foreach (var r in Array(list, "resources"))
                {
                    var plural = Text(r, "name");
                    var kind = Text(r, "kind");
                    if (string.IsNullOrEmpty(plural) || string.IsNullOrEmpty(kind) || plural.Contains('/', StringComparison.Ordinal))
                    {
                        continue; // subresources (deployments/scale, pods/log) are not types of their own
                    }

                    var namespaced = r.TryGetProperty("namespaced", out var n) && n.ValueKind == JsonValueKind.True;
                    resources.Add((order, new ApiResource(group, version, kind, plural, namespaced, Strings(r, "verbs"), preferred)));
                }
            }).ConfigureAwait(false);

        return new ServedResources(
            resources.OrderBy(r => r.Order).ThenBy(r => r.Resource.Plural, StringComparer.Ordinal).Select(r => r.Resource).ToList(),
            answered.OrderBy(a => a.Order).Select(a => a.GroupVersion).ToList(),
            DateTimeOffset.UtcNow);
    }

    private Task<JsonElement> GetAsync(ClusterConnection cluster, string path, string what, CancellationToken ct) =>
        KubeCalls.RunAsync(clients, logger, cluster, new KubeOperation("read", what), (k, c) => KubeRaw.GetJsonAsync(k, path, c), ct);

    private static IEnumerable<JsonElement> Array(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var a) && a.ValueKind == JsonValueKind.Array
            ? a.EnumerateArray()
            : [];

    private static string? Text(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static List<string> Strings(JsonElement obj, string name) =>
        Array(obj, name).Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList();
}
