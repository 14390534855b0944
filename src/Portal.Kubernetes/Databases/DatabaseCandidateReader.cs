using System.Text.Json;
using Portal.Application.Abstractions.Clusters;
using Portal.Domain.Databases;
using static Portal.Kubernetes.VeleroStatusParser;

namespace Portal.Kubernetes.Databases;

/// <summary>Turns CloudNativePG Clusters and StatefulSets/Deployments (as the API server returns them) into database
/// candidates. Pure functions, so every rule is tested without a cluster.</summary>
public static class DatabaseCandidateReader
{
    public const int PostgreSqlPort = 5432;
    public const int MySqlPort = 3306;

    /// <summary>A CloudNativePG <c>Cluster</c>: the operator makes the <c>-rw</c> Service (the primary) and the
    /// <c>-app</c> Secret (keys <c>username</c>, <c>password</c>) of the application database.</summary>
    public static DatabaseCandidate FromCloudNativePgCluster(JsonElement cluster)
    {
        var name = Name(cluster) ?? "";
        var spec = Child(cluster, "spec");
        var bootstrap = Child(spec, "bootstrap");
        var initdb = Child(bootstrap, "initdb");
        // The database and owner Secret come from whichever bootstrap method made the cluster; CNPG defaults to "app".
        var database = String(initdb, "database")
            ?? String(Child(bootstrap, "recovery"), "database")
            ?? String(Child(bootstrap, "pg_basebackup"), "database")
            ?? "app";
        var secret = String(Child(initdb, "secret"), "name") ?? $"{name}-app";
        var image = String(spec, "imageName") ?? String(Child(cluster, "status"), "image");
        return new DatabaseCandidate(
            Namespace: Namespace(cluster) ?? "",
            SourceObject: $"cluster/{name}",
            Source: DatabaseSource.CloudNativePgCluster,
            Engine: DatabaseEngine.PostgreSql,
            ServerMajorVersion: image is null ? null : DatabaseImage.MajorVersionOfTag(DatabaseImage.Split(image).Tag),
            ServiceName: $"{name}-rw",
            Port: PostgreSqlPort,
            SecretName: secret,
            UsernameKey: "username",
            PasswordKey: "password",
            DatabaseNames: [database]);
    }

    /// <summary>A StatefulSet or Deployment whose first database container runs postgres, mysql or mariadb; null when
    /// none does, or when CloudNativePG owns the workload (its Cluster is proposed instead).</summary>
    public static DatabaseCandidate? FromWorkload(JsonElement workload, string kind, IReadOnlyList<JsonElement> services)
    {
        if (OwnedByCloudNativePg(workload))
        {
            return null;
        }

        var template = Child(Child(workload, "spec"), "template");
        if (Child(Child(template, "spec"), "containers") is not { ValueKind: JsonValueKind.Array } containers)
        {
            return null;
        }

        foreach (var container in containers.EnumerateArray())
        {
            if (DatabaseImage.Parse(String(container, "image")) is not { } image)
            {
                continue;
            }

            var credentials = DatabaseEnvReader.Read(container, image.Engine);
            var (service, port) = MatchService(Labels(Child(template, "metadata")), services, DefaultPort(image.Engine));
            return new DatabaseCandidate(
                Namespace: Namespace(workload) ?? "",
                SourceObject: $"{kind.ToLowerInvariant()}/{Name(workload)}",
                Source: DatabaseSource.Workload,
                Engine: image.Engine,
                ServerMajorVersion: image.MajorVersion,
                ServiceName: service,
                Port: port,
                SecretName: credentials.SecretName,
                UsernameKey: credentials.UsernameKey,
                PasswordKey: credentials.PasswordKey,
                DatabaseNames: credentials.DatabaseNames,
                Username: credentials.Username,
                UsernameIsImageDefault: credentials.UsernameIsImageDefault);
        }

        return null;
    }

    public static int DefaultPort(DatabaseEngine engine) => engine == DatabaseEngine.PostgreSql ? PostgreSqlPort : MySqlPort;

    /// <summary>The Service whose selector picks the pods (all its pairs among the template's labels). Several may:
    /// one exposing the engine's usual port wins, then a ClusterIP one over a headless one, then by name.</summary>
    internal static (string? Name, int? Port) MatchService(IReadOnlyDictionary<string, string> podLabels,
        IReadOnlyList<JsonElement> services, int defaultPort)
    {
        var matches = services
            .Select(s => (Service: s, Selector: Labels(Child(s, "spec"), "selector"), Ports: Ports(s)))
            .Where(s => s.Selector.Count > 0 && s.Selector.All(p => podLabels.TryGetValue(p.Key, out var v) && v == p.Value))
            .OrderByDescending(s => s.Ports.Contains(defaultPort))
            .ThenBy(s => String(Child(s.Service, "spec"), "clusterIP") == "None")
            .ThenBy(s => Name(s.Service), StringComparer.Ordinal)
            .ToList();
        if (matches.Count == 0)
        {
            return (null, defaultPort);
        }

        var best = matches[0];
        return (Name(best.Service), best.Ports.Contains(defaultPort) ? defaultPort : best.Ports.FirstOrDefault(defaultPort));
    }

    private static List<int> Ports(JsonElement service) =>
        Child(Child(service, "spec"), "ports") is { ValueKind: JsonValueKind.Array } ports
            ? ports.EnumerateArray().Select(p => Int(p, "port")).OfType<int>().ToList()
            : [];

    /// <summary>A string map under <paramref name="parent"/> (<c>metadata.labels</c> by default, or <c>spec.selector</c>).</summary>
    private static IReadOnlyDictionary<string, string> Labels(JsonElement? parent, string name = "labels")
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Child(parent, name) is { ValueKind: JsonValueKind.Object } map)
        {
            foreach (var p in map.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String))
            {
                result[p.Name] = p.Value.GetString()!;
            }
        }

        return result;
    }

    private static bool OwnedByCloudNativePg(JsonElement workload) =>
        Child(Child(workload, "metadata"), "ownerReferences") is { ValueKind: JsonValueKind.Array } owners
        && owners.EnumerateArray().Any(o => String(o, "apiVersion")?.StartsWith(VeleroApi.CloudNativePgGroup + "/", StringComparison.Ordinal) == true);
}
