using System.Text.Json;
using System.Text.Json.Nodes;
using Portal.Domain.Databases;
using Portal.Moves.Objects;

namespace Portal.Moves.Classification;

/// <summary>How a Job reaches one database of an application to dump or restore it: the Service (host and port), the
/// Secret holding the credentials (the user as one of its keys, or given literally), the client image, and the one
/// database to dump (a CloudNativePG cluster's application database; null: the whole server).</summary>
public sealed record DatabaseAccess(
    DatabaseEngine Engine, string Host, int Port, string SecretName, string? UsernameKey, string? Username, string PasswordKey, string Image,
    string? Database);

/// <summary>What <see cref="DatabaseAccessReader.Read"/> found: the access, or why there is none, in words.</summary>
public sealed record DatabaseAccessResult(DatabaseAccess? Access, string? Problem);

/// <summary>
/// Reads how to reach a database (<see cref="DatabaseDetection"/> found it) from its object and the application's
/// Services: a CloudNativePG Cluster through its <c>-rw</c> Service and <c>-app</c> Secret; a Deployment or StatefulSet
/// through the container's <c>valueFrom.secretKeyRef</c> password (a literal one is not reused) and the Service that
/// selects its pods (a StatefulSet's governing Service first).
/// </summary>
public static class DatabaseAccessReader
{
    public const string DefaultCloudNativePgImage = "ghcr.io/cloudnative-pg/postgresql:16";

    /// <summary>The exported object of that kind and name, or null.</summary>
    public static JsonObject? Find(IEnumerable<JsonObject> exported, string kind, string name) =>
        exported.FirstOrDefault(o => o.StringProperty("kind") == kind && o.Metadata().StringProperty("name") == name);

    /// <param name="database">The database's object (as exported, or as it is on the source now).</param>
    /// <param name="engine">What the classifier detected (a CloudNativePG Cluster is PostgreSQL whatever is given).</param>
    /// <param name="exported">The application's objects, where its Services are.</param>
    /// <param name="sourceNamespace">For the words when no Service is found.</param>
    public static DatabaseAccessResult Read(JsonObject database, DatabaseEngine engine, IReadOnlyList<JsonObject> exported, string sourceNamespace)
    {
        var kind = database.StringProperty("kind") ?? "";
        var name = database.Metadata().StringProperty("name") ?? "";
        var what = $"{kind} {name}";
        if (kind == "Cluster")
        {
            var image = database.Obj("spec").StringProperty("imageName") ?? DefaultCloudNativePgImage;
            var db = database.Obj("spec").Obj("bootstrap").Obj("initdb").StringProperty("database") ?? "app";
            return new(new DatabaseAccess(DatabaseEngine.PostgreSql, $"{name}-rw", 5432, $"{name}-app", "username", null, "password", image, db), null);
        }

        if (engine is not (DatabaseEngine.MySql or DatabaseEngine.MariaDb)) engine = DatabaseEngine.PostgreSql;
        var container = database.Obj("spec").Obj("template").Obj("spec").Arr("containers").Objects()
            .FirstOrDefault(c => DatabaseDetection.EngineOf(c.StringProperty("image")) is DatabaseEngine.PostgreSql or DatabaseEngine.MySql or DatabaseEngine.MariaDb);
        if (container is null) return new(null, $"{what} has no database container any more.");

        var env = container.Arr("env").Objects().ToList();
        string? Ref(string variable, string part) => env.LastOrDefault(e => e.StringProperty("name") == variable).Obj("valueFrom").Obj("secretKeyRef").StringProperty(part);
        string? Value(string variable) => env.LastOrDefault(e => e.StringProperty("name") == variable).StringProperty("value");
        (string Secret, string? UserKey, string? User, string PasswordKey)? credentials = null;
        if (engine == DatabaseEngine.PostgreSql)
        {
            if (Ref("POSTGRES_PASSWORD", "name") is { } secret && Ref("POSTGRES_PASSWORD", "key") is { } key)
            {
                var userKey = Ref("POSTGRES_USER", "name") == secret ? Ref("POSTGRES_USER", "key") : null;
                credentials = (secret, userKey, userKey is null ? Value("POSTGRES_USER") ?? "postgres" : null, key);
            }
        }
        else
        {
            string[] rootVars = engine == DatabaseEngine.MariaDb ? ["MARIADB_ROOT_PASSWORD", "MYSQL_ROOT_PASSWORD"] : ["MYSQL_ROOT_PASSWORD"];
            foreach (var v in rootVars)
            {
                if (Ref(v, "name") is { } secret && Ref(v, "key") is { } key)
                {
                    credentials = (secret, null, "root", key);
                    break;
                }
            }
        }
        if (credentials is not { } c)
            return new(null, $"{what} does not take its {(engine == DatabaseEngine.PostgreSql ? "POSTGRES_PASSWORD" : "root password")} from a Secret " +
                "(valueFrom.secretKeyRef), so the portal has no credentials to dump and restore it with.");

        var defaultPort = engine == DatabaseEngine.PostgreSql ? 5432 : 3306;
        if (Service(database, exported, defaultPort) is not var (host, port))
            return new(null, $"No Service in {sourceNamespace} selects the pods of {what}: a dump Job cannot reach it.");
        return new(new DatabaseAccess(engine, host, port, c.Secret, c.UserKey, c.User, c.PasswordKey, container.StringProperty("image")!, null), null);
    }

    /// <summary>The Service that reaches the workload's pods: a StatefulSet's governing Service, else one whose selector
    /// matches the pod labels; the port of the database.</summary>
    private static (string Host, int Port)? Service(JsonObject workload, IReadOnlyList<JsonObject> exported, int defaultPort)
    {
        var services = exported.Where(o => o.StringProperty("kind") == "Service").ToList();
        var podLabels = workload.Obj("spec").Obj("template").Obj("metadata").Obj("labels") ?? [];
        var governing = workload.Obj("spec").StringProperty("serviceName") is { } sn ? services.FirstOrDefault(s => s.Metadata().StringProperty("name") == sn) : null;
        var svc = governing ?? services.FirstOrDefault(s => s.Obj("spec").Obj("selector") is { Count: > 0 } sel
            && sel.All(p => podLabels[p.Key]?.ToString() == p.Value?.ToString()));
        if (svc is null) return null;
        var ports = svc.Obj("spec").Arr("ports").Objects().ToList();
        var port = ports.FirstOrDefault(p => Int(p, "port") == defaultPort || Int(p, "targetPort") == defaultPort) is { } match ? Int(match, "port") : null;
        return (svc.Metadata().StringProperty("name") ?? "", port ?? (ports.FirstOrDefault() is { } first ? Int(first, "port") : null) ?? defaultPort);
    }

    private static int? Int(JsonObject o, string key) =>
        o[key] is JsonValue v && v.GetValueKind() == JsonValueKind.Number && int.TryParse(v.ToJsonString(), out var i) ? i : null;
}
