using System.Text.Json.Nodes;
using Portal.Application.Abstractions.Clusters;
using Portal.Domain.Moves;

namespace Portal.Kubernetes.Moves;

/// <summary>Writing an application on the target: its namespace, its manifests (stopped), and what Velero restored for it.</summary>
public sealed partial class KubernetesMigrationGateway
{
    /// <summary>The label Velero puts on every object it restores.</summary>
    public const string RestoreNameLabel = "velero.io/restore-name";

    public Task<ApplyResult> CreateNamespaceAsync(ClusterConnection cluster, string name, IEnumerable<KeyValuePair<string, string>> labels,
        KeyValuePair<string, string> ownerLabel, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var ns = Obj(("apiVersion", "v1"), ("kind", "Namespace"), ("metadata", Obj(("name", name), ("labels", Map([.. labels, ownerLabel])))));
        return ApplyAsync(cluster, ns, ownerLabel, ct);
    }

    public async Task<AppliedObject> ApplyStoppedAsync(ClusterConnection cluster, JsonObject manifest, KeyValuePair<string, string> ownerLabel,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var metadata = manifest["metadata"] as JsonObject ?? (JsonObject)(manifest["metadata"] = new JsonObject());
        var labels = metadata["labels"] as JsonObject ?? (JsonObject)(metadata["labels"] = new JsonObject());
        labels[ownerLabel.Key] = ownerLabel.Value;
        switch (Str(manifest, "kind"))
        {
            case "Deployment" or "StatefulSet" when manifest["spec"] is JsonObject spec:
                spec["replicas"] = 0;
                break;
            case "CronJob" when manifest["spec"] is JsonObject spec:
                spec["suspend"] = true;
                break;
        }

        return new AppliedObject(RefOf(manifest), await ApplyAsync(cluster, manifest, ownerLabel, ct).ConfigureAwait(false));
    }

    public async Task<bool> AdoptRestoredAsync(ClusterConnection cluster, ObjectReference obj, string restoreName, KeyValuePair<string, string> ownerLabel,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var existing = await GetAsync(cluster, obj.ApiVersion, obj.Kind, obj.Namespace, obj.Name, ct).ConfigureAwait(false);
        if (existing is null || LabelOf(existing, RestoreNameLabel) != restoreName)
        {
            return false;
        }

        if (LabelOf(existing, ownerLabel.Key) is null)
        {
            await MergePatchAsync(cluster, obj.ApiVersion, obj.Kind, obj.Namespace, obj.Name,
                Obj(("metadata", Obj(("labels", Map([ownerLabel]))))), ct).ConfigureAwait(false);
        }

        return true;
    }

    public async Task<IReadOnlyList<ObjectReference>> ListRestoredAsync(ClusterConnection cluster, string @namespace, string restoreName,
        CancellationToken ct)
    {
        var export = await ExportNamespaceAsync(cluster, @namespace, ct).ConfigureAwait(false);
        return export.Objects.Where(o => LabelOf(o, RestoreNameLabel) == restoreName).Select(RefOf).ToList();
    }
}
