using System.Text;
using System.Text.Json.Nodes;
using Portal.ClusterSimulator.Json;
using Portal.ClusterSimulator.Resources;

namespace Portal.ClusterSimulator.Handlers;

/// <summary>
/// The few defaulting rules of built-in types that clients observe: Secret <c>stringData</c> folds into base64
/// <c>data</c>, a ClusterIP Service gets an address. Everything else about built-ins is stored as given.
/// </summary>
internal static class BuiltInDefaults
{
    public static void Apply(ResourceDefinition def, JsonObject obj)
    {
        if (def.Group.Length != 0) return;
        switch (def.Kind)
        {
            case "Secret":
                FoldStringData(obj);
                break;
            case "Service":
                AssignClusterIp(obj);
                break;
        }
    }

    private static void FoldStringData(JsonObject secret)
    {
        if (secret["stringData"] is not JsonObject stringData) return;
        if (secret["data"] is not JsonObject data)
        {
            data = new JsonObject();
            secret["data"] = data;
        }
        foreach (var (key, value) in stringData)
        {
            data[key] = Convert.ToBase64String(Encoding.UTF8.GetBytes(value.ScalarText() ?? ""));
        }
        secret.Remove("stringData");
        secret["type"] ??= "Opaque";
    }

    private static void AssignClusterIp(JsonObject service)
    {
        if (service["spec"] is not JsonObject spec) return;
        var type = spec.StringProperty("type") ?? "ClusterIP";
        spec["type"] = type;
        if (type == "ExternalName" || spec["clusterIP"] is not null) return;
        var ip = $"10.96.{Random.Shared.Next(1, 255)}.{Random.Shared.Next(1, 255)}";
        spec["clusterIP"] = ip;
        spec["clusterIPs"] = new JsonArray(ip);
    }
}
