using System.Text.Json.Nodes;
using Portal.ClusterSimulator.Json;

namespace Portal.ClusterSimulator.Workloads;

/// <summary>PersistentVolumes as a CSI provisioner creates them.</summary>
internal static class PersistentVolumes
{
    /// <summary>What the CSI provisioner creates for a claim: <c>pvc-&lt;claim uid&gt;</c>, bound to it (also used by the demo seed).</summary>
    public static JsonObject Provisioned(JsonObject claim, string className, string provisioner, string reclaimPolicy, DateTimeOffset now)
    {
        var uid = claim["metadata"].StringProperty("uid") ?? Guid.NewGuid().ToString();
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "PersistentVolume",
            ["metadata"] = new JsonObject
            {
                ["name"] = claim.AtPath("spec.volumeName").ScalarText() ?? "pvc-" + uid,
                ["annotations"] = new JsonObject { ["pv.kubernetes.io/provisioned-by"] = provisioner },
            },
            ["spec"] = new JsonObject
            {
                ["accessModes"] = claim.AtPath("spec.accessModes")?.DeepClone() ?? new JsonArray("ReadWriteOnce"),
                ["capacity"] = new JsonObject { ["storage"] = claim.AtPath("spec.resources.requests.storage")?.DeepClone() ?? "1Gi" },
                ["claimRef"] = ClaimRef(claim),
                ["persistentVolumeReclaimPolicy"] = reclaimPolicy,
                ["storageClassName"] = className,
                ["volumeMode"] = claim.AtPath("spec.volumeMode")?.DeepClone() ?? "Filesystem",
                ["csi"] = new JsonObject
                {
                    ["driver"] = provisioner,
                    ["volumeHandle"] = "vol-" + WorkloadObjects.Hex(uid, 17),
                    ["fsType"] = "ext4",
                },
            },
            ["status"] = new JsonObject { ["phase"] = "Bound", ["lastPhaseTransitionTime"] = JsonHelpers.Timestamp(now) },
        };
    }

    public static JsonObject ClaimRef(JsonObject claim) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "PersistentVolumeClaim",
        ["name"] = JsonHelpers.NameOf(claim),
        ["namespace"] = JsonHelpers.NamespaceOf(claim),
        ["uid"] = claim["metadata"].StringProperty("uid"),
    };
}
