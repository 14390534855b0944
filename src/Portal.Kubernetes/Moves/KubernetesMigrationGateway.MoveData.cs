using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Portal.Application.Abstractions.Clusters;

namespace Portal.Kubernetes.Moves;

/// <summary>The reads that moving data needs (database dump and restore, rsync claim copy), each named for what it
/// answers, so the executor never walks Kubernetes JSON.</summary>
public sealed partial class KubernetesMigrationGateway
{
    private const string CloudNativePgApiVersion = "postgresql.cnpg.io/v1";

    public async Task<IReadOnlyDictionary<string, string>?> GetOwnSecretValuesAsync(ClusterConnection cluster, string @namespace, string name,
        CancellationToken ct)
    {
        var secret = await GetAsync(cluster, "v1", "Secret", @namespace, name, ct).ConfigureAwait(false);
        if (secret is null)
        {
            return null;
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (secret["data"] is JsonObject data)
        {
            foreach (var (key, value) in data)
            {
                if (Text(value) is { } b64)
                {
                    values[key] = Encoding.UTF8.GetString(Convert.FromBase64String(b64));
                }
            }
        }

        return values;
    }

    public async Task<string?> GetLoadBalancerAddressAsync(ClusterConnection cluster, string @namespace, string service, CancellationToken ct)
    {
        var svc = await GetAsync(cluster, "v1", "Service", @namespace, service, ct).ConfigureAwait(false);
        var ingress = (svc?["status"]?["loadBalancer"]?["ingress"] as JsonArray)?.FirstOrDefault();
        return Text(ingress?["ip"]) ?? Text(ingress?["hostname"]);
    }

    public async Task<ReadyCount?> GetReadyCountAsync(ClusterConnection cluster, string apiVersion, string kind, string @namespace, string name,
        CancellationToken ct)
    {
        var obj = await GetAsync(cluster, apiVersion, kind, @namespace, name, ct).ConfigureAwait(false);
        if (obj is null)
        {
            return null;
        }

        var status = obj["status"];
        var spec = obj["spec"];
        return (apiVersion, kind) switch
        {
            (CloudNativePgApiVersion, "Cluster") => new ReadyCount(Number(status?["readyInstances"]) ?? 0, Number(spec?["instances"]) ?? 1),
            (_, "Deployment") => new ReadyCount(Number(status?["availableReplicas"]) ?? 0, Number(spec?["replicas"]) ?? 1),
            _ => new ReadyCount(Number(status?["readyReplicas"]) ?? 0, Number(spec?["replicas"]) ?? 1),
        };
    }

    private static int? Number(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && int.TryParse(v.ToJsonString(), out var i) ? i : null;
}
