using Portal.Domain.Common;
using Portal.Domain.Moves;
using System.Text.Json.Nodes;
using Portal.Moves.Objects;

namespace Portal.Moves.Transform;

/// <summary>
/// What the transform leaves out, and why: what the target cluster creates by itself (events, endpoints, the
/// default ServiceAccount and its tokens, the root CA ConfigMap), what a controller recreates from its owner,
/// and state that only means something on the source (leases, metrics, snapshots of its storage).
/// PersistentVolumeClaims are always kept: the playbook moves their data.
/// </summary>
internal static class LeaveOutRules
{
    private static readonly HashSet<string> ControllerManagedSliceOwners = new(StringComparer.Ordinal)
    {
        "endpointslice-controller.k8s.io", "endpointslicemirroring-controller.k8s.io",
    };

    /// <summary>Why <paramref name="obj"/> is left out, or null when it is migrated.</summary>
    public static string? Reason(JsonObject obj, ExportIndex index)
    {
        var key = ObjectKey.Of(obj);
        if (key.ApiVersion.Length == 0 || key.Kind.Length == 0 || key.Name.Length == 0)
            return "It has no apiVersion, kind or name, so it is not an object as the API server returns it.";
        if (key.Namespace is null && key is not { Group: "", Kind: "Namespace" })
            return "It is cluster-scoped: a namespace migration does not move it. Ask a platform engineer to create it on the target if the application needs it.";
        return (key.Group, key.Kind) switch
        {
            ("" or "events.k8s.io", "Event") => "Events record what happened on the source cluster; the target records its own.",
            ("", "Endpoints") => EndpointsReason(key, index),
            ("discovery.k8s.io", "EndpointSlice") => EndpointSliceReason(obj),
            _ => Owned(obj, key, index) ?? ByKind(obj, key, index),
        };
    }

    private static string? EndpointsReason(ObjectKey key, ExportIndex index) => index.ServiceHasSelector(key.Namespace, key.Name) switch
    {
        true => $"The endpoints controller maintains it for the Service \"{key.Name}\"; the target builds its own from the Service's selector.",
        null => "It belongs to no Service in the export (for example an old leader-election record); the target does not need it.",
        false => null, // a Service without a selector: these addresses are maintained by hand and must come along
    };

    private static string? EndpointSliceReason(JsonObject obj) =>
        obj.Label("endpointslice.kubernetes.io/managed-by") is { } manager
            ? ControllerManagedSliceOwners.Contains(manager)
                ? "The EndpointSlice controller maintains it; the target builds its own from the Services."
                : $"The controller \"{manager}\" maintains it; that controller recreates it on the target."
            : obj.Metadata().Arr("ownerReferences") is { Count: > 0 }
                ? "The EndpointSlice controller maintains it; the target builds its own from the Services."
                : null;

    private static string? Owned(JsonObject obj, ObjectKey key, ExportIndex index)
    {
        var owners = obj.Metadata().Arr("ownerReferences").Objects().ToList();
        if (owners.Count == 0 || key is { Group: "", Kind: "PersistentVolumeClaim" }) return null;
        var owner = owners.FirstOrDefault(o => o.Bool("controller")) ?? owners[0];
        var ownerKind = owner.StringProperty("kind") ?? "object";
        var ownerName = owner.StringProperty("name") ?? "";
        return index.Contains(key.Namespace, ownerKind, ownerName)
            ? $"It is owned by {ownerKind} \"{ownerName}\", which recreates it on the target."
            : $"It is owned by {ownerKind} \"{ownerName}\", which is not in the export; whatever creates that owner on the target recreates this object too.";
    }

    private static string? ByKind(JsonObject obj, ObjectKey key, ExportIndex index) => (key.Group, key.Kind) switch
    {
        ("", "ServiceAccount") when key.Name == "default" => DefaultServiceAccount(obj),
        ("", "Secret") when ExportIndex.IsTokenSecret(obj) =>
            "It is a ServiceAccount token of the source cluster; the target issues its own tokens.",
        ("", "ConfigMap") when key.Name is "kube-root-ca.crt" or "openshift-service-ca.crt" =>
            "It holds the cluster's CA certificate, which the target publishes in every namespace itself.",
        ("coordination.k8s.io", "Lease") => "It is leader-election state of the source's controllers; the target's replicas elect their own leader.",
        ("metrics.k8s.io", _) => "It holds live usage figures of the source, not configuration.",
        ("storage.k8s.io", "CSIStorageCapacity") => "The source's CSI driver publishes it about its own storage; the target's driver publishes its own.",
        (ClusterApis.CsiSnapshotGroup, "VolumeSnapshot") =>
            "It points at a snapshot on the source's storage; the playbook moves the data of the volumes instead.",
        ("operators.coreos.com", _) => "The Operator Lifecycle Manager creates it; install the operator on the target through OLM instead.",
        ("extensions", _) when index.ContainsOutsideExtensions(key.Namespace, key.Kind, key.Name) =>
            $"The same {key.Kind} is also exported from its newer API group; that copy is migrated.",
        _ => null,
    };

    private static string DefaultServiceAccount(JsonObject obj)
    {
        var pullSecrets = obj.Arr("imagePullSecrets").Objects().Select(s => s.StringProperty("name")).OfType<string>().ToList();
        var reason = "The target creates its own \"default\" ServiceAccount in every namespace.";
        return pullSecrets.Count == 0
            ? reason
            : reason + $" On the source it lists the image pull secrets {string.Join(", ", pullSecrets.Select(n => $"\"{n}\""))}: add them to the target's default ServiceAccount.";
    }
}
