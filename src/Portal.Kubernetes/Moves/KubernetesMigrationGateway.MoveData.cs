using Portal.Domain.Common;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Portal.Application.Abstractions.Clusters;
using static Portal.Kubernetes.JsonText;

namespace Portal.Kubernetes.Moves;

/// <summary>The reads that moving data needs (database dump and restore, rsync claim copy), each named for what it
/// answers, so the executor never walks Kubernetes JSON.</summary>
public sealed partial class KubernetesMigrationGateway
{
    private const string CloudNativePgApiVersion = ClusterApis.CloudNativePg;

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
}
