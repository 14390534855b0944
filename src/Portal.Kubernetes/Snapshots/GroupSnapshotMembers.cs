using System.Text.Json.Nodes;
using Portal.Application.Abstractions.Clusters;
using Portal.Domain.Common;
using Portal.Kubernetes.Moves;
using static Portal.Kubernetes.JsonText;

namespace Portal.Kubernetes.Snapshots;

/// <summary>
/// The members of a group snapshot name no claim (the snapshot controller makes them from the group's content, by snapshot
/// handle) and carry no labels. Their claim is found the way upstream documents it: the member content's snapshot handle ->
/// the group content's <c>volumeSnapshotInfoList</c> -> the volume handle -> the PersistentVolume's claimRef in the member's
/// namespace; and they carry their group's labels, so a member of the portal's group is the portal's. Used by the snapshot
/// list and by the protection follower, so a group snapshot counts for every claim it holds. Reads only when there are
/// members to resolve.
/// </summary>
internal sealed class GroupSnapshotMembers(KubernetesMigrationGateway objects)
{
    /// <param name="namespace">The namespace of every snapshot given; null when they come from every namespace.</param>
    public async Task<IReadOnlyList<VolumeSnapshotInfo>> ResolveAsync(ClusterConnection cluster, string? @namespace,
        IReadOnlyList<(VolumeSnapshotInfo Info, JsonObject? Content)> read, CancellationToken ct)
    {
        if (!read.Any(IsUnresolvedMember)) return read.Select(r => r.Info).ToList();
        var groups = new Dictionary<(string, string), JsonObject>();
        foreach (var g in await objects.ListAsync(cluster, ClusterApis.CsiGroupSnapshot, "VolumeGroupSnapshot", @namespace, null, ct).ConfigureAwait(false))
        {
            if (Text(g["metadata"]?["namespace"]) is { } ns && Text(g["metadata"]?["name"]) is { } name) groups[(ns, name)] = g;
        }

        var claimOfHandle = new Dictionary<string, (string Namespace, string Claim)>(StringComparer.Ordinal);
        foreach (var pv in await objects.ListAsync(cluster, "v1", "PersistentVolume", null, null, ct).ConfigureAwait(false))
        {
            if (Text(pv["spec"]?["csi"]?["volumeHandle"]) is { } handle && Text(pv["spec"]?["claimRef"]?["namespace"]) is { } ns
                && Text(pv["spec"]?["claimRef"]?["name"]) is { } claim) claimOfHandle[handle] = (ns, claim);
        }

        var groupContents = new Dictionary<string, JsonObject?>(StringComparer.Ordinal);
        var result = new List<VolumeSnapshotInfo>(read.Count);
        foreach (var (info, content) in read)
        {
            if (!IsUnresolvedMember((info, content)) || !groups.TryGetValue((info.Namespace, info.GroupName!), out var group))
            {
                result.Add(info);
                continue;
            }

            string? claimName = null;
            var snapshotHandle = Text(content?["spec"]?["source"]?["snapshotHandle"]) ?? Text(content?["status"]?["snapshotHandle"]);
            if (Text(group["status"]?["boundVolumeGroupSnapshotContentName"]) is { } groupContentName && snapshotHandle is not null)
            {
                if (!groupContents.TryGetValue(groupContentName, out var groupContent))
                    groupContents[groupContentName] = groupContent = await objects.GetAsync(cluster, ClusterApis.CsiGroupSnapshot,
                        "VolumeGroupSnapshotContent", null, groupContentName, ct).ConfigureAwait(false);
                var volumeHandle = (groupContent?["status"]?["volumeSnapshotInfoList"] as JsonArray ?? []).OfType<JsonObject>()
                    .Where(i => Text(i["snapshotHandle"]) == snapshotHandle).Select(i => Text(i["volumeHandle"])).FirstOrDefault();
                if (volumeHandle is not null && claimOfHandle.TryGetValue(volumeHandle, out var owner) && owner.Namespace == info.Namespace)
                    claimName = owner.Claim;
            }

            var labels = new Dictionary<string, string>(SnapshotObjects.LabelsOf(group), StringComparer.Ordinal);
            foreach (var (k, v) in info.Labels) labels[k] = v;
            result.Add(info with { ClaimName = claimName, Labels = labels });
        }

        return result;
    }

    private static bool IsUnresolvedMember((VolumeSnapshotInfo Info, JsonObject? Content) r) => r.Info.ClaimName is null && r.Info.GroupName is not null;
}
