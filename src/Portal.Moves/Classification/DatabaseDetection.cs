using Portal.Domain.Common;
using Portal.Domain.Moves;
using System.Text.Json.Nodes;
using Portal.Domain.Databases;
using Portal.Moves.Objects;

namespace Portal.Moves.Classification;

/// <summary>
/// Finds databases: CloudNativePG <c>Cluster</c>s (postgresql.cnpg.io), and Deployments/StatefulSets whose main
/// containers run a known database image. Only <c>containers</c> count: an init container running
/// <c>postgres</c> to wait with <c>pg_isready</c> does not make an application a database, and exporters
/// (<c>postgres-exporter</c>, <c>redis_exporter</c>) are not databases.
/// </summary>
internal static class DatabaseDetection
{
    /// <summary>The last path segment of the image repository → engine.</summary>
    private static readonly Dictionary<string, DatabaseEngine> Images = new(StringComparer.Ordinal)
    {
        ["postgres"] = DatabaseEngine.PostgreSql, ["postgresql"] = DatabaseEngine.PostgreSql, ["postgis"] = DatabaseEngine.PostgreSql,
        ["mysql"] = DatabaseEngine.MySql, ["mysql-server"] = DatabaseEngine.MySql,
        ["mariadb"] = DatabaseEngine.MariaDb,
        ["mongo"] = DatabaseEngine.MongoDb, ["mongodb"] = DatabaseEngine.MongoDb,
        ["redis"] = DatabaseEngine.Redis, ["redis-stack-server"] = DatabaseEngine.Redis,
    };

    public static IReadOnlyList<DetectedDatabase> Find(IEnumerable<JsonObject> objects)
    {
        var found = new List<DetectedDatabase>();
        foreach (var obj in objects)
        {
            var key = ObjectKey.Of(obj);
            if (key is { Group: ClusterApis.CloudNativePgGroup, Kind: "Cluster" })
            {
                found.Add(new DetectedDatabase(DatabaseEngine.PostgreSql, key, $"CloudNativePG Cluster \"{key.Name}\"", HasPersistentStorage: true));
                continue;
            }
            if (key.Group is not ("apps" or "extensions") || key.Kind is not ("Deployment" or "StatefulSet")) continue;
            foreach (var spec in PodSpecs.Of(obj))
            {
                var match = spec.Arr("containers").Objects()
                    .Select(c => (Container: c, Engine: EngineOf(c.StringProperty("image"))))
                    .FirstOrDefault(m => m.Engine is not null);
                if (match.Engine is not { } engine) continue;
                var evidence = $"image {match.Container.StringProperty("image")} in container \"{match.Container.StringProperty("name")}\" of {key.Kind} \"{key.Name}\"";
                found.Add(new DetectedDatabase(engine, key, evidence, HasPersistentStorage(obj, spec)));
            }
        }
        return found;
    }

    /// <summary>The engine of an image such as <c>docker.io/bitnami/postgresql:16.4.0@sha256:…</c>, or null.</summary>
    public static DatabaseEngine? EngineOf(string? image)
    {
        if (string.IsNullOrEmpty(image)) return null;
        var name = image.Split('@')[0];
        var lastSlash = name.LastIndexOf('/');
        var colon = name.LastIndexOf(':');
        if (colon > lastSlash) name = name[..colon];
        return Images.TryGetValue(name[(lastSlash + 1)..], out var engine) ? engine : null;
    }

    private static bool HasPersistentStorage(JsonObject workload, JsonObject podSpec) =>
        PodSpecs.ClaimTemplates(workload).Any() || podSpec.Arr("volumes").Objects().Any(v => v.Obj("persistentVolumeClaim") is not null);
}
