using System.IO.Compression;
using System.Text.Json.Nodes;
using Portal.ClusterSimulator.Hosting;
using Portal.ClusterSimulator.Json;

namespace Portal.ClusterSimulator.Velero;

/// <summary>
/// Velero's download-request controller for <c>BackupResourceList</c>: a new DownloadRequest for a backup whose content
/// the simulated object storage holds gets <c>status.phase: Processed</c>, a <c>downloadURL</c> on this simulator's own
/// server (<see cref="DownloadFiles"/>) and an <c>expiration</c> ten minutes on. The file is what Velero writes: gzipped
/// JSON keyed by "group/version/Kind" (core: "v1/Pod") with lists of "namespace/name" (cluster-scoped: "name"), built from
/// the items the backup really captured. A request for a backup that does not exist, or whose storage location is
/// Unavailable, stays New, as Velero leaves it; other target kinds stay New too (not simulated). Expired requests are
/// deleted, as Velero's controller does.
/// </summary>
internal sealed class DownloadRequestReconciler(SimulatorContext sim, BackupSnapshots snapshots)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    public void Step()
    {
        var def = sim.Definition("velero.io/v1", "DownloadRequest");
        var backups = sim.Definition("velero.io/v1", "Backup");
        if (def is null || backups is null) return;
        var now = sim.Store.Time.GetUtcNow();
        sim.Downloads.RemoveExpired(now);
        foreach (var request in sim.Store.List(def, null).Items)
        {
            var ns = JsonHelpers.NamespaceOf(request)!;
            var name = JsonHelpers.NameOf(request)!;
            if (request.AtPath("status.phase").ScalarText() == "Processed")
            {
                if (DateTimeOffset.TryParse(request.AtPath("status.expiration").ScalarText(), out var expires) && expires <= now)
                    sim.Store.Delete(def, ns, name);
                continue;
            }

            if (request.AtPath("spec.target.kind").ScalarText() != "BackupResourceList" || sim.BaseUrl is null) continue;
            var backupName = request.AtPath("spec.target.name").ScalarText() ?? "";
            var backup = sim.Store.Get(backups, ns, backupName);
            if (backup is null || BackupSync.Location(sim, backup)?.AtPath("status.phase").ScalarText() == "Unavailable") continue;
            if (snapshots.Find(ns, backupName) is not { } items) continue; // not written to the bucket (yet, or failed)
            var token = sim.Downloads.Add(ResourceList(items), now + Lifetime);
            sim.Store.Mutate(def, ns, name, o =>
            {
                var s = BackupReconciler.Status(o);
                s["phase"] = "Processed";
                s["downloadURL"] = new Uri(sim.BaseUrl, DownloadFiles.PathPrefix + token).ToString();
                s["expiration"] = JsonHelpers.Timestamp(now + Lifetime);
                return true;
            });
        }
    }

    /// <summary>The resource list as Velero's backup writes it (<c>&lt;backup&gt;-resource-list.json.gz</c>).</summary>
    internal static byte[] ResourceList(IReadOnlyList<BackupItem> items)
    {
        var byKind = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var obj = JsonNode.Parse(item.Json) as JsonObject;
            var key = $"{obj?.StringProperty("apiVersion")}/{obj?.StringProperty("kind")}";
            var objName = obj is null ? null : JsonHelpers.NameOf(obj);
            if (objName is null) continue;
            if (!byKind.TryGetValue(key, out var names)) byKind[key] = names = new SortedSet<string>(StringComparer.Ordinal);
            names.Add(item.Namespace is null ? objName : $"{item.Namespace}/{objName}");
        }

        var json = new JsonObject();
        foreach (var (key, names) in byKind) json[key] = new JsonArray([.. names.Select(n => (JsonNode)n)]);
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(System.Text.Encoding.UTF8.GetBytes(json.ToJsonString()));
        }

        return buffer.ToArray();
    }
}
