using System.Text.Json.Nodes;
using Portal.Domain.Common;

namespace Portal.Kubernetes.Drills;

/// <summary>The objects a restore drill writes around the restore itself: its scratch namespace and its isolation policy.</summary>
public static class DrillObjects
{
    /// <summary>The NetworkPolicy that isolates a scratch namespace.</summary>
    public const string IsolationPolicyName = "portal-drill-isolation";

    public static KeyValuePair<string, string> OwnerLabel(Guid drillId) => new(PortalLabels.DrillId, drillId.ToString("N"));

    public static JsonObject Namespace(string name, Guid drillId, IReadOnlyDictionary<string, string> labels) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Namespace",
        ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = Labels(drillId, labels) },
    };

    /// <summary>Every pod of the namespace: ingress only from pods of the namespace itself (a check reaching its Service),
    /// egress only to them and to the cluster DNS (kube-dns in kube-system, UDP and TCP 53). Nothing from or to the rest of
    /// the cluster or the outside world: restored workloads cannot talk to the live ones, their databases or their peers.</summary>
    public static JsonObject IsolationPolicy(string @namespace, Guid drillId, IReadOnlyDictionary<string, string> labels) => new()
    {
        ["apiVersion"] = "networking.k8s.io/v1",
        ["kind"] = "NetworkPolicy",
        ["metadata"] = new JsonObject { ["name"] = IsolationPolicyName, ["namespace"] = @namespace, ["labels"] = Labels(drillId, labels) },
        ["spec"] = new JsonObject
        {
            ["podSelector"] = new JsonObject(),
            ["policyTypes"] = new JsonArray("Ingress", "Egress"),
            ["ingress"] = new JsonArray(new JsonObject { ["from"] = new JsonArray(new JsonObject { ["podSelector"] = new JsonObject() }) }),
            ["egress"] = new JsonArray(
                new JsonObject { ["to"] = new JsonArray(new JsonObject { ["podSelector"] = new JsonObject() }) },
                new JsonObject
                {
                    ["to"] = new JsonArray(new JsonObject
                    {
                        ["namespaceSelector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["kubernetes.io/metadata.name"] = "kube-system" } },
                        ["podSelector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["k8s-app"] = "kube-dns" } },
                    }),
                    ["ports"] = new JsonArray(
                        new JsonObject { ["protocol"] = "UDP", ["port"] = 53 },
                        new JsonObject { ["protocol"] = "TCP", ["port"] = 53 }),
                }),
        },
    };

    /// <summary>Whether a policy read back from the cluster isolates as <see cref="IsolationPolicy"/> wrote it.</summary>
    public static bool IsIsolating(JsonObject? policy, Guid drillId)
    {
        if (policy is null) return false;
        if (JsonText.Text(policy["metadata"]?["labels"]?[PortalLabels.DrillId]) != drillId.ToString("N")) return false;
        var types = (policy["spec"]?["policyTypes"] as JsonArray)?.Select(t => JsonText.Text(t)).ToHashSet() ?? [];
        return types.Contains("Ingress") && types.Contains("Egress") && policy["spec"]?["podSelector"] is JsonObject { Count: 0 };
    }

    private static JsonObject Labels(Guid drillId, IReadOnlyDictionary<string, string> labels)
    {
        var o = new JsonObject();
        foreach (var (key, value) in labels.OrderBy(l => l.Key, StringComparer.Ordinal)) o[key] = value;
        o[PortalLabels.ManagedBy] = PortalLabels.ManagedByValue;
        o[PortalLabels.DrillId] = drillId.ToString("N");
        return o;
    }
}
