using System.Text.Json;
using Portal.Domain.Databases;

namespace Portal.Kubernetes.Databases;

/// <summary>Where a database container's credentials are, as a Secret reference, and which databases it creates. When
/// the user is not a key of that Secret, <see cref="Username"/> is the user itself: the literal value of the image's
/// user variable, or the image's default user (<see cref="UsernameIsImageDefault"/>).</summary>
public sealed record DatabaseCredentials(string? SecretName, string? UsernameKey, string? PasswordKey, IReadOnlyList<string> DatabaseNames,
    string? Username = null, bool UsernameIsImageDefault = false);

/// <summary>Reads the environment variables that the official and Bitnami postgres, mysql and mariadb images take.
/// Only variables whose value comes from a Secret (<c>valueFrom.secretKeyRef</c>) give credentials: a literal
/// password in a manifest is not something the portal should propose to reuse.</summary>
public static class DatabaseEnvReader
{
    /// <summary>A password variable, and the user variable that goes with it (null: the image's superuser/root).</summary>
    private sealed record PasswordVar(string Password, string? User);

    // In order of preference. For MySQL/MariaDB root comes first: a dump of routines and all databases needs it.
    private static readonly Dictionary<DatabaseEngine, PasswordVar[]> Passwords = new()
    {
        [DatabaseEngine.PostgreSql] =
        [
            new("POSTGRES_PASSWORD", "POSTGRES_USER"),
            new("POSTGRESQL_POSTGRES_PASSWORD", null),
            new("POSTGRESQL_PASSWORD", "POSTGRESQL_USERNAME"),
        ],
        [DatabaseEngine.MySql] =
        [
            new("MYSQL_ROOT_PASSWORD", null),
            new("MYSQL_PASSWORD", "MYSQL_USER"),
        ],
        [DatabaseEngine.MariaDb] =
        [
            new("MARIADB_ROOT_PASSWORD", null),
            new("MYSQL_ROOT_PASSWORD", null),
            new("MARIADB_PASSWORD", "MARIADB_USER"),
            new("MYSQL_PASSWORD", "MYSQL_USER"),
        ],
    };

    private static readonly Dictionary<DatabaseEngine, string[]> DatabaseVars = new()
    {
        [DatabaseEngine.PostgreSql] = ["POSTGRES_DB", "POSTGRESQL_DATABASE"],
        [DatabaseEngine.MySql] = ["MYSQL_DATABASE"],
        [DatabaseEngine.MariaDb] = ["MARIADB_DATABASE", "MYSQL_DATABASE"],
    };

    /// <summary>Reads one container (<c>{name, image, env: [...]}</c>).</summary>
    public static DatabaseCredentials Read(JsonElement container, DatabaseEngine engine)
    {
        var env = Env(container);
        string? secret = null, userKey = null, passwordKey = null, user = null;
        var userIsDefault = false;
        foreach (var candidate in Passwords[engine])
        {
            if (env.GetValueOrDefault(candidate.Password) is not { SecretName: { } s, SecretKey: { } k })
            {
                continue;
            }

            secret = s;
            passwordKey = k;
            // A user name only counts when it comes from the same Secret: the port holds one Secret per database.
            if (candidate.User is { } userVar && env.GetValueOrDefault(userVar) is { SecretName: { } us, SecretKey: { } uk } && us == s)
            {
                userKey = uk;
            }
            else if (candidate.User is { } literalVar && env.GetValueOrDefault(literalVar) is { Value: { Length: > 0 } literal, SecretName: null })
            {
                user = literal; // e.g. POSTGRES_USER: app, written in the manifest
            }
            else if (candidate.User is null || env.GetValueOrDefault(candidate.User) is null)
            {
                user = engine == DatabaseEngine.PostgreSql ? "postgres" : "root"; // the image's own superuser
                userIsDefault = true;
            }

            break;
        }

        return new DatabaseCredentials(secret, userKey, passwordKey, DatabaseNames(env, engine), user, userIsDefault);
    }

    private static IReadOnlyList<string> DatabaseNames(Dictionary<string, EnvVar> env, DatabaseEngine engine)
    {
        foreach (var name in DatabaseVars[engine])
        {
            if (env.GetValueOrDefault(name)?.Value is { Length: > 0 } db)
            {
                return [db];
            }
        }

        if (engine != DatabaseEngine.PostgreSql)
        {
            return []; // the MySQL/MariaDB images create no database unless told to
        }

        // The postgres image names its database after POSTGRES_USER when POSTGRES_DB is not set.
        return env.GetValueOrDefault("POSTGRES_USER")?.Value is { Length: > 0 } user ? [user] : ["postgres"];
    }

    private sealed record EnvVar(string? Value, string? SecretName, string? SecretKey);

    private static Dictionary<string, EnvVar> Env(JsonElement container)
    {
        var result = new Dictionary<string, EnvVar>(StringComparer.Ordinal);
        if (VeleroStatusParser.Child(container, "env") is not { ValueKind: JsonValueKind.Array } env)
        {
            return result;
        }

        foreach (var item in env.EnumerateArray())
        {
            if (VeleroStatusParser.String(item, "name") is not { } name)
            {
                continue;
            }

            var secretRef = VeleroStatusParser.Child(VeleroStatusParser.Child(item, "valueFrom"), "secretKeyRef");
            // Later entries win, as in Kubernetes.
            result[name] = new EnvVar(VeleroStatusParser.String(item, "value"),
                VeleroStatusParser.String(secretRef, "name"), VeleroStatusParser.String(secretRef, "key"));
        }

        return result;
    }
}
