using Portal.Domain.Moves;
using System.Globalization;
using System.Text.Json.Nodes;
using Portal.Moves.Objects;

namespace Portal.Moves.Transform;

/// <summary>A Service's cluster IPs and node ports are allocated by the source; the target allocates its own.
/// A headless Service keeps <c>clusterIP: None</c>: that is its configuration, not an allocation.</summary>
internal static class Services
{
    public static void Strip(JsonObject service, ObjectKey key, List<string> notes)
    {
        if (service.Obj("spec") is not { } spec) return;
        if (spec.StringProperty("clusterIP") != "None")
        {
            spec.Remove("clusterIP");
            spec.Remove("clusterIPs");
        }
        spec.Remove("healthCheckNodePort");
        var fixedPorts = new List<string>();
        foreach (var port in spec.Arr("ports").Objects())
        {
            if (port["nodePort"] is JsonValue v && spec.StringProperty("type") == "NodePort")
                fixedPorts.Add(v.ToJsonString());
            port.Remove("nodePort");
        }
        if (fixedPorts.Count > 0)
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"{key}: the target assigns new node ports (the source had {string.Join(", ", fixedPorts)}); set them again if clients outside the cluster depend on them."));
    }
}
